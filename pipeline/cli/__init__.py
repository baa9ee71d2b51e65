"""The `dutymap` command: parse arguments, call the library, render. Nothing else lives here.

One module per group of commands; each registers on the shared app when imported.
"""

from __future__ import annotations

import sys

from pipeline.cli import documents, links, tracking  # noqa: F401  (registers the commands)
from pipeline.cli.common import app, err
from pipeline.errors import DutymapError
from pipeline.textsafe import for_terminal

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except DutymapError as error:
        err.print(f"[red]error[/red] {for_terminal(error)}", markup=True)
        sys.exit(1)
