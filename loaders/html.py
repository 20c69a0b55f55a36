"""HTML (.html, .htm): table rows and the paragraphs, headings and list items around them.
"""

from __future__ import annotations

from pathlib import Path

from sendkg.loaders.rows import Location, Row, decode_text, read_bytes


def _html_cells(cell) -> list[str]:
    """A cell's inner HTML; a cell left open ("<td>a <td>b") holds the next cells, which
    html.parser nests inside it: they are split out again."""
    nested = cell.find_all(["td", "th"], recursive=False)
    for inner in nested:
        inner.extract()
    return [cell.decode_contents().strip()] + [c for inner in nested for c in _html_cells(inner)]


def read_html(path: Path) -> list[Row]:
    """HTML: each table row (td/th inner HTML kept) and each paragraph, heading or list
    item outside tables, with its source line; the page's `<title>` and the h1-h6
    headings are marked as such (`Row.heading`)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(path, read_bytes(path)), "html.parser")
    rows = []
    title = (soup.head or soup).find("title")  # not an <svg>'s <title> in the body
    if title is not None and title.get_text(" ").strip():
        text = " ".join(title.get_text(" ").split())
        rows.append(Row((text,), Location(path.name, title.sourceline or 1), prose=True,
                        heading="page title"))
    for element in soup.find_all(["tr", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li"]):
        line = element.sourceline or 1
        if element.name == "tr":
            if element.find_parent("tr"):
                continue
            cells = element.find_all(["td", "th"], recursive=False)
            rows.append(Row(tuple(text for c in cells for text in _html_cells(c)),
                            Location(path.name, line)))
        elif not element.find_parent(["table", "p", "li"]):
            text = " ".join(element.get_text(" ").split())
            heading = element.name if element.name.startswith("h") else None
            rows.append(Row((text,), Location(path.name, line), prose=True, heading=heading))
    return rows
