"""What every command shares: the app, consoles, the --db option, option parsers and the store.

Exit codes (documented in the README): 0 success; 1 a failure, or nothing matched (search,
duties); 2 a usage error (an unknown option, a value that does not parse).
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from pipeline.cli.formats import Format
from pipeline.errors import StoreError
from pipeline.settings import Settings
from pipeline.textsafe import printable_path

if TYPE_CHECKING:
    from pipeline.store import Store

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
# the name the status commands knew the output formats by before pipeline.cli.formats
DueFormat = Format

app = typer.Typer(
    help="dutymap: read Chinese regulatory notices and map the duties they impose.\n\n"
    "Exit status: 0 success, 1 failure or nothing matched (search, duties), 2 usage error.",
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
        "--db",
        help="SQLite file or database URL (default: $DUTYMAP_DB_URL, else the user data dir). "
        "Read commands never create it.",
    ),
]


class Level(StrEnum):
    national = "national"
    provincial = "provincial"
    municipal = "municipal"


LevelOption = Annotated[
    Level | None, typer.Option("--level", help="national | provincial | municipal", case_sensitive=False)
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="A day as YYYY-MM-DD (default: today).", metavar="DATE")
]
WithinOption = Annotated[
    str | None, typer.Option("--within", help="A window such as 30d, 2w or 30 (days).", metavar="DAYS")
]


def printable(value: object) -> str:
    """Text safe to write: a file name that is not UTF-8 (lone surrogates in Python) as \\xNN."""
    return printable_path(str(value))


def open_store(db: str | None, *, create: bool = False) -> Store:
    """The store named by --db or the environment. Only ``create=True`` (ingest) may make a new
    SQLite file: a read command pointed at a mistyped path must not answer from an empty store."""
    from pipeline.store import Store

    url = Settings.from_env(db=db).db_url
    path = sqlite_path(url)
    if not create and url.startswith("sqlite") and path is None:
        raise StoreError("--db :memory:: an in-memory store holds nothing to read (it lasts one command)")
    if path is not None and not create and not path.is_file():
        raise StoreError(f"{path}: no store here; `dutymap ingest FILES` creates it (or give --db)")
    return Store.open(url)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory SQLite)."""
    if not url.startswith("sqlite"):
        return None
    _, _, rest = url.partition(":///")
    rest = rest.split("?", 1)[0]
    if not rest or rest == ":memory:":
        return None
    return Path(rest)


EARLIEST, LATEST = date(1949, 1, 1), date(2199, 12, 31)  # beyond these no notice is dated


def today(value: str | None) -> date:
    """--as-of: an ISO day, checked here so a typo is a usage error, not a traceback."""
    if not value:
        return date.today()
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r}: give a day as YYYY-MM-DD, e.g. 2024-06-30") from None
    if not EARLIEST <= day <= LATEST:
        raise typer.BadParameter(f"{value!r}: give a day between {EARLIEST} and {LATEST}")
    return day


MAX_DAYS = 36_600  # a century: windows beyond it only overflow date arithmetic


def days(value: str) -> int:
    """ "30d", "2w", "30" → days."""
    match = re.fullmatch(r"(\d{1,6})\s*([dw]?)", value.strip())
    if not match:
        raise typer.BadParameter(f"{value!r}: give a number of days such as 30d or 2w")
    count = int(match.group(1)) * (7 if match.group(2) == "w" else 1)
    if count > MAX_DAYS:
        raise typer.BadParameter(f"{value!r}: give at most {MAX_DAYS} days")
    return count
