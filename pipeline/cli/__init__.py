"""The `dutymap` command: parse arguments, call the library, render. Nothing else lives here.

One module per group of commands; each registers on the shared app when imported. ``run``
is the edge where errors become one-line messages and exit codes: 0 success, 1 failure or
nothing matched, 2 usage error. ``--debug`` (or DUTYMAP_DEBUG=1) lets the traceback through.
"""

from __future__ import annotations

import errno
import os
import sys
import typing
from collections.abc import Sequence
from typing import Annotated

import typer
from rich.text import Text

# typer carries its own copy of click; its exceptions are the ones a command line raises
from typer._click import exceptions as click_errors

from pipeline import __version__
from pipeline.cli import documents, fields, links, provenance, serve, tracking  # noqa: F401  (registers the commands)
from pipeline.cli.common import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, app, err, printable
from pipeline.cli.lean_help import import_rich_help
from pipeline.errors import DutymapError

__all__ = ["app", "main", "run"]


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"dutymap {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", is_eager=True, callback=_version),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the Python traceback of an error (for bug reports).")
    ] = False,
) -> None:
    """dutymap: read Chinese regulatory notices and map the duties they impose.

    Exit status: 0 success, 1 failure or nothing matched (search, duties), 2 usage error.
    """


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command line and return its exit status; nothing but a message reaches stderr."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or "--help" in args:
        import_rich_help()  # typer's help renderer, lean (pipeline.cli.lean_help)
    debug = "--debug" in args or os.environ.get("DUTYMAP_DEBUG", "") not in ("", "0")
    _evaluate_annotations()
    command = typer.main.get_command(app)
    try:
        try:
            # parse and invoke directly, not through typer's main: every outcome ends in the
            # handlers below (typer's own would exit 1 on a closed pipe from inside)
            with command.make_context("dutymap", args) as context:
                result = command.invoke(context)
        finally:
            sys.stdout.flush()  # a full disk or a closed pipe shows here, inside the handlers
    except click_errors.NoArgsIsHelpError as error:
        # typer's rich help prints itself while the error is made; plain help comes back as text
        if error.format_message():
            sys.stdout.write(error.format_message() + "\n")
        return EXIT_OK
    except click_errors.UsageError as error:
        hint = f" (see `{error.ctx.command_path} --help`)" if error.ctx else ""
        _error(f"{error.format_message()}{hint}")
        return EXIT_USAGE
    except click_errors.ClickException as error:
        _error(error.format_message())
        return error.exit_code
    except typer.Exit as error:
        return int(error.exit_code)
    except (typer.Abort, KeyboardInterrupt, EOFError):
        _error("interrupted")
        return 130
    except DutymapError as error:
        if debug:
            raise
        _error(str(error))
        return EXIT_FAILURE
    except BrokenPipeError:
        _silence_stdout()  # the reader (head, less) has what it wanted
        return EXIT_OK
    except OSError as error:
        if debug:
            raise
        if error.errno == errno.EPIPE:
            _silence_stdout()
            return EXIT_OK
        where = f"{error.filename}: " if error.filename else ""
        _error(f"{where}{error.strerror or error}")
        if error.filename is None:
            _silence_stdout()
        return EXIT_FAILURE
    except Exception as error:  # a bug: say so in one line, keep the traceback for --debug
        if debug:
            raise
        _error(f"unexpected {type(error).__name__}: {error} (run again with --debug for the traceback)")
        return EXIT_FAILURE
    return int(result) if isinstance(result, int) else EXIT_OK


def _evaluate_annotations() -> None:
    """Evaluate every command's parameter annotations once, in place: the modules postpone
    them (``from __future__ import annotations``) and typer would evaluate each string twice
    per command while it builds them (half of what building them costs at start-up)."""
    callbacks = [info.callback for info in app.registered_commands]
    if app.registered_callback is not None:
        callbacks.append(app.registered_callback.callback)
    for callback in callbacks:
        if callback is None or not any(isinstance(a, str) for a in callback.__annotations__.values()):
            continue
        hints = typing.get_type_hints(callback, include_extras=True)
        callback.__annotations__.update(
            {name: hints[name] for name in callback.__annotations__ if name != "return"}
        )


def _error(message: str) -> None:
    line = printable(" ".join(message.split()))  # one line, whatever the message holds
    try:
        err.print(Text.assemble(("error", "red"), " ", line), soft_wrap=True)
    except OSError:
        pass


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main() -> None:
    sys.exit(run())
