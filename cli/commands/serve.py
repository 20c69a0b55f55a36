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

    for folder in sources or []:
        if not folder.is_dir():
            raise SendkgError(f"--sources {folder}: no such folder")
    listening = _bound(host, port)  # before anything is printed: the port may be taken
    folders = list(data or [])
    try:
        kg = load_many(folders) if len(folders) > 1 else load_graph(
            folders[0] if folders else None)
    except BaseException:
        listening.close()
        raise
    use_short_names(kg)
    site = Site(kg, folders=(*(sources or []), *folders), data=tuple(folders))
    if host not in LOCAL:
        err_console.print(f"[yellow]warning:[/yellow] listening on {host}: anyone who can "
                          "reach this computer can read the graph (no log-in); use "
                          "127.0.0.1 to keep it to this computer")
    console.print(f"sendkg: {len(kg)} entities; open http://{_shown(host)}:{port}/ "
                  "(Ctrl+C stops)")
    server = uvicorn.Server(uvicorn.Config(create_app(site), host=host, port=port,
                                          log_level="warning"))
    server.run(sockets=[listening])


def _bound(host: str, port: int):
    """A socket bound to (host, port) for the server to listen on. Raises SendkgError
    (exit 2, one line) when the port is in use or the address is not this computer's,
    so no "open http://…" line points at someone else's server."""
    import errno
    import socket

    from sendkg.errors import SendkgError

    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        raise SendkgError(f"--host {host}: {error.strerror}") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
    try:
        sock.bind(address)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise SendkgError(f"port {port} on {host} is in use by another program; "
                              f"try --port {port + 1 if port < 65535 else 8000}") from None
        raise SendkgError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    return sock


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def register(app: typer.Typer) -> None:
    """Add `serve` to the command line."""
    app.command()(serve)
