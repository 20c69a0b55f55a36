"""`sendkg serve`: the local web app (sendkg.web) over the loaded graph, until Ctrl+C."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from sendkg.cli.output import console, err_console

LOCAL = ("127.0.0.1", "localhost", "::1")


def serve(
    data: Annotated[Optional[list[Path]], typer.Option(
        "--data", file_okay=False,
        help="A dataset folder (repeatable; default: the bundled data).")] = None,
    host: Annotated[str, typer.Option(
        "--host", help="The address to listen on; other than 127.0.0.1 lets other "
                       "computers read the graph.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    sources: Annotated[Optional[list[Path]], typer.Option(
        "--sources", file_okay=False,
        help="A folder holding the source papers, for the source view (repeatable).")] = None,
) -> None:
    """Browse the graph in a local web app: search, entity pages with the six questions,
    sources, the governance diagram, boards, plans and checks. Read-only."""
    import uvicorn
    from sendkg.cli.output import load_graph, use_short_names
    from sendkg.graph import load_many
    from sendkg.web.app import create_app
    from sendkg.web.site import Site

    from sendkg.errors import SendkgError

    folders = list(data or [])
    kg = load_many(folders) if len(folders) > 1 else load_graph(folders[0] if folders else None)
    use_short_names(kg)
    for folder in sources or []:
        if not folder.is_dir():
            raise SendkgError(f"--sources {folder}: no such folder")
    site = Site(kg, folders=(*(sources or []), *folders), data=tuple(folders))
    if host not in LOCAL:
        err_console.print(f"[yellow]warning:[/yellow] listening on {host}: anyone who can "
                          "reach this computer can read the graph (no log-in); use "
                          "127.0.0.1 to keep it to this computer")
    console.print(f"sendkg: {len(kg)} entities; open http://{_shown(host)}:{port}/ "
                  "(Ctrl+C stops)")
    uvicorn.run(create_app(site), host=host, port=port, log_level="warning")


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def register(app: typer.Typer) -> None:
    """Add `serve` to the command line."""
    app.command()(serve)
