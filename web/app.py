"""The application: routes of each page group, security headers and error pages.

Every response carries a Content-Security-Policy allowing only the app's own files
(no inline script, no other host); the embedded diagram, which is the HTML renderer's
self-contained page, is allowed exactly its own inline scripts by their hashes. Unknown
ids give a 404 page, bad parameters a 400 page, and anything unexpected a 500 page
without a traceback (the traceback goes to the server log only).
"""

from __future__ import annotations

import logging

from sendkg.web import routes_checks, routes_entity, routes_governance, routes_plans, routes_search
from sendkg.web.pages import BadRequest, NotFound, page
from sendkg.web.site import Site
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'self'; "
       "base-uri 'none'")
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                    "Cross-Origin-Resource-Policy": "same-origin"}
log = logging.getLogger("sendkg.web")


class SecurityHeaders:
    """ASGI middleware adding the CSP (unless a route set its own) and the other headers."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                names = {name.lower() for name, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                headers += [(k.lower().encode(), v.encode())
                            for k, v in SECURITY_HEADERS.items()]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _not_found(request, error):
    return page(request, "error.html", 404, title="Not found", message=str(error))


async def _bad_request(request, error):
    return page(request, "error.html", 400, title="Bad request", message=str(error))


async def _http_error(request, error: HTTPException):
    if error.status_code == 404:
        return await _not_found(request, f"no page at {request.url.path[:120]}")
    title = {405: "Not allowed: this app only reads"}.get(
        error.status_code, "Bad request" if error.status_code < 500 else "Server error")
    return page(request, "error.html", error.status_code, title=title,
                message=str(error.detail))


async def _server_error(request, error):
    log.exception("error serving %s", request.url.path)
    response = page(request, "error.html", 500, title="Something went wrong",
                    message="The page could not be made; the server log says why.")
    response.headers.update({"Content-Security-Policy": CSP, **SECURITY_HEADERS})  # this
    return response  # handler runs outside the middleware


def create_app(site: Site) -> Starlette:
    """The web app over `site` (see site.Site): a Starlette application for uvicorn."""
    from sendkg.web.pages import TEMPLATES

    routes = [*routes_search.ROUTES, *routes_entity.ROUTES, *routes_governance.ROUTES,
              *routes_plans.ROUTES, *routes_checks.ROUTES,
              Mount("/static", StaticFiles(directory=TEMPLATES.parent / "static"),
                    name="static")]
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)],
                    exception_handlers={NotFound: _not_found, BadRequest: _bad_request,
                                        HTTPException: _http_error,
                                        Exception: _server_error})
    app.state.site = site
    return app
