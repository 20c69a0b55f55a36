"""`sendkg ingest`: officers' documents -> records -> dataset YAML, plus a review list.

Each file is read by its format's reader (the registry's "reader" entries); its plan
tables, action plans and governance sentences become entities and relations in the dataset format of
data/FORMAT.md, linked to the registry and to a reference graph by exact name or alias.
A file that cannot be read is reported with file and line and the other files still load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sendkg.errors import LoaderError, SendkgError
from sendkg.ingest.action_plans import ActionPlanContext
from sendkg.ingest.drafts import STOPWORDS, DatasetDraft, slug
from sendkg.ingest.governance_text import SHAPES, governance_statements
from sendkg.ingest.markup import clean_rows
from sendkg.ingest.name_index import NameIndex
from sendkg.ingest.plan_properties import record_plan_properties
from sendkg.ingest.plan_tables import table_rows, unread_warning
from sendkg.ingest.recorder import RowRecorder
from sendkg.loaders.dataset import read_dataset
from sendkg.loaders.rows import Row, read_rows
from sendkg.names import normalise
from sendkg.records import Node

PLAN_KINDS = [("improvement plan", "improvement plan"), ("action plan", "action plan"),
              ("commissioning plan", "commissioning plan"), ("strategy", "strategy"),
              ("terms of reference", "terms of reference"), ("report", "report")]


@dataclass
class IngestResult:
    """One file's extraction: the document header, the draft dataset and the results."""

    path: Path
    document: dict = field(default_factory=dict)
    draft: DatasetDraft | None = None
    results: list[dict] = field(default_factory=list)
    error: SendkgError | None = None


def index_from_registry(folder: Path) -> NameIndex:
    """Names from the registry files of a dataset folder only."""
    records, problems = read_dataset(folder)
    if problems:
        raise problems[0]
    return NameIndex(records.registry, records.abbreviations)


_DATE_LINE = re.compile(
    r"^\W*(?:(?:page|document|this page|content)\s+)?(?:last\s+)?(?:updated|reviewed|"
    r"modified|published|revised|amended|edited)\b|^\W*(?:date|last)\s+(?:of\s+)?"
    r"(?:publication|published|updated|reviewed|review|modified|issued?)\b|"
    r"^\W*(?:next\s+)?review\s+date\b|^\W*(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:jan|feb|mar|apr|"
    r"may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}\W*$|^\W*\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}"
    r"\W*$", re.I)
# Which marked headings name the document, best first: Word's Title style or a
# spreadsheet's title cell, the first h1 (HTML, markdown #, Word Heading 1), the page's
# <title>, then the first heading of any other level.
_TITLE_RANKS = ("title", "h1", "page title", "h2", "h3", "h4", "h5", "h6")


def _title_text(row: Row) -> str:
    text = " ".join(re.sub(r"^\s*#+\s+", "", row.text).replace("*", " ").split())
    if row.heading == "page title":  # "SEND governance | Anytown Local Offer"
        text = text.split(" | ")[0].strip()
    return text


def is_date_line(text: str) -> bool:
    """A "last updated" / "date published" / "page reviewed" line, or a bare date.

    >>> is_date_line("Last updated: 3 March 2024"), is_date_line("Page reviewed 2023")
    (True, True)
    >>> is_date_line("Published 12 May 2022"), is_date_line("SEND Strategy 2022-2025")
    (True, False)
    """
    return bool(_DATE_LINE.search(text))


def plan_title(rows: list[Row]) -> tuple[str | None, int]:
    """The document's title: a row its reader marked as the title or a heading (Word's
    Title style, a spreadsheet title cell, h1 or markdown #, the HTML <title>, another
    heading), else its first prose line of 3-20 words near the top; never a "last
    updated" or "date published" line.

    >>> from sendkg.loaders.rows import Location, Row
    >>> plan_title([Row(("",), Location("f", 1), True),
    ...             Row(("Example SEND Plan 2020-2021",), Location("f", 2), True)])
    ('Example SEND Plan 2020-2021', 2)
    >>> plan_title([Row(("Last updated 4 May 2023 by the SEND team",), Location("f", 1), True),
    ...             Row(("SEND governance",), Location("f", 2), True, heading="h1")])
    ('SEND governance', 2)
    """
    marked = [row for row in rows if row.prose and row.heading in _TITLE_RANKS
              and _title_text(row) and not is_date_line(_title_text(row))
              and len(_title_text(row).split()) <= 30]
    if marked:
        best = min(marked, key=lambda r: _TITLE_RANKS.index(r.heading))
        return _title_text(best), best.where.line
    for row in rows[:40]:
        text = _title_text(row)
        if row.prose and 3 <= len(text.split()) <= 20 and not text.endswith((".", ":")) \
                and not is_date_line(text):
            return text, row.where.line
    return None, rows[0].where.line if rows else 1


def plan_kind(name: str) -> str:
    lowered = name.lower()
    return next((kind for words, kind in PLAN_KINDS if words in lowered), "plan")


def item_prefix(name: str) -> str:
    """A short prefix for a document's plan items, from its plan's name.

    >>> item_prefix("Durham SEND Joint Commissioning Plan 2017-2018")
    'dsjcp'
    """
    words = [w for w in normalise(name).split() if w not in STOPWORDS and not w.isdigit()]
    letters = "".join(w[0] for w in words)[:8]
    return letters or "doc"


def _plan(draft: DatasetDraft, name: str, line: int):
    hits = draft.index.exact(name, ["Plan"])
    if len(hits) == 1:
        return draft.link_id(hits[0].id, name, line)
    return draft.named("Plan", name, line, kind=plan_kind(name))


def _key_value_table(first: Row, properties: list[dict]) -> bool:
    """Whether a table not read as a plan table was read as the plan's key/value table
    (a two-column table holding at least one of the keys, within 20 rows)."""
    if sum(bool(c.strip()) for c in first.cells) != 2:
        return False
    return any(p["source"].get("table") == first.where.table
               and 0 <= p["source"]["line"] - first.where.line <= 20 for p in properties)


def _table_lines(rows: list[Row], first: Row) -> set[int]:
    """The lines of the table that starts at `first` (its run of table rows)."""
    start = next((i for i, row in enumerate(rows) if row is first), len(rows))
    lines = set()
    for row in rows[start:]:
        if row.prose or (row.where.table != first.where.table):
            break
        lines.add(row.where.line)
    return lines


_COUNCIL = re.compile(r"\b((?:[A-Z][a-z]+\s+){1,2}?)(?:County\s+|City\s+|Borough\s+|District\s+|"
                      r"Metropolitan\s+Borough\s+)?Council\b")
_NOT_PLACES = {"the", "full", "county", "city", "borough", "district", "parish", "town", "our",
               "this", "a", "each", "every", "local", "governing"}


def area_named_in(rows: list[Row]) -> str | None:
    """The council a document names most often ("Devon County Council" -> "Devon").

    >>> from sendkg.loaders.rows import Location, Row
    >>> area_named_in([Row(("Shropshire Council and the ICB",), Location("f", 1), True)])
    'Shropshire'
    """
    counts: dict[str, int] = {}
    for row in rows:
        for match in _COUNCIL.finditer(row.text):
            words = [w for w in match[1].split() if w.lower() not in _NOT_PLACES]
            if words and words[0] == match[1].split()[0]:
                place = " ".join(words)
                counts[place] = counts.get(place, 0) + 1
    return max(counts, key=lambda k: (counts[k], -len(k))) if counts else None


def ingest_file(path: Path | str, index: NameIndex, plan: str | None = None,
                area: str | None = None) -> IngestResult:
    """Extract one file into a draft dataset (raises LoaderError if it cannot be read).
    Generic names ("Health and Wellbeing Board") belong to `area`, else to the council
    the document names; with neither they stay apart and go to the review list."""
    path = Path(path)
    rows, warnings = clean_rows(read_rows(path))
    warnings = [note for row in rows for note in row.notes] + warnings
    title, line = plan_title(rows)
    name = plan or title or path.stem
    area = area or area_named_in(rows)
    draft = DatasetDraft(index, path.name, item_prefix(name), area)
    draft.warnings += warnings
    plan_node = _plan(draft, name, line)
    plan_id = plan_node.id
    doc_id = draft.fresh_id("doc", slug(path.stem))
    header = {"id": doc_id, "file": path.name, "title": title or name, "line": line,
              "area": area}
    index.add(Node(doc_id, "Document", header["title"]), "document")
    draft.relate(plan_id, "describedIn", doc_id, line)
    recorder = RowRecorder(draft, plan_id, plan_node.label)
    if area:
        draft.relate(plan_id, "coversArea", draft.named("Area", area, line).id, line)
    unread: list[Row] = []
    read = list(table_rows(rows, ActionPlanContext(), unread))
    results = [recorder.table_row(row) for row in read]
    properties = record_plan_properties(recorder, rows, {row.where.line for row in read})
    results += properties
    governance_warnings: list[str] = []
    governance = []
    for statement in governance_statements(rows, governance_warnings):
        result = recorder.statement(statement)
        if result:
            governance.append(result)
    members = {r["source"]["line"] for r in governance if r["relation"] in ("memberOf",
                                                                            "chairedBy")}
    draft.warnings += [unread_warning(row) for row in unread
                       if not _key_value_table(row, properties)
                       and not members & _table_lines(rows, row)]
    results += governance
    draft.warnings += governance_warnings
    if not results:
        draft.warnings.append(nothing_recognised(path))
    results.sort(key=lambda r: (r["source"].get("line") or 0))
    return IngestResult(path, header, draft, results)


def nothing_recognised(path: Path) -> str:
    """The warning for a file in which no recogniser found anything."""
    return (f"no plan table, action-plan table or governance sentence recognised in "
            f"{path.name}; looked for: plan tables (Objective | Key actions | Responsible "
            f"officer ...), action-plan tables (Action | Lead | Start | End ...), "
            + "; ".join(SHAPES))


def ingest_files(paths, index: NameIndex, plan: str | None = None,
                 progress=None, area: str | None = None) -> list[IngestResult]:
    """Every file ingested in turn; a file that fails carries its error, others go on."""
    done = []
    for number, path in enumerate(map(Path, paths), start=1):
        if progress:
            progress(number, len(paths), path)
        try:
            done.append(ingest_file(path, index, plan, area))
        except SendkgError as error:
            done.append(IngestResult(path, error=error))
        except (OSError, ValueError) as error:  # a reader met something it cannot parse
            done.append(IngestResult(path, error=LoaderError(path, None, str(error))))
    return done


def summary(result: IngestResult) -> dict:
    """Counts for a person: rows, sentences, entities, relations, review, warnings."""
    kinds = [r["kind"] for r in result.results]
    draft = result.draft
    return {"file": result.path.name, "table rows": kinds.count("table row"),
            "governance sentences": kinds.count("governance sentence"),
            "entities": len(draft.entities_yaml()), "relations": len(draft.relations),
            "review": len(draft.review), "warnings": len(draft.warnings)}

