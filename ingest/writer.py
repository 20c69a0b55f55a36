"""Write ingest results as dataset YAML for a person to review, with a registry copy.

Each document becomes one file in the format of data/FORMAT.md: its entities and
relations, then the near matches to review and the warnings as comments. Registry
entries the documents link to but the output folder lacks are copied beside them, so
the folder builds on its own. Every file is written atomically.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from sendkg.errors import SendkgError
from sendkg.files import write_atomically
from sendkg.ingest.drafts import slug
from sendkg.ingest.name_index import NameIndex
from sendkg.ingest.pipeline import IngestResult

REGISTRY_FILE = Path("registry") / "ingested.yaml"
# libyaml's safe loader when present: a dataset folder beside the output may hold many
# megabytes of YAML, read here only for its registry ids
_FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FAST_SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _flow(entry: dict) -> str:
    # libyaml's emitter (same output as PyYAML's): the Python one took most of the time
    # of ingesting a 100,000-row table
    return yaml.dump(entry, Dumper=_FAST_SAFE_DUMPER, default_flow_style=True, width=10**6,
                     sort_keys=False, allow_unicode=True).strip()


def buildable(entities: list[dict], relations: list[dict],
              file: str) -> tuple[list, list, list[str]]:
    """(entities, relations, warnings): the drafts `sendkg build` accepts. An entity
    whose label is empty (a cell of spaces or stripped control characters) is left out
    with its relations; a start or end that is not a calendar date, or a start after its
    end, is left out (the timescale keeps the words). Each is said in a warning, so
    ingest never writes what build refuses and never drops a row silently."""
    from sendkg.loaders.dataset import DATE_KEYS, _calendar_date

    kept, dropped, warnings = [], set(), []
    for entity in entities:
        where = f"{file}:{entity.get('line') or (entity.get('lines') or ['?'])[0]}"
        if not str(entity.get("label") or "").strip():
            dropped.add(entity["id"])
            warnings.append(f"{where}: a {entity.get('type', 'entity')} with no name left out")
            continue
        dates = {k: _calendar_date(str(entity[k])) for k in DATE_KEYS if k in entity}
        bad = [k for k, v in dates.items() if v is None]
        if dates.get("start") and dates.get("end") and \
                dates["start"][:len(dates["end"])] > dates["end"][:len(dates["start"])]:
            bad = ["start", "end"]
        for key in bad:
            warnings.append(f"{where}: {key} {entity.pop(key)!r} of {entity['label']!r} "
                            f"left out (not a date, or after the end); timescale keeps "
                            f"the words")
        kept.append(entity)
    relations = [r for r in relations if r["s"] not in dropped and r["o"] not in dropped]
    return kept, relations, warnings


def dataset_yaml(result: IngestResult) -> str:
    """The document file in the dataset format, review list and warnings as comments."""
    draft = result.draft
    entities, relations, refused = buildable(draft.entities_yaml(), draft.relations_yaml(),
                                           result.path.name)
    draft.warnings.extend(w for w in refused if w not in draft.warnings)
    lines = [f"# Written by `sendkg ingest` from {result.path.name}. Check each fact against",
             "# the source before relying on it; near matches to review are listed at the end.",
             yaml.safe_dump({"document": result.document}, sort_keys=False,
                            allow_unicode=True).rstrip(),
             "entities:"]
    lines += [f"  - {_flow(entity)}" for entity in entities]
    lines.append("relations:")
    lines += [f"  - {_flow(relation)}" for relation in relations]
    for item in draft.review:
        similar = ", ".join(f"{s['id']} ({s['label']!r}"
                            + (f", score {s['score']})" if s["score"] else ")")
                            for s in item["similar"])
        lines.append(f"# review: {item['id']} ({item['name']!r}, line {item['source']['line']}):"
                     f" {item['reason']}: {similar}")
    lines += [f"# warning: {warning}" for warning in draft.warnings]
    if not entities:
        lines[lines.index("entities:")] = "entities: []"
    if not relations:
        lines[lines.index("relations:")] = "relations: []"
    return "\n".join(lines) + "\n"


def _registry_ids(root: Path, skip: set[Path]) -> set[str]:
    """Ids the YAML files below `root` already declare in `registry:` lists."""
    found = set()
    for path in sorted(root.rglob("*.y*ml")) if root.is_dir() else []:
        if path.resolve() in skip:
            continue
        try:
            content = yaml.load(path.read_text(encoding="utf-8"), Loader=_FAST_SAFE_LOADER)
        except (yaml.YAMLError, OSError, UnicodeDecodeError):
            continue
        if isinstance(content, dict) and isinstance(content.get("registry"), list):
            found.update(e.get("id") for e in content["registry"] if isinstance(e, dict))
    return found


def registry_entries(index: NameIndex, ids: set[str]) -> list[dict]:
    """Registry entries (label, aliases, fixed properties) to copy beside a document."""
    entries = []
    for node_id in sorted(ids):
        known = index.known[node_id]
        entry = {"id": known.id, "type": known.type, "label": known.label}
        if known.aliases:
            entry["aliases"] = list(known.aliases)
        entry.update({k: v for k, v in known.props})
        entries.append(entry)
    return entries


def dataset_root(output: Path) -> Path:
    """The dataset folder an output file belongs to (the parent of a documents/ folder)."""
    folder = output.parent
    return folder.parent if folder.name == "documents" else folder


def write_registry_copy(root: Path, index: NameIndex, used: set[str],
                        written: list[Path]) -> Path | None:
    """Copy the registry entries the documents use but `root` lacks; merge with an
    earlier copy. Returns the file written, if any."""
    target = root / REGISTRY_FILE
    missing = used - _registry_ids(root, {p.resolve() for p in [*written, target]})
    if not missing:
        return None
    old = []
    if target.is_file():
        content = yaml.safe_load(target.read_text(encoding="utf-8")) or {}
        old = [e for e in content.get("registry", []) if e.get("id") not in missing]
    entries = old + registry_entries(index, missing)
    entries.sort(key=lambda e: e["id"])
    text = ("# Registry entries copied by `sendkg ingest` so this folder builds on its own.\n"
            + yaml.safe_dump({"registry": entries}, sort_keys=False, allow_unicode=True))
    write_atomically(target, text.encode())
    return target


def output_paths(results: list[IngestResult], output: Path) -> list[tuple[IngestResult, Path]]:
    """Where each good result is written: `output` itself, or `output/<stem>.yaml`."""
    good = [r for r in results if r.error is None]
    if output.suffix.lower() in {".yaml", ".yml"} and not output.is_dir():
        if len(good) > 1:
            raise SendkgError(f"-o {output} names one file but {len(good)} documents were "
                              f"read; give a folder instead")
        return [(r, output) for r in good]
    return [(r, output / f"{slug(r.path.stem)}.yaml") for r in good]


def write_outputs(results: list[IngestResult], output: Path, index: NameIndex) -> list[Path]:
    """Write each document file (and the registry copy) atomically; return the paths."""
    placed = output_paths(results, Path(output))
    written = []
    for result, path in placed:
        write_atomically(path, dataset_yaml(result).encode())
        written.append(path)
    used = set().union(*(r.draft.registry_used for r, _ in placed)) if placed else set()
    roots = {dataset_root(path) for path in written}
    for root in sorted(roots):
        copy = write_registry_copy(root, index, used, written)
        if copy:
            written.append(copy)
    return written
