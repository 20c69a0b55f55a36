"""Templates and the pages every route shares: the Jinja2 environment (autoescape on,
always), 404 and 400 pages, and the helpers templates use to link and cite.

Routes raise `NotFound` or `BadRequest` with a sentence for the officer; app.py turns
them (and anything unexpected) into a page, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sendkg.queries.facts import uncertain_text
from sendkg.queries.succession import long_date
from starlette.responses import HTMLResponse

TEMPLATES = Path(__file__).parent / "templates"
MAX_TEXT = 200  # characters of a query or filter a page accepts


class NotFound(Exception):
    """Nothing of that id (or page); the message names what was asked for."""


class BadRequest(Exception):
    """A parameter the page cannot use; the message says which and what it accepts."""


def entity_url(node_id: str) -> str:
    """The entity page of `node_id`: /entity/ID."""
    return "/entity/" + quote(node_id, safe=":")


def source_url(node_id: str, index: int) -> str:
    """The source view of the `index`-th source of an entity (0-based): /source/ID/N."""
    return f"/source/{quote(node_id, safe=':')}/{index}"


def fact_source_url(edge, index: int) -> str:
    """The source view of the `index`-th source of a relation (0-based)."""
    return "/source/fact?" + urlencode({"s": edge.s, "p": edge.p, "o": edge.o, "i": index})


def with_query(request, **changes) -> str:
    """The request's path and query with `changes` applied (None removes a parameter).
    A parameter given several times (`?between=A&between=B`) keeps every value unless
    changed; a changed one takes its old place."""
    params, done = [], set()
    for key, value in request.query_params.multi_items():
        if key not in changes:
            params.append((key, value))
        elif key not in done and changes[key] is not None:
            params.append((key, changes[key]))
        done.add(key)
    params += [(k, v) for k, v in changes.items() if k not in done and v is not None]
    return request.url.path + ("?" + urlencode(params) if params else "")


_environment = Environment(loader=FileSystemLoader(TEMPLATES),
                           autoescape=select_autoescape(default=True, default_for_string=True),
                           trim_blocks=True, lstrip_blocks=True)
_environment.globals.update(entity_url=entity_url, source_url=source_url,
                            fact_source_url=fact_source_url, with_query=with_query,
                            long_date=long_date, uncertain_text=uncertain_text)


def page(request, template: str, status: int = 200, **context) -> HTMLResponse:
    """The template filled with `context` (plus the request and the site) as HTML."""
    site = request.app.state.site
    body = _environment.get_template(template).render(request=request, site=site, **context)
    return HTMLResponse(body, status_code=status)


def text_param(request, name: str, default: str | None = None) -> str | None:
    """A short text parameter, stripped; BadRequest when it is too long or not text."""
    value = request.query_params.get(name, default)
    return None if value is None else checked_text(name, value)


def checked_text(name: str, value: str) -> str:
    """`value` of parameter `name`, stripped; BadRequest when too long or not text."""
    if len(value) > MAX_TEXT or "\x00" in value:
        raise BadRequest(f"the parameter {name!r} must be text of at most {MAX_TEXT} "
                         "characters")
    return value.strip()


def raw_params(request, names) -> dict[str, str]:
    """What the request gave for each of `names` ("" when absent), cut to MAX_TEXT
    characters: a form refused as a bad request shows the officer what they typed."""
    return {name: request.query_params.get(name, "")[:MAX_TEXT] for name in names}


def choice_param(request, name: str, choices, default: str | None = None) -> str | None:
    """A parameter that must be one of `choices` (or absent: `default`)."""
    value = request.query_params.get(name) or default
    if value is not None and value not in choices:
        raise BadRequest(f"the parameter {name!r} must be one of: {', '.join(choices)}; "
                         f"got {value[:40]!r}")
    return value


def node_or_404(request, node_id: str):
    """The node of `node_id` in the site's graph; NotFound when there is none."""
    kg = request.app.state.site.kg
    if len(node_id) > MAX_TEXT or not kg.has_node(node_id):
        raise NotFound(f"no entity with the id {node_id[:80]!r}")
    return kg.node(node_id)
