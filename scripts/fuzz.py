"""Fuzz every reader and recogniser with mutated real tables: `sendkg ingest`'s promises.

Usage:
    python scripts/fuzz.py --cases 10000 --format csv [--seed 1] [--seeds DIR]

Each case takes a seed file (the repo's ingest and governance fixtures, plus every
file of --seeds DIR such as ../shared/seeds), mutates it with a seeded random mutator
(truncation, shuffled and merged cells, another encoding, control characters, a huge
cell, deep HTML nesting, lines dropped or repeated, stray quotes; for .xlsx also empty
sheets), writes it in the format asked (txt, md, html, csv, docx, xlsx) and ingests it
in-process; `--format dataset` instead builds the small dataset with odd values (dates,
lists, complex keys, 5,000-digit numbers, YAML tags) typed into its document file.
Checked per case:
  - no exception but the loader's own (SendkgError): anything else is a crash;
  - whatever ingest would write, `build` accepts (the draft and its registry copy are
    written to a dataset folder and built);
  - every line a draft cites is a line the reader gave.
It prints one JSON object of counts (cases, outcome per kind, crashes, drafts that would
not build, bad citations) and the first failures, so a campaign's figures can be quoted.
tests/test_reliability_fuzz.py runs a short profile of the same cases in CI.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
FORMATS = ("txt", "md", "html", "csv", "docx", "xlsx", "dataset")
SEED_GLOBS = ("ingest/*.txt", "ingest/*.csv", "ingest/*.md", "ingest/*.html",
              "governance/*.md")
CONTROL = "".join(map(chr, [0, 1, 7, 8, 11, 12, 27, 127, 0x85, 0x202E]))


def seed_texts(extra: Path | None = None) -> list[tuple[str, str]]:
    """(name, text) of every seed table: the repo's fixtures, plus `extra`'s files."""
    paths = sorted(p for g in SEED_GLOBS for p in FIXTURES.glob(g)
                   if p.name not in {"bad_encoding.txt", "binary.txt"})
    if extra:
        paths += sorted(p for p in Path(extra).iterdir() if p.suffix in {".txt", ".md"})
    return [(p.name, p.read_text(encoding="utf-8", errors="replace")) for p in paths]


# ------------------------------------------------------------------------ mutations
def _lines(text: str) -> list[str]:
    return text.split("\n")


def truncate(rng: random.Random, text: str) -> str:
    return text[:rng.randrange(len(text) + 1)]


def shuffle_cells(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    for k in rng.sample(range(len(lines)), min(len(lines), rng.randint(1, 8))):
        sep = next((s for s in ("|", "\t", ",", ";") if s in lines[k]), " ")
        cells = lines[k].split(sep)
        rng.shuffle(cells)
        lines[k] = sep.join(cells)
    return "\n".join(lines)


def merge_cells(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    for k in rng.sample(range(len(lines)), min(len(lines), rng.randint(1, 8))):
        for sep in ("|", "\t", ",", ";"):
            if sep in lines[k]:
                lines[k] = lines[k].replace(sep, " ", rng.randint(1, 3))
                break
    return "\n".join(lines)


def control_characters(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 30)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(CONTROL))
    return "".join(chars)


def huge_cell(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    size = rng.choice([20_000, 200_000, 1_000_000])
    word = rng.choice(["x", "Strategic Manager ", "Board ", "[/] ", "é"])
    lines.insert(rng.randrange(len(lines) + 1), (word * (size // len(word)))[:size])
    return "\n".join(lines)


def deep_nesting(rng: random.Random, text: str) -> str:
    depth = rng.choice([100, 1000, 5000])
    tag = rng.choice(["div", "table", "ul", "b"])
    return f"<{tag}>" * depth + text + f"</{tag}>" * rng.choice([0, depth])


def drop_and_repeat_lines(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    for _ in range(rng.randint(1, 10)):
        if not lines:
            break
        k = rng.randrange(len(lines))
        if rng.random() < 0.5:
            del lines[k]
        else:
            lines.insert(k, lines[k])
    return "\n".join(lines)


def stray_quotes(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 5)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(['"', "'", '""', "“"]))
    return "".join(chars)


MUTATIONS = (truncate, shuffle_cells, merge_cells, control_characters, huge_cell,
             deep_nesting, drop_and_repeat_lines, stray_quotes)


def mutated(rng: random.Random, text: str) -> tuple[str, list[str]]:
    """`text` after one to three mutations; (text, names of the mutations)."""
    names = []
    for mutation in rng.sample(MUTATIONS, rng.randint(1, 3)):
        if mutation is huge_cell and any(n == "huge_cell" for n in names):
            continue
        text = mutation(rng, text)
        names.append(mutation.__name__)
    return text, names


# --------------------------------------------------------------------- writing a file
def _table(text: str) -> list[list[str]]:
    rows = []
    for line in _lines(text):
        sep = next((s for s in ("|", "\t", ",", ";") if s in line), None)
        rows.append([c.strip() for c in line.split(sep)] if sep else [line])
    return rows


def _xml_safe(text: str) -> str:  # what Word and Excel files can hold at all
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 32)[:32_000]


def write_case(rng: random.Random, text: str, fmt: str, folder: Path) -> Path:
    """The mutated text as a file of format `fmt` (bytes re-encoded at random)."""
    path = folder / f"case.{fmt}"
    if fmt == "docx":
        import docx

        document = docx.Document()
        for line in _lines(text)[:400]:
            document.add_paragraph(_xml_safe(line))
        rows = [r for r in _table(text)[:60] if len(r) > 1]
        if rows:
            table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = _xml_safe(cell)
        document.save(path)
    elif fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        for row in _table(text)[:2000]:
            sheet.append([_xml_safe(c) for c in row])
        for _ in range(rng.choice([0, 0, 1, 3])):  # empty sheets
            book.create_sheet()
        if rng.random() < 0.1:
            book.remove(sheet)
            book.create_sheet()
        buffer = io.BytesIO()
        book.save(buffer)
        path.write_bytes(buffer.getvalue())
    else:
        encoding = rng.choice(["utf-8", "utf-8", "utf-8", "cp1252", "latin-1", "utf-16",
                               "utf-8-sig"])
        data = text.encode(encoding, errors="replace")
        if rng.random() < 0.1:  # a few bytes no encoding explains
            at = rng.randrange(len(data) + 1)
            data = data[:at] + bytes(rng.randrange(256) for _ in range(4)) + data[at:]
        path.write_bytes(data)
    return path


# ------------------------------------------------------------------- dataset YAML
# Values a person might type where a name, a date or a line belongs.
ODD_VALUES = ["2021-13-01", "2021-02-30", "2021-13", "next spring", "[a, b]", "{a: b}",
              "9" * 5000, "010", "1:30", "0x1F", "yes", "~", ".inf", "1.10", "'[/]'",
              "&a x", "*a", "!!python/object:os.system x", "? [a]", "-1", "''"]


def mutated_dataset(rng: random.Random, text: str) -> str:
    """The small dataset's document file with values swapped for odd ones, keys and
    lines broken, or the file truncated."""
    lines = _lines(text)
    for _ in range(rng.randint(1, 4)):
        k = rng.randrange(len(lines))
        choice = rng.random()
        if choice < 0.6 and ":" in lines[k]:
            key_end = [i for i, c in enumerate(lines[k]) if c == ":"]
            at = rng.choice(key_end)
            rest = lines[k][at + 1:]
            cut = min((i for i in (rest.find(","), rest.find("}")) if i >= 0), default=len(rest))
            lines[k] = lines[k][:at + 1] + " " + rng.choice(ODD_VALUES) + rest[cut:]
        elif choice < 0.8:
            lines[k] = rng.choice(["? [a]", ": b", "  - {", "relations: 5", "\t",
                                   "  - {s: [x], p: {y: z}, o: 1, line: 2021-01-01}"])
        else:
            lines = lines[:k]
            break
    return "\n".join(lines) + "\n"


def run_dataset_case(rng: random.Random, text: str, folder: Path) -> dict:
    """Build the small dataset with one mutated document file."""
    import shutil

    from sendkg.errors import SendkgError
    from sendkg.graph import load

    data = folder / "data"
    shutil.copytree(FIXTURES / "small", data)
    (data / "documents" / "plan.yaml").write_text(mutated_dataset(rng, text),
                                                  encoding="utf-8")
    try:
        load(data, cache=False)
    except SendkgError as error:
        return {"outcome": "refused", "message": str(error)[:200]}
    except Exception:
        return {"outcome": "crash", "trace": traceback.format_exc()[-1500:]}
    return {"outcome": "built"}


# -------------------------------------------------------------------------- one case
def run_case(path: Path, index, folder: Path) -> dict:
    """Ingest `path` in-process and check the promises; a dict saying what happened."""
    from sendkg.errors import SendkgError
    from sendkg.graph import load
    from sendkg.ingest.pipeline import ingest_file
    from sendkg.ingest.writer import write_outputs
    from sendkg.loaders.rows import read_rows

    try:
        result = ingest_file(path, index)
    except SendkgError as error:
        return {"outcome": "refused", "message": str(error)[:200]}
    except Exception:
        return {"outcome": "crash", "trace": traceback.format_exc()[-1500:]}
    # The plan's own entity (and its describedIn) cites its title, or line 1 when it has
    # none (its name is then the file's): every other fact must cite a line the reader gave.
    last = max((row.where.line for row in read_rows(path)), default=0)
    facts = [e for e in result.draft.entities_yaml() if e.get("type") != "Plan"]
    facts += [r for r in result.draft.relations_yaml() if r.get("p") != "describedIn"]
    cited = [e.get("line") for e in facts]
    bad = sorted({n for n in cited if n is not None and not 1 <= n <= last})
    out = folder / "dataset"
    try:
        write_outputs([result], out / "documents" / "case.yaml", index)
        load(out, cache=False)
    except SendkgError as error:
        return {"outcome": "unbuildable", "message": str(error)[:300], "bad_lines": bad}
    except Exception:
        return {"outcome": "crash", "trace": traceback.format_exc()[-1500:]}
    return {"outcome": "built" if result.results else "nothing recognised", "bad_lines": bad}


def campaign(cases: int, fmt: str, seed: int = 1, extra: Path | None = None,
             index=None) -> dict:
    """Run `cases` cases of `fmt`; counts per outcome and the first failures."""
    from sendkg.ingest.pipeline import index_from_registry

    index = index or index_from_registry(FIXTURES / "ingest" / "registry")
    seeds = ([("plan.yaml", (FIXTURES / "small" / "documents" / "plan.yaml").read_text())]
             if fmt == "dataset" else seed_texts(extra))
    rng = random.Random(seed)
    outcomes, mutations, failures = Counter(), Counter(), []
    bad_citations, slowest = 0, (0.0, -1, "", ())
    started = time.monotonic()
    for number in range(cases):
        name, text = rng.choice(seeds)
        case_rng = random.Random(rng.random())
        with tempfile.TemporaryDirectory() as folder:
            began = time.monotonic()
            if fmt == "dataset":
                names = ["dataset values"]
                found = run_dataset_case(case_rng, text, Path(folder))
            else:
                text, names = mutated(case_rng, text)
                path = write_case(case_rng, text, fmt, Path(folder))
                found = run_case(path, index, Path(folder))
            took = time.monotonic() - began
        mutations.update(names)
        slowest = max(slowest, (round(took, 1), number, name, tuple(names)))
        outcomes[found["outcome"]] += 1
        bad_citations += bool(found.get("bad_lines"))
        if found["outcome"] in ("crash", "unbuildable") or found.get("bad_lines"):
            if len(failures) < 10:
                failures.append({"case": number, "seed_file": name, "mutations": names,
                                 **found})
    return {"format": fmt, "cases": cases, "seed": seed, "outcomes": dict(outcomes),
            "crashes": outcomes["crash"], "would_not_build": outcomes["unbuildable"],
            "bad_citations": bad_citations, "mutations": dict(mutations),
            "seconds": round(time.monotonic() - started, 1),
            "slowest_case": {"seconds": slowest[0], "case": slowest[1],
                             "seed_file": slowest[2], "mutations": list(slowest[3])},
            "failures": failures}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--format", choices=FORMATS, default="csv")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds", type=Path, help="another folder of seed .txt/.md files")
    args = parser.parse_args(argv)
    report = campaign(args.cases, args.format, args.seed, args.seeds)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 1 if report["crashes"] or report["would_not_build"] or report["bad_citations"] else 0


if __name__ == "__main__":
    sys.exit(main())
