"""Rich renderings shared by the CLI commands (tables and panels, no logic)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from pipeline.lang.zh.tracking import STATUS_LABELS
from pipeline.records import Deadline, NoticeMeta, Obligation, SourceDoc


def deadline_text(deadline: Deadline | None) -> str:
    if deadline is None:
        return ""
    if deadline.kind == "recurring":
        return f"{deadline.freq} {deadline.day or ''}".strip()
    if deadline.date is not None:
        return deadline.date.isoformat()
    return deadline.text


def meta_panel(meta: NoticeMeta, source: SourceDoc | None = None) -> Panel:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    rows: list[tuple[str, str]] = [
        ("标题 title", meta.title or ""),
        ("发文机关 issuers", "、".join(meta.issuers)),
        ("文号 doc number", meta.doc_number or ""),
        ("级别 level", f"{meta.level or ''} {meta.region or ''}".strip()),
        ("成文日期 issued", meta.issued.isoformat() if meta.issued else ""),
        ("主送 recipients", "、".join(meta.recipients)),
        ("抄送 cc", "、".join(meta.cc)),
        ("附件 attachments", "、".join(meta.attachments)),
    ]
    if len(meta.titles) > 1:
        rows.insert(1, ("所附文件 enclosed", "；".join(meta.titles[1:])))
    for citation in meta.cites:
        label = f"《{citation.title}》" if citation.title else ""
        rows.append((f"引用 {citation.relation}", f"{label} {citation.doc_number or ''}".strip()))
    if source is not None:
        pages = f", {source.pages} pages" if source.pages else ""
        rows.append(("来源 source", f"{source.path} ({source.format}{pages})"))
    for name, value in rows:
        if value:
            table.add_row(name, Text(value))
    return Panel(table, title="document", expand=False)


def obligations_table(obligations: Sequence[Obligation]) -> Table:
    table = Table(title=f"{len(obligations)} obligations", show_lines=False, expand=True)
    for column in ("#", "actors", "modality", "deadline", "target", "report to", "text"):
        table.add_column(column, overflow="fold")
    for number, obligation in enumerate(obligations, 1):
        actors = "、".join(obligation.actors) + (" *" if obligation.implied_actor else "")
        targets = "; ".join(f"{t.op} {t.value:g}{t.unit or ''}" for t in obligation.targets)
        table.add_row(
            *map(
                Text,  # text from documents is data, never markup
                (
                    str(number),
                    actors,
                    obligation.modality,
                    deadline_text(obligation.deadline),
                    targets,
                    obligation.report_to or "",
                    obligation.text,
                ),
            )
        )
    table.caption = "* actor implied from context"
    return table


def _get(row: Any, name: str, default: Any = "") -> Any:
    value = getattr(row, name, default)
    return default if value is None else value


def documents_table(documents: Iterable[Any]) -> Table:
    rows = list(documents)
    table = Table(title=f"{len(rows)} documents in the store")
    for column in ("key", "level", "region", "文号", "issued", "obligations"):
        table.add_column(column, no_wrap=True)
    table.add_column("issuers", overflow="fold", ratio=1)
    table.add_column("title", overflow="fold", ratio=2)
    for doc in rows:
        issued = _get(doc, "issued")
        table.add_row(
            str(_get(doc, "key")),
            str(_get(doc, "level")),
            str(_get(doc, "region")),
            str(_get(doc, "doc_number")),
            issued.isoformat() if hasattr(issued, "isoformat") else str(issued),
            str(_get(doc, "obligations", 0)),
            "、".join(_get(doc, "issuers", []) or []),
            str(_get(doc, "title")),
        )
    return table


def ingest_line(report: Any, *, skipped: int = 0) -> str:
    """One line for a whole batch: what changed in the store (`dutymap documents` shows it)."""
    counts = [
        ("ingested", report.count("ingested")),
        ("new versions", report.count("new_version")),
        ("unchanged", report.count("unchanged")),
        ("failed", report.count("failed")),
        ("skipped", skipped),
    ]
    return f"{len(report.outcomes)} files: " + ", ".join(f"{count} {name}" for name, count in counts)


def document_detail(detail: Any) -> Group:
    """A stored document: its metadata (from the current version), versions and their sources."""
    meta: dict[str, Any] = detail.meta
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    rows = [
        ("key", detail.key),
        ("标题 title", meta.get("title") or ""),
        ("所附文件 enclosed", "；".join((meta.get("titles") or [])[1:])),
        ("发文机关 issuers", "、".join(meta.get("issuers") or [])),
        ("文号 doc number", "；".join(meta.get("doc_numbers") or [])),
        ("级别 level", f"{meta.get('level') or ''} {meta.get('region') or ''}".strip()),
        ("成文日期 issued", meta.get("issued") or ""),
        ("主送 recipients", "、".join(meta.get("recipients") or [])),
        ("抄送 cc", "、".join(meta.get("cc") or [])),
        ("附件 attachments", "、".join(meta.get("attachments") or [])),
    ]
    for citation in meta.get("cites") or []:
        label = f"《{citation['title']}》" if citation.get("title") else ""
        rows.append(
            (
                f"引用 {citation.get('relation', 'cites')}",
                f"{label} {citation.get('doc_number') or ''}".strip(),
            )
        )
    for name, value in rows:
        if value:
            table.add_row(name, Text(str(value)))
    parts: list[Any] = [Panel(table, title="document", expand=False)]
    versions = Table(title="versions")
    for column in ("number", "content hash", "created", "obligations", "sources"):
        versions.add_column(column, overflow="fold")
    for version in detail.versions:
        versions.add_row(
            str(version.number),
            version.content_hash[:12],
            version.created.strftime("%Y-%m-%d %H:%M"),
            str(version.obligations),
            Text("\n".join(version.sources)),
        )
    parts.append(versions)
    return Group(*parts)


def due_table(items: Sequence[Any]) -> Table:
    """Due instances grouped by organisation (a heading row each when there are several)."""
    organisations = list(dict.fromkeys(item.organisation for item in items))
    title = f"{len(items)} due instances" + (f" · {len(organisations)} organisations" if len(organisations) > 1 else "")
    table = Table(title=title, expand=True)
    for column in ("due", "status", "obligation", "文号", "clause"):
        table.add_column(column, no_wrap=True)
    table.add_column("deadline", overflow="fold", ratio=1)
    table.add_column("why", overflow="fold", ratio=1)
    table.add_column("text", overflow="fold", ratio=3)
    styles = {"overdue": "red", "due": "yellow", "done": "green", "verified": "green", "before_issue": "dim"}
    current = None
    for item in items:
        if item.organisation != current:
            current = item.organisation
            table.add_row(Text(current or "—", style="bold"), *([""] * 7), end_section=False)
        status = Text(item.status_label, style=styles.get(item.status, ""))
        deadline = item.deadline + (f"（{item.label}）" if item.label and item.due and item.label != item.due.isoformat() else "")
        table.add_row(
            (item.due.isoformat() + ("≈" if item.approximate else "")) if item.due else "",
            status,
            item.obligation_key,
            item.doc_number or "",
            item.clause,
            Text(deadline + (f" · {item.bound}" if item.bound else "")),
            Text(item.why),
            Text(item.text),
        )
    return table


def history_table(entries: Sequence[Any]) -> Table:
    table = Table(title=f"{len(entries)} changes")
    for column in ("when", "who", "organisation", "instance", "field", "from", "to", "why"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        table.add_row(
            entry.at.strftime("%Y-%m-%d %H:%M:%S"),
            entry.who,
            entry.organisation,
            entry.instance,
            entry.field,
            entry.old or "",
            entry.new or "",
            entry.why,
        )
    return table


def duties_table(duties: Sequence[Any]) -> Table:
    organisation = duties[0].organisation if duties and getattr(duties[0], "organisation", "") else "this enterprise"
    drafts = sum(1 for duty in duties if getattr(duty, "draft", False))
    title = f"{len(duties) - drafts} obligations bind {organisation}" + (f" · {drafts} more in drafts" if drafts else "")
    table = Table(title=Text(title), expand=True)
    for column in ("level", "文号", "status", "deadline"):
        table.add_column(column, no_wrap=True)
    table.add_column("why", overflow="fold", ratio=1)
    table.add_column("text", overflow="fold", ratio=3)
    for duty in duties:
        obligation = duty.obligation
        table.add_row(
            obligation.level or "",
            obligation.doc_number or obligation.document_key,
            STATUS_LABELS.get(duty.status, duty.status),
            obligation.deadline.text if obligation.deadline else "",
            duty.why + (f" · ← {len(duty.documents) - 1} up" if len(duty.documents) > 1 else ""),
            obligation.text,
        )
    return table


GAP_TITLES = {
    "dropped": "dropped from the parent",
    "weaker_target": "weaker targets",
    "later_deadline": "later deadlines",
    "looser_time_limit": "looser time limits",
    "narrower_actor": "narrower actors",
    "added": "added by the plan (no parent duty)",
}


def _cited(text: str | None, clause: str | None, span: tuple[int, int] | None) -> Text:
    if not text:
        return Text("")
    where = f"{clause or ''} [{span[0]}:{span[1]}]" if span else clause or ""
    return Text(f"{where}\n{text}")  # Text: document words are never read as markup


def gaps_table(report: Any) -> Group:
    via = f" through {report.label(report.via)}" if report.via else ""
    heading = (
        f"{report.label(report.child)} ({report.child}) against {report.label(report.parent)} "
        f"({report.parent}){via}: {len(report.findings)} findings"
    )
    parts: list[Any] = [Text(heading)]
    for kind, title in GAP_TITLES.items():
        findings = report.of_kind(kind)
        if not findings:
            continue
        table = Table(title=f"{title} ({len(findings)})", expand=True, show_lines=True)
        table.add_column("finding", no_wrap=True)
        table.add_column("why", overflow="fold", ratio=1)
        table.add_column("parent", overflow="fold", ratio=2)
        table.add_column("plan", overflow="fold", ratio=2)
        for finding in findings:
            mark = f"{finding.id}\n{finding.decision or ''}".strip()
            why = finding.why + (f" (arose at {finding.origin} level)" if finding.origin else "")
            table.add_row(
                Text(mark),
                Text(why),
                _cited(finding.parent_text, finding.parent_clause, finding.parent_span),
                _cited(finding.child_text, finding.child_clause, finding.child_span),
            )
        parts.append(table)
    if report.pairs:
        table = Table(title=f"pairs ({len(report.pairs)})", expand=True)
        for column in ("status", "confidence", "parent", "plan"):
            table.add_column(column, overflow="fold")
        for pair in report.pairs:
            status = pair.status + (f" ({', '.join(pair.compliance)})" if pair.compliance else "")
            table.add_row(
                Text(status), f"{pair.confidence:.2f}",
                Text(report.texts[pair.parent].text), Text(report.texts[pair.child].text),
            )
        parts.append(table)
    if report.doubtful:
        table = Table(title=f"doubtful, left unpaired ({len(report.doubtful)})", expand=True)
        for column in ("why", "parent", "plan"):
            table.add_column(column, overflow="fold")
        for pair in report.doubtful:
            table.add_row(Text(pair.doubt), Text(report.texts[pair.parent].text), Text(report.texts[pair.child].text))
        parts.append(table)
    if report.not_the_plans:
        table = Table(title=f"not the plan's to carry ({len(report.not_the_plans)})", expand=True)
        table.add_column("reason", overflow="fold", ratio=1)
        table.add_column("parent", overflow="fold", ratio=3)
        for item in report.not_the_plans:
            table.add_row(Text(f"{item.reason}: {item.why}"), Text(report.texts[item.duty].text))
        parts.append(table)
    return Group(*parts)


def chain_tree(key: str, title: str, chain: Any) -> Tree:
    tree = Tree(Text.assemble((title, "bold"), f" ({key})"))
    up = tree.add("up: what it implements or cites")
    for depth, kind, node, node_title in chain.up:
        up.add(Text(f"{'  ' * (depth - 1)}{kind} → {node_title or node} ({node})"))
    down = tree.add("down: what implements it")
    for depth, kind, node, node_title in chain.down:
        down.add(Text(f"{'  ' * (depth - 1)}{kind} ← {node_title or node} ({node})"))
    return tree


def search_table(words: str, found: Sequence[Any]) -> Table:
    table = Table(title=f"{len(found)} obligations match {words}", expand=True)
    for column in ("obligation", "level", "region", "文号"):
        table.add_column(column, no_wrap=True)
    table.add_column("text", overflow="fold", ratio=3)
    for obligation in found:
        table.add_row(
            obligation.key,
            obligation.level or "",
            obligation.region or "",
            obligation.doc_number or "",
            obligation.text,
        )
    return table


def unknown_table(rows: Sequence[tuple[str, list[str]]]) -> Table:
    table = Table(
        title=f"{len(rows)} names the registry does not know (add them to pipeline/data/organisations.json)"
    )
    table.add_column("name")
    table.add_column("documents")
    for name, documents in rows:
        table.add_row(name, ", ".join(documents))
    return table


def organisations_summary(organisations: Sequence[Any]) -> Table:
    from collections import Counter

    counts = Counter((o.kind, o.level) for o in organisations)
    table = Table(title="registry by kind and level")
    for column in ("kind", "level", "count"):
        table.add_column(column)
    for (kind, level), count in sorted(counts.items()):
        table.add_row(kind, level, str(count))
    return table


def stored_obligations_table(obligations: Sequence[Any]) -> Table:
    table = Table(title=f"{len(obligations)} obligations (current version)", expand=True)
    for column in ("id", "modality", "deadline"):
        table.add_column(column, no_wrap=True)
    table.add_column("actors", overflow="fold", ratio=1)
    table.add_column("text", overflow="fold", ratio=3)
    for obligation in obligations:
        deadline = obligation.deadline
        table.add_row(
            obligation.key,
            obligation.modality,
            (deadline.date.isoformat() if deadline.date else deadline.freq or "") if deadline else "",
            "、".join(obligation.actors) + (" *" if obligation.implied_actor else ""),
            obligation.text,
        )
    table.caption = "* actor implied from context; ids are what `dutymap status` and `history` take"
    return table
