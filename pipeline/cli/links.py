"""Commands over the linked documents: duties, gaps, graph, search, orgs."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from pipeline.cli.columns import SEARCH_COLUMNS, duty_columns
from pipeline.cli.common import AsOfOption, DbOption, LevelOption, app, err, open_store, out, today
from pipeline.cli.formats import Column, Format, FormatOption, emit, resolve
from pipeline.errors import DutymapError


@app.command()
def duties(
    enterprise: Annotated[
        str, typer.Option("--enterprise", "-e", help="An enterprise, e.g. 中国移动清远分公司.")
    ],
    as_of: AsOfOption = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, help="Duties a page shows.")
    ] = 100,  # query.PAGE_SIZE
    page: Annotated[int, typer.Option("--page", min=1, help="Which page of --limit duties.")] = 1,
    every: Annotated[bool, typer.Option("--all", help="Every duty on one page, however many.")] = False,
    format: FormatOption = None,
    db: DbOption = None,
) -> None:
    """Every obligation binding an enterprise: its city's, its province's and national ones,
    nearest level first, a page of --limit at a time (how many in all on stderr).

    --as-of keeps documents issued by that day. Exit status 1 when nothing binds it.

    Example: dutymap duties --enterprise 中国移动清远分公司 --page 2 --format csv
    """
    from pipeline import query

    if not enterprise.strip():
        raise typer.BadParameter("give an enterprise name", param_hint="--enterprise")
    store = open_store(db)
    offset = 0 if every else (page - 1) * limit
    found = query.enterprise_duty_page(
        store,
        enterprise,
        as_of=today(as_of) if as_of else None,
        offset=offset,
        limit=None if every else limit,
    )
    listed = found.total + found.drafts
    if offset and offset >= listed:
        last = max(1, -(-listed // limit))
        raise typer.BadParameter(f"past the last page ({last}) of {listed} duties", param_hint="--page")
    shown = found.duties
    paths = store.clause_paths({d.obligation.document_key for d in shown})  # of these documents only
    clauses = {
        d.obligation.key: paths.get((d.obligation.document_key, d.obligation.clause), "")
        for d in shown
        if d.obligation.clause is not None
    }
    title = f"{found.total} obligations bind {found.organisation}" + (
        f" · {found.drafts} more in drafts" if found.drafts else ""
    )
    if len(shown) < listed:
        title += f" · {offset + 1}–{offset + len(shown)} shown"
    emit(shown, duty_columns(clauses), format, title=title)
    if found.more:
        err.print(
            Text(
                f"{offset + 1}–{offset + len(shown)} of {listed} duties shown: "
                f"--page {page + 1} for the next {limit}, --all for every one"
            ),
            soft_wrap=True,
        )
    if not listed:
        raise typer.Exit(1)


@app.command()
def gaps(
    child: Annotated[str, typer.Argument(help="The implementing plan (key, 文号 or title words).")],
    parent: Annotated[
        str | None, typer.Option("--parent", help="The notice it implements (default: from its citations).")
    ] = None,
    whole_chain: Annotated[
        bool,
        typer.Option("--chain", help="Every level up the chain, and what the plan lacks of the top notice."),
    ] = False,
    format: FormatOption = None,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Write a review sheet to annotate (accept/reject).")
    ] = None,
    import_review: Annotated[
        Path | None,
        typer.Option("--import-review", help="Read a reviewed sheet back and store its decisions."),
    ] = None,
    who: Annotated[str, typer.Option("--who", help="Who reviewed (with --import-review).")] = "reviewer",
    db: DbOption = None,
) -> None:
    """What a plan drops, weakens, delays, loosens or narrows of the notice it implements, what
    it adds, and what of the notice is not the plan's to carry.

    Example: dutymap gaps 赣市工信字〔2025〕41号 --chain --xlsx review.xlsx
    """
    from pipeline import query
    from pipeline.link import review_sheet

    store = open_store(db)

    def current() -> list[query.GapReport]:
        if whole_chain and parent is None:
            return query.gap_chain(store, child)
        return [query.gaps(store, child, parent=parent)]

    reports = current()
    if import_review is not None:
        decisions = review_sheet.read_review_sheet(import_review)
        count = query.record_reviews(store, reports, decisions, who=who)
        out.print(Text(f"{count} decisions stored from {import_review}"))
        reports = current()
    if xlsx is not None:
        written = review_sheet.write_review_sheet(reports, xlsx)
        out.print(Text(f"{written} findings → {xlsx}"))
        return
    chosen = resolve(format)
    if chosen is Format.table:
        for report in reports:
            from pipeline import render

            out.print(render.gaps_table(report))
    elif chosen is Format.json:  # each report whole: findings, pairs, doubtful, not the plan's
        payload = [review_sheet.report_dict(report) for report in reports]
        sys.stdout.write(
            json.dumps(payload if whole_chain else payload[0], ensure_ascii=False, indent=1) + "\n"
        )
    else:  # one row a finding, the review sheet's columns
        rows = review_sheet.rows(reports)
        if chosen is Format.csv:
            rows = [review_sheet.csv_safe(row) for row in rows]  # the sheet is opened in spreadsheets
        emit(rows, [Column(name) for name, _ in review_sheet.COLUMNS], chosen)


GRAPH_FORMATS = {".graphml": "graphml", ".json": "node-link JSON", ".gexf": "gexf", ".dot": "dot"}


@app.command()
def graph(
    document: Annotated[str | None, typer.Argument(help="Print this document's chain up and down.")] = None,
    export: Annotated[
        str | None,
        typer.Option(
            "--export",
            help="Write the whole graph; the extension picks the format: .graphml, .json (node-link), "
            ".gexf, .dot (needs pydot). - writes node-link JSON to stdout.",
            metavar="FILE",
        ),
    ] = None,
    format: FormatOption = None,
    db: DbOption = None,
) -> None:
    """The documents graph: a document's chain, or the whole graph exported.

    Example: dutymap graph 湘通管〔2024〕5号 ; dutymap graph --export graph.graphml
    """
    from pipeline import query

    if document is None and export is None:
        raise typer.BadParameter("give a document or --export FILE")
    target: Path | None = None
    if export is not None and export != "-":
        target = Path(export)
        if target.suffix.lower() not in GRAPH_FORMATS:
            raise typer.BadParameter(
                f"{export!r}: the extension picks the format; use one of {', '.join(GRAPH_FORMATS)}",
                param_hint="--export",
            )
    store = open_store(db)
    if export is not None:
        whole = query.graph_of(store)
        written = write_graph(whole, target)
        if target is not None:
            out.print(Text(f"{whole.number_of_nodes()} nodes, {whole.number_of_edges()} edges → {written}"))
    if document is not None:
        key, chain = query.document_chain(store, document)
        title = store.document(key).title or key
        steps = [
            {"direction": "up", "depth": d, "relation": k, "document_key": n, "document_title": t}
            for d, k, n, t in chain.up
        ] + [
            {"direction": "down", "depth": d, "relation": k, "document_key": n, "document_title": t}
            for d, k, n, t in chain.down
        ]
        if resolve(format).value == "table":
            from pipeline import render

            out.print(render.chain_tree(key, title, chain))
            return
        emit(
            steps,
            [Column(k) for k in ("direction", "depth", "relation", "document_key", "document_title")],
            format,
        )


def write_graph(whole: Any, target: Path | None) -> str:
    """Write the graph in the format its extension names; None means node-link JSON on stdout."""
    import json

    import networkx as nx

    from pipeline.link.graph import export_graph, graph_bytes
    from pipeline.safe_output import write_atomically

    if target is None:
        data = nx.node_link_data(whole, edges="edges")
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        return "stdout"
    suffix = target.suffix.lower()
    if suffix in (".graphml", ".json"):
        export_graph(whole, target)
    elif suffix == ".gexf":
        write_atomically(target, graph_bytes(_plain_attributes(whole), suffix))
    else:
        import importlib.util

        if importlib.util.find_spec("pydot") is None:
            raise DutymapError(
                f"{target}: .dot needs pydot (pip install pydot); use .graphml, .json or .gexf"
            )
        from networkx.drawing.nx_pydot import to_pydot

        write_atomically(target, to_pydot(_plain_attributes(whole)).to_string().encode("utf-8"))
    return str(target)


def _plain_attributes(whole: Any) -> Any:
    """A copy with None attributes dropped: GEXF and DOT writers take strings and numbers only."""
    copy = whole.copy()
    for _, data in copy.nodes(data=True):
        for name in [n for n, v in data.items() if v is None or isinstance(v, (list, dict))]:
            value = data.pop(name)
            if isinstance(value, list):
                data[name] = "、".join(map(str, value))
    for *_, data in copy.edges(data=True, keys=True):
        for name in [n for n, v in data.items() if v is None or isinstance(v, (list, dict))]:
            data.pop(name)
    return copy


@app.command()
def search(
    words: Annotated[str, typer.Argument(help="Words to find, e.g. 携号转网 or 骚扰电话 外呼.")],
    level: LevelOption = None,
    region: Annotated[str | None, typer.Option("--region", help="广东省, 广东省清远市 … (a prefix)")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100_000, help="At most this many.")] = 50,
    format: FormatOption = None,
    db: DbOption = None,
) -> None:
    """Full-text search over obligations (jieba-segmented index). Exit status 1 when nothing matches.

    Example: dutymap search 携号转网 --level provincial --region 广东省
    """
    if not words.strip():
        raise typer.BadParameter("give words to search for", param_hint="WORDS")
    found = open_store(db).search(words, level=level.value if level else None, region=region, limit=limit)
    emit(found, SEARCH_COLUMNS, format, title=f"{len(found)} obligations match {words}")
    if not found:
        raise typer.Exit(1)


@app.command()
def orgs(
    unknown: Annotated[
        bool, typer.Option("--unknown", help="List names in documents the registry does not know.")
    ] = False,
    load: Annotated[
        Path | None, typer.Option("--load", help="Load a registry file (default: the bundled one).")
    ] = None,
    format: FormatOption = None,
    db: DbOption = None,
) -> None:
    """The organisation registry: load it into the store, or list unknown names.

    Example: dutymap orgs --unknown
    """
    from pipeline import query

    store = open_store(db)
    registry = _registry(load)
    changed = store.load_organisations(registry.organisations)
    if unknown:
        names = [
            {"name": name, "documents": docs} for name, docs in query.unknown_organisations(store, registry)
        ]
        emit(
            names,
            [Column("name"), Column("documents", wide=True)],
            format,
            title=f"{len(names)} names the registry does not know (add them to pipeline/data/organisations.json)",
        )
        return
    from collections import Counter

    counts = Counter((o.kind, o.level) for o in registry.organisations)
    rows = [{"kind": kind, "level": level, "count": n} for (kind, level), n in sorted(counts.items())]
    if resolve(format).value == "table":
        out.print(
            Text(
                f"{len(registry.organisations)} organisations in the registry ({changed} rows written to the store)"
            )
        )
    emit(rows, [Column("kind"), Column("level"), Column("count")], format, title="registry by kind and level")


def _registry(load: Path | None) -> Any:
    from pipeline.orgs import Registry

    if load is None:
        return Registry.load()
    if not load.is_file():
        raise DutymapError(f"{load}: no such registry file")
    try:
        return Registry.load(load)
    except DutymapError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, OSError) as error:  # a malformed file
        raise DutymapError(f"{load}: not a registry file ({type(error).__name__}: {error})") from error
