#!/usr/bin/env python3
"""Precision and recall of `sendkg ingest` on the seed documents.

For each tests/fixtures/ingest/expected_*.yaml (pairs written by reading a document),
ingest the seed document, write the dataset, build it with the project's own dataset
loader, and compare the (objective, legislation) and (objective, responsible officer)
pairs found in the built graph with the expected ones. An objective's officers are its
own responsible parties and those of its actions.

    python scripts/ingest_eval.py                 # registry + bundled graph, as the CLI does
    python scripts/ingest_eval.py --registry-only # the registry alone
Exit code 1 when any precision or recall is below --threshold (0.9).

The same pairs read from a PDF of the SEND joint commissioning plan's action tables
(rebuilt from the seed text as a Word document and converted by LibreOffice) are compared
with those read from the seed text: the share of the text's pairs the PDF recovers.

    python scripts/ingest_eval.py --make-pdf jcp.pdf   # build the PDF (needs soffice)
    python scripts/ingest_eval.py --make-pdf jcp.pdf --unruled  # tables without lines
    python scripts/ingest_eval.py --pdf jcp.pdf        # compare it with the seed text
Exit code 2, with one line naming it, when an input path is missing.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "tests" / "fixtures" / "ingest"
SEEDS = ROOT.parent / "shared" / "seeds"
PLANS = {"004_4328c8f235d45c34.txt": "Durham CYPS Ofsted Improvement Plan"}


@dataclass
class Score:
    found: int = 0
    expected: int = 0
    correct: int = 0

    def add(self, other: "Score") -> None:
        self.found += other.found
        self.expected += other.expected
        self.correct += other.correct

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def reference_index(registry_only: bool):
    from sendkg.graph import bundled_data_dir, load_bundled
    from sendkg.ingest.pipeline import index_from_registry
    from sendkg.ingest.name_index import NameIndex

    if not registry_only:
        try:
            return NameIndex.from_graph(load_bundled()), "registry + bundled graph"
        except Exception as error:  # the bundled data may be mid-curation
            print(f"note: bundled graph unavailable ({error}); registry only", file=sys.stderr)
    return index_from_registry(bundled_data_dir() / "registry"), "registry only"


def built_graph(seed: Path, index, folder: Path):
    """Ingest `seed`, write it into `folder`, build the folder with the dataset loader."""
    from sendkg.graph import load_dataset
    from sendkg.ingest.pipeline import ingest_file
    from sendkg.ingest.writer import write_outputs

    result = ingest_file(seed, index, PLANS.get(seed.name))
    write_outputs([result], folder / "documents" / f"{seed.stem}.yaml", index)
    return load_dataset(folder)


def objective_key(node, expected: dict):
    low, high = expected["lines"]
    lines = [s.line for s in node.sources if s.document == expected["document"]
             and s.line and low <= s.line <= high]
    if not lines:
        return None
    return min(lines) if expected["key"] == "line" else str(node.props.get("number"))


def found_pairs(kg, expected: dict) -> dict[object, dict[str, set[str]]]:
    """key -> {"officers": ids, "legislation": ids} from the built graph."""
    pairs = {}
    for node in kg.nodes("Objective"):
        key = objective_key(node, expected)
        if key is None:
            continue
        items = [node.id] + [e.o for e in kg.out_edges(node.id, "hasAction")]
        entry = pairs.setdefault(key, {"officers": set(), "legislation": set()})
        entry["officers"] |= {e.o for i in items for e in kg.out_edges(i, "responsible")}
        entry["legislation"] |= {e.o for e in kg.out_edges(node.id, "drivenBy")}
    return pairs


def matches(kg, node_id: str, wanted: str) -> bool:
    from sendkg.names import normalise

    if ":" in wanted and " " not in wanted:
        return node_id == wanted
    node = kg.node(node_id)
    return normalise(wanted) in {normalise(n) for n in (node.label, *node.aliases)}


def score_pairs(kg, found: set[str], wanted: list[str]) -> tuple[Score, list, list]:
    correct = {w for w in wanted if any(matches(kg, f, w) for f in found)}
    extra = [f for f in sorted(found) if not any(matches(kg, f, w) for w in wanted)]
    missing = [w for w in wanted if w not in correct]
    return Score(len(found), len(wanted), len(correct)), extra, missing


def evaluate(expected_path: Path, index, seeds: Path, verbose: bool) -> dict[str, Score]:
    expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        kg = built_graph(seeds / expected["document"], index, Path(folder))
    found = found_pairs(kg, expected)
    wanted = {o["key"]: o for o in expected["objectives"]}
    scores = {"legislation": Score(), "officers": Score()}
    for key in sorted(set(found) | set(wanted), key=str):
        for kind in scores:
            score, extra, missing = score_pairs(kg, found.get(key, {}).get(kind, set()),
                                                wanted.get(key, {}).get(kind, []))
            scores[kind].add(score)
            if verbose and (extra or missing):
                print(f"  {expected['document']} objective {key} {kind}: "
                      f"extra {extra} missing {missing}")
    return scores


JCP = "002_81098658c4b2e719.txt"
JCP_EXPECTED = EXPECTED / "expected_002_send_jcp.yaml"
_PARAGRAPHS = re.compile(r"<p>(.*?)</p>|<li>(.*?)</li>", re.S)


def cell_paragraphs(cell: str) -> list[str]:
    """A seed cell as the paragraphs a Word cell holds: its <p>s, and a list's bullets."""
    cell = re.sub(r"<ul[^>]*>(.*?)(?=<p>|</ul>|$)", lambda m: "".join(
        f"<li>• {b.strip()}</li>" for b in m[1].split("•") if b.strip()), cell, flags=re.S)
    parts = [a or b for a, b in _PARAGRAPHS.findall(cell)] or [cell]
    texts = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", p)).split()) for p in parts]
    return [t for t in texts if t]


def seed_docx(seed: Path, lines: tuple[int, int], out: Path, ruled: bool = True) -> Path:
    """The seed's lines as a landscape Word document: tab lines as tables (one per run of
    table lines; ruled, or set out by alignment alone), other lines as paragraphs."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.styles["Normal"].font.size = Pt(9)
    table = None
    text = seed.read_text(encoding="utf-8").splitlines()[lines[0] - 1: lines[1]]
    for line in text:
        if "\t" not in line:
            table = None
            if line.strip():
                document.add_paragraph(line.strip())
            continue
        cells = line.split("\t")
        if table is None or len(cells) != len(table.columns):
            table = document.add_table(rows=0, cols=len(cells))
            table.style = "Table Grid" if ruled else "Normal Table"
        for target, value in zip(table.add_row().cells, cells):
            paragraphs = cell_paragraphs(value)
            target.text = paragraphs[0] if paragraphs else ""
            for paragraph in paragraphs[1:]:
                target.add_paragraph(paragraph)
    document.save(str(out))
    return out


def docx_to_pdf(source: Path, folder: Path) -> Path:
    """`source` converted by LibreOffice in headless mode; exit 2 without it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        _stop("LibreOffice (soffice) is not installed; install libreoffice-writer to "
              "build the PDF")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                    str(source)], check=True, capture_output=True, timeout=300)
    return folder / f"{source.stem}.pdf"


def labelled_pairs(kg, document: str, lines: tuple[int, int] | None = None) -> set[tuple]:
    """(kind, objective, party or legislation) by normalised label, for the objectives
    of `document` (within `lines` when given)."""
    from sendkg.names import normalise

    pairs = set()
    for node in kg.nodes("Objective"):
        where = [s.line for s in node.sources if s.document == document]
        if not where or lines and not any(lines[0] <= w <= lines[1] for w in where):
            continue
        items = [node.id] + [e.o for e in kg.out_edges(node.id, "hasAction")]
        label = normalise(node.label)
        pairs |= {("officers", label, normalise(kg.node(e.o).label))
                  for i in items for e in kg.out_edges(i, "responsible")}
        pairs |= {("legislation", label, normalise(kg.node(e.o).label))
                  for e in kg.out_edges(node.id, "drivenBy")}
    return pairs


def text_and_pdf_pairs(pdf: Path, seed: Path, index) -> tuple[set, set]:
    """The pairs read from the seed text's action tables and from the PDF."""
    expected = yaml.safe_load(JCP_EXPECTED.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as two:
        text = labelled_pairs(built_graph(seed, index, Path(one)), seed.name,
                              tuple(expected["lines"]))
        found = labelled_pairs(built_graph(pdf, index, Path(two)), pdf.name)
    return text, found


def compare_pdf(pdf: Path, seed: Path, index, verbose: bool = False
                ) -> dict[str, tuple[int, int, int]]:
    """kind -> (text pairs, of them found in the PDF, PDF pairs not in the text)."""
    text, found = text_and_pdf_pairs(pdf, seed, index)
    if verbose:
        for pair in sorted(text - found):
            print(f"  missing from the PDF: {pair}")
        for pair in sorted(found - text):
            print(f"  only in the PDF: {pair}")
    return {kind: (len({p for p in text if p[0] == kind}),
                   len({p for p in text & found if p[0] == kind}),
                   len({p for p in found - text if p[0] == kind}))
            for kind in ("legislation", "officers")}


def _stop(message: str) -> None:
    """One line on stderr and exit code 2, as the sendkg commands do for bad input."""
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(2)


def _need(path: Path, what: str) -> Path:
    if not path.exists():
        _stop(f"{what} not found: {path}")
    return path


def pdf_report(args, index) -> int:
    seed = _need(args.seeds / JCP, "seed text")
    if args.make_pdf:
        with tempfile.TemporaryDirectory() as folder:
            built = docx_to_pdf(seed_docx(seed, (296, 336), Path(folder) / "jcp.docx",
                                          ruled=not args.unruled), Path(folder))
            shutil.copyfile(built, args.make_pdf)
        print(f"wrote {args.make_pdf}")
    pdf = _need(args.pdf or args.make_pdf, "PDF")
    print(f"{'pairs':18} {'text':>6} {'recovered':>10} {'share':>7} {'extra':>6}")
    worst = 1.0
    for kind, (total, recovered, extra) in compare_pdf(pdf, seed, index, args.verbose).items():
        share = recovered / total if total else 1.0
        worst = min(worst, share)
        print(f"{'(objective, ' + kind + ')':18} {total:>6} {recovered:>10} {share:>7.3f} "
              f"{extra:>6}")
    return 0 if worst >= args.threshold else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry-only", action="store_true")
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--pdf", type=Path, help="compare this PDF of the SEND joint "
                        "commissioning plan's tables with the seed text")
    parser.add_argument("--make-pdf", type=Path, metavar="OUT.pdf", help="build that PDF "
                        "from the seed text (Word, then LibreOffice), then compare")
    parser.add_argument("--unruled", action="store_true", help="with --make-pdf: tables "
                        "without ruling lines (read by text alignment)")
    args = parser.parse_args(argv)
    if not args.seeds.is_dir():
        _stop(f"seeds folder not found: {args.seeds} (give --seeds DIR)")
    if args.pdf:
        _need(args.pdf, "PDF")
    index, mode = reference_index(args.registry_only)
    print(f"identity: {mode}")
    if args.pdf or args.make_pdf:
        return pdf_report(args, index)
    print(f"{'document':28} {'pairs':18} {'found':>6} {'expected':>9} {'correct':>8} "
          f"{'precision':>10} {'recall':>7}")
    worst = 1.0
    for path in sorted(EXPECTED.glob("expected_*.yaml")):
        for kind, score in evaluate(path, index, args.seeds, args.verbose).items():
            worst = min(worst, score.precision, score.recall)
            print(f"{path.stem.removeprefix('expected_'):28} {'(objective, ' + kind + ')':18} "
                  f"{score.found:>6} {score.expected:>9} {score.correct:>8} "
                  f"{score.precision:>10.3f} {score.recall:>7.3f}")
    return 0 if worst >= args.threshold else 1


if __name__ == "__main__":
    sys.exit(main())
