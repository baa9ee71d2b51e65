"""Commands over the linked documents: duties, gaps, graph, search, orgs."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from pipeline import render
from pipeline.cli.common import DbOption, DueFormat, Format, app, open_store, out
from pipeline.textsafe import for_terminal


@app.command()
def duties(
    enterprise: Annotated[
        str, typer.Option("--enterprise", "-e", help="An enterprise, e.g. 中国移动清远分公司.")
    ],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Only documents issued by this day.")] = None,
    format: Annotated[DueFormat, typer.Option("--format", "-f")] = DueFormat.table,
    db: DbOption = None,
) -> None:
    """Every obligation binding an enterprise: its city's, its province's and national ones.

    Example: dutymap duties --enterprise 中国移动清远分公司 --format csv
    """
    from pipeline import query

    found = query.enterprise_duties(
        open_store(db), enterprise, as_of=date.fromisoformat(as_of) if as_of else None
    )
    if format is DueFormat.table:
        out.print(render.duties_table(found))
        return
    rows = [
        {
            "obligation": d.obligation.key,
            "organisation": d.organisation,
            "document": d.obligation.document_key,
            "level": d.obligation.level,
            "region": d.obligation.region,
            "doc_number": d.obligation.doc_number,
            "why": d.why,
            "chain": " → ".join(d.documents),
            "deadline": (d.obligation.deadline or {}).get("text"),
            "due": d.obligation.due.isoformat() if d.obligation.due else None,
            "status": d.status,
            "vanished": d.obligation.vanished,
            "text": d.obligation.text,
        }
        for d in found
    ]
    if format is DueFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    else:
        import csv

        from pipeline.textsafe import csv_dict_rows

        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["obligation"])
        writer.writeheader()
        writer.writerows(csv_dict_rows(rows))


@app.command()
def gaps(
    child: Annotated[str, typer.Argument(help="The implementing plan (key, 文号 or title words).")],
    parent: Annotated[
        str | None, typer.Option("--parent", help="The notice it implements (default: from its citations).")
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    db: DbOption = None,
) -> None:
    """What a plan drops, weakens or delays relative to the notice it implements, and what it adds.

    Example: dutymap gaps 湘通管〔2024〕5号
    """
    from dataclasses import asdict

    from pipeline import query

    report = query.gaps(open_store(db), child, parent=parent)
    if format is Format.json:
        payload = {
            "child": report.child,
            "parent": report.parent,
            "findings": [asdict(f) for f in report.findings],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    else:
        out.print(render.gaps_table(report))


@app.command()
def graph(
    document: Annotated[str | None, typer.Argument(help="Print this document's chain up and down.")] = None,
    export: Annotated[
        Path | None, typer.Option("--export", help="Write the graph: .graphml or node-link .json.")
    ] = None,
    db: DbOption = None,
) -> None:
    """The documents graph: a document's chain, or the whole graph exported.

    Example: dutymap graph 湘通管〔2024〕5号 ; dutymap graph --export graph.graphml
    """
    from pipeline import query
    from pipeline.link.graph import export_graph

    store = open_store(db)
    if export is not None:
        whole = query.graph_of(store)
        export_graph(whole, export)
        out.print(f"{whole.number_of_nodes()} nodes, {whole.number_of_edges()} edges → {for_terminal(export)}")
    if document is not None:
        key, chain = query.document_chain(store, document)
        out.print(render.chain_tree(key, store.document(key).title or key, chain))
    if document is None and export is None:
        raise typer.BadParameter("give a document or --export FILE")


@app.command()
def search(
    words: Annotated[str, typer.Argument(help="Words to find, e.g. 携号转网 or 骚扰电话 外呼.")],
    level: Annotated[str | None, typer.Option("--level", help="national | provincial | municipal")] = None,
    region: Annotated[str | None, typer.Option("--region", help="广东省, 广东省清远市 … (a prefix)")] = None,
    limit: Annotated[int, typer.Option("--limit")] = 50,
    db: DbOption = None,
) -> None:
    """Full-text search over obligations (jieba-segmented index).

    Example: dutymap search 携号转网 --level provincial --region 广东省
    """
    found = open_store(db).search(words, level=level, region=region, limit=limit)
    out.print(render.search_table(words, found))


@app.command()
def orgs(
    unknown: Annotated[
        bool, typer.Option("--unknown", help="List names in documents the registry does not know.")
    ] = False,
    load: Annotated[
        Path | None, typer.Option("--load", help="Load a registry file (default: the bundled one).")
    ] = None,
    db: DbOption = None,
) -> None:
    """The organisation registry: load it into the store, or list unknown names.

    Example: dutymap orgs --unknown
    """
    from pipeline import query
    from pipeline.orgs import Registry

    store = open_store(db)
    registry = Registry.load(load) if load else Registry.load()
    changed = store.load_organisations(registry.organisations)
    if unknown:
        out.print(render.unknown_table(query.unknown_organisations(store, registry)))
        return
    out.print(
        f"{len(registry.organisations)} organisations in the registry ({changed} rows written to the store)"
    )
    out.print(render.organisations_summary(registry.organisations))
