"""Provenance a user can see: `show OBLIGATION_ID` (each field with the source characters it was
read from, its rule, clause path and statuses) and `outline DOCUMENT`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Group
from rich.table import Table
from rich.text import Text

from pipeline.cli.common import DbOption, app, open_store, out
from pipeline.cli.formats import Column, FormatOption, emit, emit_record, resolve
from pipeline.errors import DutymapError, NotFound
from pipeline.records import Span

CONTEXT_CHARS = 30  # source characters shown either side of the evidence


def show_obligation(store: Any, ref: str, format: Any) -> bool:
    """Print one obligation with its evidence; False when ``ref`` names no obligation."""
    from pipeline.store.evidence import obligation_evidence

    try:
        stored = obligation_evidence(store, ref)
    except NotFound:
        return False
    source = _reread(stored)
    record = obligation_record(stored, source)
    record["statuses"] = [
        {
            "organisation": t.organisation,
            "instance": t.instance,
            "status": t.status,
            "owner": t.owner,
            "notes": t.notes,
        }
        for t in store.tracking(obligation_key=stored.key)
    ]
    emit_record(record, format, render=lambda: _panel(record))
    return True


def _reread(stored: Any) -> Any:
    """The source file read again, if it still holds the text that was stored (same sha256 and the
    same normalised text); None if it moved or changed: then only stored offsets are shown."""
    from pipeline.ingest import read_source
    from pipeline.normalise import normalise

    for source in stored.sources:
        try:
            read = read_source(Path(source.path))
        except DutymapError:
            continue
        if read.sha256 != source.sha256:
            continue
        text = normalise(read)
        if text.text == stored.version_text:
            return text
    return None


def obligation_record(stored: Any, text: Any) -> dict[str, Any]:
    """The obligation as data: every field with its value, rule, spans and source characters
    (for a PDF also the boxes of the first and last character, searched on their pages)."""
    from contextlib import ExitStack

    with ExitStack() as stack:
        pdf = None
        if text is not None and text.source.format == "pdf":
            import pdfplumber

            pdf = stack.enter_context(pdfplumber.open(text.source.path))
        return _obligation_record(stored, text, pdf)


def _obligation_record(stored: Any, text: Any, pdf: Any) -> dict[str, Any]:
    from pipeline.provenance import pdf_char_boxes, source_span, source_view

    view = source_view(text.source) if text is not None else None

    def where(span: list[int] | tuple[int, int], stored_source: list[int] | None) -> dict[str, Any]:
        normalised = Span(span[0], span[1])
        found: dict[str, Any] = {
            "span": list(span),
            "normalised_text": stored.version_text[normalised.start : normalised.end],
        }
        if view is not None:
            located = source_span(text, view, normalised)
            found["source_span"] = located.as_list()
            found["source_text"] = view.text[located.start : located.end]
            found["before"] = view.text[max(0, located.start - CONTEXT_CHARS) : located.start]
            found["after"] = view.text[located.end : located.end + CONTEXT_CHARS]
            if text.source.page_starts:
                found["pages"] = [text.page_of(normalised.start), text.page_of(max(0, normalised.end - 1))]
            if pdf is not None:
                found.update(pdf_char_boxes(pdf, text.source, text.to_source(normalised)))
        elif stored_source is not None:
            found["source_span"] = stored_source
        return found

    values = stored.record
    fields: dict[str, Any] = {}
    for name, evidence in sorted(values["evidence"].items()):
        fields[name] = {
            "value": values.get(name),
            "rule": evidence.get("rule"),
            **where(evidence["span"], evidence.get("source_span")),
        }
    for name in ("deadline", "duration"):
        item = values.get(name)
        if item and name not in fields:
            fields[name] = {"value": item, "rule": item.get("rule"), **where(item["span"], item.get("source_span"))}
    for number, target in enumerate(values.get("targets") or [], 1):
        fields[f"target {number}"] = {
            "value": {k: target.get(k) for k in ("metric", "op", "value", "unit")},
            "rule": target.get("rule"),
            **where(target["span"], target.get("source_span")),
        }
    source = text.source if text is not None else None
    return {
        "obligation_id": stored.key,
        "document_key": stored.document_key,
        "version": stored.version,
        "current": stored.current,
        "clause": stored.clause_path,
        "page": stored.page,
        "text": stored.text,
        "actors": values["actors"],
        "implied_actor": values["implied_actor"],
        "modality": values["modality"],
        "deadline": (values.get("deadline") or {}).get("text"),
        "report_to": values.get("report_to"),
        "topics": values.get("topics"),
        "source_path": str(source.path) if source else (stored.sources[0].path if stored.sources else None),
        "source_verified": source is not None,
        "evidence": {"text": where(stored.span, None), **fields},
    }


def _highlighted(found: dict[str, Any]) -> Text:
    if "source_text" in found:
        return Text.assemble(
            ("…" + found["before"], "dim"), (found["source_text"], "bold reverse"), (found["after"] + "…", "dim")
        )
    return Text.assemble((found["normalised_text"], "bold reverse"), (" (normalised text)", "dim"))


def _panel(record: dict[str, Any]) -> Group:
    from pipeline.vocabulary import label, value_label

    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    for key in ("obligation_id", "document_key", "version", "clause", "page", "modality", "actors", "report_to"):
        value = record.get(key)
        if value in (None, "", []):
            continue
        shown = "、".join(value) if isinstance(value, list) else value_label(key, str(value))
        head.add_row(f"{label(key)} {key}", Text(shown))
    source = record["source_path"] or ""
    verified = "" if record["source_verified"] else " (moved or changed since ingest: normalised text shown)"
    head.add_row("源文件 source", Text(source + verified))
    evidence = Table(title="evidence: each field and the source characters it was read from", expand=True)
    evidence.add_column("field", no_wrap=True)
    evidence.add_column("value", overflow="fold", ratio=1)
    evidence.add_column("rule", no_wrap=True)
    evidence.add_column(Text("source [start:end] page"), no_wrap=True)
    evidence.add_column("source characters", overflow="fold", ratio=2)
    for name, found in record["evidence"].items():
        value = found.get("value", record["text"] if name == "text" else "")
        shown = value if isinstance(value, str) else _compact(value)
        span = found.get("source_span")
        where = f"[{span[0]}:{span[1]}]" if span else ""
        if found.get("pages"):
            first, last = found["pages"]
            where += f" p.{first}" + (f"–{last}" if last != first else "")
        evidence.add_row(Text(name), Text(shown), Text(found.get("rule") or ""), Text(where), _highlighted(found))
    statuses = Table(title="statuses")
    for column in ("organisation", "instance", "status", "owner", "notes"):
        statuses.add_column(label(column))
    for status in record.get("statuses") or []:
        statuses.add_row(
            Text(status["organisation"]),
            Text(status["instance"]),
            Text(value_label("status", status["status"])),
            Text(status["owner"]),
            Text(status["notes"]),
        )
    parts: list[Any] = [head, evidence]
    parts.append(statuses if record.get("statuses") else Text("statuses: none recorded (待办 open)"))
    return Group(*parts)


def _compact(value: Any) -> str:
    import json

    if isinstance(value, list):
        return "、".join(map(str, value))
    if isinstance(value, dict):
        return str(value.get("text") or json.dumps(value, ensure_ascii=False, sort_keys=True))
    return "" if value is None else str(value)


def _opening(text: str, marker: str) -> str:
    """An untitled clause's first words: its text after the marker, to the first 。, at most 60."""
    words = " ".join(text.removeprefix(marker).split())
    return words.split("。", 1)[0][:60]


@app.command()
def outline(
    document: Annotated[str, typer.Argument(help="Document key, 文号 (any brackets), title words or path.")],
    format: FormatOption = None,
    db: DbOption = None,
) -> None:
    """The outline of a stored document: its headings and items (一、（一）1.（1）一是) with paths.

    Example: dutymap outline 湘通局信管〔2019〕8号
    """
    from pipeline.provenance import clause_path
    from pipeline.store.evidence import outline as read_outline

    key, text, clauses = read_outline(open_store(db), document)
    numbered = [c for c in clauses if c.depth > 0 or c.kind == "heading"]
    rows = [
        {
            "clause": clause_path(clauses, c.index),
            "marker": c.marker,
            "depth": c.depth,
            "kind": c.kind,
            "title": c.title or _opening(text[c.start : c.end], c.marker),
        }
        for c in numbered
    ]
    if resolve(format).value == "table":
        from rich.tree import Tree

        tree = Tree(Text(f"{key}: {len(rows)} headings and items"))
        nodes: dict[int, Any] = {}
        for clause, row in zip(numbered, rows, strict=True):
            parent = nodes.get(clause.parent) if clause.parent is not None else None
            nodes[clause.index] = (parent or tree).add(Text(f"{row['marker']} {row['title']}"))
        out.print(tree)
        return
    emit(rows, [Column("clause"), Column("marker"), Column("depth"), Column("kind"), Column("title", wide=True)], format)
