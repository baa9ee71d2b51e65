"""What every command shares: the app, consoles, the --db option, output formats, small parsers."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from pipeline.settings import Settings

app = typer.Typer(
    help="dutymap: read Chinese regulatory notices and map the duties they impose.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
if not out.is_terminal:
    out = Console(highlight=False, width=160)  # piped output: room for Chinese titles
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="SQLite file or database URL (default: $DUTYMAP_DB_URL, else the user data dir)."
    ),
]


class Format(StrEnum):
    json = "json"
    table = "table"


def open_store(db: str | None):  # type: ignore[no-untyped-def]
    from pipeline.store import Store

    return Store.open(Settings.from_env(db=db).db_url)


class DueFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def today(value: str | None) -> date:
    return date.fromisoformat(value) if value else date.today()


def days(value: str) -> int:
    """ "30d", "2w", "30" → days."""
    match = re.fullmatch(r"(\d+)\s*([dw]?)", value.strip())
    if not match:
        raise typer.BadParameter(f"{value!r}: give a number of days such as 30d or 2w")
    return int(match.group(1)) * (7 if match.group(2) == "w" else 1)
