"""What every reader yields: rows of cells with the place each stands in its file.

A reader turns one file into a flat list of `Row`s in document order. A row of a table
has several cells; a line of prose is a row with one cell and `prose=True`. Cells keep
the markup officers' documents carry (`<p>`, `<ul>`) for the recognisers to split. Each
row knows where it stands: file and line, or, for Word and Excel, table and row. Readers
know nothing about plans, officers or governance: that is `sendkg.ingest`.

`read_rows` picks the reader from the file's extension in the registry
(`sendkg.registry`, kind "reader"); adding a format is one module plus one line there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sendkg.errors import LoaderError, UnknownFormatError
from sendkg.records import Source


@dataclass(frozen=True)
class Location:
    """Where a row stands: the file, its line, and for Word/Excel the table and row; for
    a spreadsheet the cell ("Actions!B12"), for a PDF the page (and row or line on it).

    `line` numbers the rows of the whole file in order, so it never repeats between
    sheets or pages; `row` and `cell` are what an officer looks for in the file.

    >>> str(Location("plan.docx", 12, table="table 2", row=3))
    'plan.docx:12 (table 2, row 3)'
    >>> str(Location("plan.xlsx", 40, table="Actions", row=12, cell="Actions!B12"))
    'plan.xlsx!Actions!B12'
    >>> str(Location("plan.pdf", 80, table="table 2", row=4, page=12))
    'plan.pdf p.12 row 4'
    >>> str(Location("plan.pdf", 81, row=7, page=12))
    'plan.pdf p.12 line 7'
    """

    file: str
    line: int
    table: str | None = None
    row: int | None = None
    cell: str | None = None
    page: int | None = None

    def __str__(self) -> str:
        if self.cell:
            return f"{self.file}!{self.cell}"
        if self.page:
            return f"{self.file} p.{self.page} {'row' if self.table else 'line'} {self.row}"
        where = f" ({self.table}, row {self.row})" if self.table else ""
        return f"{self.file}:{self.line}{where}"

    def source(self) -> Source:
        return Source(self.file, self.line)

    def as_dict(self) -> dict:
        found = {"document": self.file, "line": self.line, "table": self.table, "row": self.row,
                 "cell": self.cell, "page": self.page}
        return {key: value for key, value in found.items() if value is not None}


@dataclass(frozen=True)
class Row:
    """One table row (several cells) or one prose line (one cell, prose=True), with the
    reader's notes on it (a formula cell with no saved value, say).

    `heading` is what the reader knows of a prose line's role in the document's
    outline, else None: "title" (Word's Title style, a spreadsheet's title cell above
    its first table), "page title" (HTML `<title>`), or "h1" to "h6" (HTML headings,
    markdown `#` lines, Word's Heading 1-6 styles). The text stays as written."""

    cells: tuple[str, ...]
    where: Location
    prose: bool = False
    notes: tuple[str, ...] = ()
    heading: str | None = None

    @property
    def text(self) -> str:
        return " ".join(cell for cell in self.cells if cell).strip()

    @property
    def blank(self) -> bool:
        return not self.text


_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'-be' when every other byte of the start is NUL, as in text saved by
    Excel or Word as "Unicode text" without its byte order mark."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    odd, even = sample[1::2], sample[0::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def decode_text(path: Path, data: bytes) -> str:
    """`data` as text: a byte order mark's encoding (UTF-8, UTF-16, UTF-32), UTF-16 without
    one, UTF-8, else Windows-1252; LoaderError with the line of the first binary or
    undecodable byte.

    >>> decode_text(Path("a.txt"), "\\ufeffLead\\r\\nAnn".encode("utf-16"))
    'Lead\\r\\nAnn'
    >>> decode_text(Path("a.txt"), "Caf\\u00e9 \\u2013 plan".encode("cp1252"))
    'Café – plan'
    """
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    encoding = encoding or _utf16_without_bom(data)
    if encoding and encoding != "utf-8-sig":
        try:
            return data.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError as error:
            raise LoaderError(path, None, f"not {encoding.upper()} text as its start says "
                                          f"(byte {error.start})") from None
    if b"\x00" in data[:8192]:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise LoaderError(path, line, "binary data where text was expected")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise LoaderError(path, line, f"not UTF-8 or Windows-1252 text "
                                          f"(byte {error.start})") from None


def read_bytes(path: Path) -> bytes:
    """The bytes of `path`; LoaderError naming the file when it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise LoaderError(path, None, f"cannot read file: {error.strerror or error}") from None


def read_rows(path: Path | str) -> list[Row]:
    """The rows of `path`, read by the reader its extension names.

    Raises UnknownFormatError for an extension no reader handles and LoaderError (with
    file and, where known, line) for a file that cannot be read.
    """
    path = Path(path)
    from sendkg import registry

    suffix = path.suffix.lower()
    if suffix not in registry.names("reader"):
        kind = path.suffix or "files without an extension"
        raise UnknownFormatError(f"{path}: no reader for {kind}; "
                                 f"known: {', '.join(sorted(registry.names('reader')))}")
    if path.is_dir():
        raise LoaderError(path, None, "a folder, not a file: name the files in it "
                                      "(for example FOLDER/*.pdf)")
    if not path.is_file():
        raise LoaderError(path, None, "file not found")
    return registry.load("reader", suffix)(path)
