"""A synthetic corpus of councils' plans in the dataset format, for scale work.

Each council gets about five plans (each ~10 objectives x ~10 actions), ~200 officers
drawn from a small pool of common names (so two officers of one council can share a
name, as in life), posts, organisations, a governance tree 4-6 levels deep, and drivers
from the shared legislation registry. The same seed always writes the same files.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from sendkg.files import write_atomically

FIRST_NAMES = ["James", "Sarah", "Mark", "Gill", "Paul", "Julie", "Karen", "David", "Helen",
               "Peter", "Susan", "John", "Claire", "Michael", "Emma", "Andrew", "Lisa",
               "Richard", "Joanne", "Ian", "Carole", "Stephen", "Rachel", "Alan", "Janet"]
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Wilson", "Johnson", "Davies", "Robinson",
            "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
            "Wood", "Jackson", "Clarke", "Harrison", "Dunn", "Lawther", "Shadforth", "Nokes"]
THEMES = ["short breaks", "travel training", "speech and language therapy", "transition",
          "autism pathway", "equipment and adaptations", "mental health support",
          "early years pathway", "youth offending health", "high needs provision",
          "independent placements", "personal budgets", "co-production", "local offer"]
VERBS = ["Review", "Re-commission", "Map", "Design", "Jointly evaluate", "Consult on",
         "Procure", "Pilot", "Establish", "Extend"]
LEGISLATION = ["leg:children-and-families-act-2014", "leg:care-act-2014",
               "leg:send-code-of-practice", "leg:health-and-social-care-act-2012",
               "leg:nhs-act-2006", "leg:children-act-1989", "leg:autism-act-2009",
               "leg:equality-act-2010", "leg:crime-and-disorder-act-1998"]
BOARD_LEVELS = [["health-and-wellbeing-board"], ["children-and-families-partnership"],
                ["send-strategy-group", "safeguarding-partnership"],
                ["send-joint-commissioning-partnership", "healthy-child-board"],
                ["short-breaks-working-group", "autism-steering-group", "transition-panel"],
                ["local-offer-task-group"]]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


class _Council:
    """Writes one council's document files; `line` counts lines of an imaginary paper."""

    def __init__(self, number: int, rng: random.Random):
        self.code, self.rng, self.line = f"c{number:03d}", rng, 0
        self.name = f"Council {number:03d}"

    def next_line(self) -> int:
        self.line += 1
        return self.line

    def officers(self, count: int) -> list[dict]:
        people, seen = [], {}
        for _ in range(count):
            name = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(SURNAMES)}"
            slug = name.lower().replace(" ", "-")
            seen[slug] = seen.get(slug, 0) + 1
            suffix = f"-{seen[slug]}" if seen[slug] > 1 else ""  # a namesake: a different person
            people.append({"id": f"person:{self.code}-{slug}{suffix}", "type": "Person",
                           "label": name, "line": self.next_line()})
        return people

    def governance(self) -> tuple[list[dict], list[dict]]:
        depth = self.rng.randint(4, 6)
        boards, relations, parents = [], [], []
        for level in BOARD_LEVELS[:depth]:
            current = []
            for slug in level:
                board_id = f"board:{self.code}-{slug}"
                boards.append({"id": board_id, "type": "Board", "kind": "board",
                               "label": f"{self.name} {slug.replace('-', ' ').title()}",
                               "line": self.next_line()})
                if parents:
                    relations.append({"s": board_id, "p": "reportsTo",
                                      "o": self.rng.choice(parents), "line": self.line,
                                      "frequency": self.rng.choice(["quarterly", "annual"])})
                current.append(board_id)
            parents = current
        return boards, relations

    def plan(self, index: int, people: list[dict], boards: list[dict]) -> tuple[list, list]:
        plan_id = f"plan:{self.code}-plan-{index}"
        entities = [{"id": plan_id, "type": "Plan", "kind": "commissioning plan",
                     "label": f"{self.name} Joint Commissioning Plan {index}",
                     "period": "2024-2027", "line": self.next_line()}]
        relations = [{"s": plan_id, "p": "ownedBy", "o": f"org:{self.code}-council",
                      "line": self.line},
                     {"s": plan_id, "p": "monitoredBy", "o": self.rng.choice(boards)["id"],
                      "line": self.line, "frequency": "quarterly"}]
        for number in range(1, self.rng.randint(8, 12) + 1):
            more = self.objective(plan_id, f"{index}-{number}", people)
            entities += more[0]
            relations += more[1]
        return entities, relations

    def objective(self, plan_id: str, number: str, people: list[dict]) -> tuple[list, list]:
        theme = self.rng.choice(THEMES)
        obj_id = f"obj:{self.code}-{number}"
        entities = [{"id": obj_id, "type": "Objective", "label": f"Improve {theme}",
                     "number": number, "line": self.next_line()}]
        relations = [{"s": plan_id, "p": "hasObjective", "o": obj_id, "line": self.line},
                     {"s": obj_id, "p": "drivenBy", "o": self.rng.choice(LEGISLATION),
                      "line": self.line}]
        for step in range(1, self.rng.randint(8, 12) + 1):
            act_id = f"act:{self.code}-{number}-{step}"
            month = self.rng.randrange(12)
            entities.append({"id": act_id, "type": "Action", "line": self.next_line(),
                             "label": f"{self.rng.choice(VERBS)} {theme} step {step}",
                             "timescale": f"{MONTHS[month]} 2025", "end": f"2025-{month + 1:02d}"})
            relations += [{"s": obj_id, "p": "hasAction", "o": act_id, "line": self.line},
                          {"s": act_id, "p": "responsible", "o": self.rng.choice(people)["id"],
                           "line": self.line, "role": "lead"}]
        return entities, relations

    def write(self, folder: Path, plans: int, officers: int) -> None:
        people = self.officers(officers)
        council = {"id": f"org:{self.code}-council", "type": "Organisation",
                   "kind": "local authority", "label": f"{self.name} County Council",
                   "line": self.next_line()}
        boards, governance = self.governance()
        entities, relations = [council, *people, *boards], governance
        for index in range(1, plans + 1):
            more = self.plan(index, people, boards)
            entities += more[0]
            relations += more[1]
        document = {"id": f"doc:{self.code}-plans", "file": f"{self.code}_plans.txt",
                    "title": f"{self.name} plans", "line": 1}
        content = {"document": document, "entities": entities, "relations": relations}
        text = yaml.dump(content, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                         sort_keys=False, default_flow_style=None, width=200)
        write_atomically(folder / "documents" / f"{self.code}.yaml", text.encode())


def write_synthetic(folder: Path, councils: int, seed: int = 0, plans: int = 5,
                    officers: int = 200) -> Path:
    """Write `councils` councils' plans into `folder` (with the shared registry).

    Raises OutputError when `folder` is an existing file (or lies under one)."""
    from sendkg.errors import OutputError
    from sendkg.graph import bundled_data_dir

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(folder, "it is a file; give a folder to write the dataset into")
    rng = random.Random(seed)
    (folder / "registry").mkdir(parents=True, exist_ok=True)
    shutil.copy(bundled_data_dir() / "registry" / "legislation.yaml",
                folder / "registry" / "legislation.yaml")
    for number in range(1, councils + 1):
        _Council(number, random.Random(rng.random())).write(folder, plans, officers)
    return folder
