"""Governance: the HTML renderer's interactive diagram, embedded, focusable on any board
and filtered by area; and the boards directory (`sendkg boards`).

`/governance/diagram` is the page `sendkg render -o governance.html --focus F --area A`
writes, served in a frame, its citations linking to the source view (and opening it in
the whole window, not the frame). It is self-contained (vis-network inline); its inline
scripts are allowed by their SHA-256 hashes in its Content-Security-Policy, nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import re

from sendkg.queries.boards import board_directory
from sendkg.queries.register import Table
from sendkg.render.html import render_html
from sendkg.render.views import build_view
from sendkg.web.pages import BadRequest, page, text_param
from sendkg.web.tables import table_or_page
from starlette.responses import Response
from starlette.routing import Route

from sendkg.errors import SendkgError

CITATION_URL = "/source/{entity}/{index}"  # the source view of routes_entity
SCRIPT = re.compile(r"<script(?:\s[^>]*)?>(.*?)</script>", re.DOTALL | re.IGNORECASE)
BOARD_COLUMNS = ("board", "id", "chair", "vice-chair", "frequency", "reports to",
                 "sub groups", "members", "areas")


def areas(kg) -> list[str]:
    """The names of the graph's areas, for the area filters."""
    return sorted({n.label for n in kg.nodes("Area")}, key=str.casefold)


def diagram_csp(body: str) -> str:
    """The diagram page's policy: its own inline scripts (by hash), inline styles, data:
    images and fonts, and nothing from any host, not even this one."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in SCRIPT.findall(body))
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
            "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; "
            "frame-ancestors 'self'; base-uri 'none'")


def governance(request):
    """GET /governance: the diagram's frame with its focus and area choices."""
    site = request.app.state.site
    focus, area = text_param(request, "focus"), text_param(request, "area")
    if area and area not in areas(site.kg):
        raise BadRequest(f"no area named {area[:60]!r}; choose one of the list")
    boards = site.kept("board list", lambda: sorted(site.kg.nodes("Board"),
                                                    key=lambda n: n.label.casefold()))
    return page(request, "governance.html", focus=focus or "", area=area or "",
                areas=areas(site.kg), boards=boards)


def diagram(request):
    """GET /governance/diagram: the renderer's interactive page (400 page when
    the focus or area names nothing to draw)."""
    site = request.app.state.site
    focus, area = text_param(request, "focus") or None, text_param(request, "area") or None
    try:
        view = build_view(site.kg, "governance", focus, None, True, area)  # as `render`
        body = render_html(view, citation_url=CITATION_URL).decode("utf-8")
    except SendkgError as error:
        return page(request, "error.html", 400, title="Nothing to draw", message=str(error))
    body = body.replace("<head>", '<head>\n<base target="_top">', 1)  # links leave the frame
    return Response(body, media_type="text/html; charset=utf-8",
                    headers={"Content-Security-Policy": diagram_csp(body)})


def _board_row(entry) -> tuple[str, ...]:
    def chairs(vice: bool) -> str:
        return "; ".join(c.node.label + (f" ({', '.join(h.label for h in c.holders)})"
                                         if c.holders else "")
                         for c in entry.chairs
                         if ("vice" in str(c.edge.props.get("role", "")).casefold()) == vice)
    frequency = {str(e.props["frequency"]) for _, e in entry.reports_to
                 if e.props.get("frequency")}
    if entry.board.props.get("frequency"):
        frequency.add(str(entry.board.props["frequency"]))
    return (entry.board.label, entry.board.id, chairs(False), chairs(True),
            "; ".join(sorted(frequency)),
            "; ".join(f"{n.label} ({e.p})" for n, e in entry.reports_to),
            "; ".join(s.label for s in entry.sub_groups),
            "; ".join(n.label for n, _ in entry.members),
            "; ".join(a.label for a in entry.areas))


def boards(request):
    """GET /boards: the board directory (?area=)."""
    site = request.app.state.site
    area = text_param(request, "area") or None
    entries = board_directory(site.kg, area)
    rows = [_board_row(e) for e in entries]
    return table_or_page(request, "boards", Table("Boards", BOARD_COLUMNS, rows),
                         "boards.html", entries=list(zip(entries, rows)), area=area or "",
                         areas=areas(site.kg))


ROUTES = [Route("/governance", governance), Route("/governance/diagram", diagram),
          Route("/boards", boards)]
