"""The `serve` command: the web workspace on this machine."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from pipeline.cli.common import DbOption, app, err, open_store


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (default: loopback only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Where uploads are kept (default: the user data dir)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Serve the web workspace: documents, enterprises, gaps, due dates and the graph.

    Reading needs no login on loopback; every write needs the token printed at start (or
    DUTYMAP_TOKEN). Listening on another address needs DUTYMAP_TOKEN set.

    Example: dutymap serve --port 8000
    """
    import uvicorn

    from pipeline.settings import default_data_dir
    from pipeline.web import create_app
    from pipeline.web.security import check_binding, is_loopback, new_token

    chosen = os.environ.get("DUTYMAP_TOKEN", "").strip()
    check_binding(host, chosen or None)
    token = chosen or new_token()
    loopback = is_loopback(host)
    application = create_app(
        open_store(db, create=True),  # uploads ingest into it, as `dutymap ingest` would
        token=token,
        data_dir=data_dir or default_data_dir(),
        read_needs_login=not loopback,
        allowed_hosts=["127.0.0.1", "localhost", "[::1]", "::1"] if loopback else None,
    )
    shown = f"[{host}]" if ":" in host else host
    err.print(f"dutymap serve: http://{shown}:{port}/", markup=False)
    err.print(
        "write token: " + ("(from DUTYMAP_TOKEN)" if chosen else token),
        markup=False,
    )
    uvicorn.run(application, host=host, port=port, log_level="warning")
