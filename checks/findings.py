"""One model for what every check finds: lint rules, duplicates and SHACL shapes.

A `Finding` names the check's rule (a lint rule id, a kind of duplicate, a SHACL
shape), its severity, what it is about (`subject`, with `related` entities), a message
and the source lines to check. Checks that know more extend it (a duplicate pair keeps
its two sides and score) but every finding can be listed, counted and shown the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sendkg.records import Node, Source

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Subject:
    """What a finding is about: an entity, or an id nothing declares."""

    id: str
    type: str | None
    label: str

    @classmethod
    def of(cls, node: Node) -> Subject:
        return cls(node.id, node.type, node.label)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "label": self.label}


@dataclass(frozen=True)
class Issue:
    """One problem a rule found: about `subject`, stated at `sources`."""

    subject: Subject
    message: str
    sources: tuple[Source, ...] = ()
    related: tuple[Subject, ...] = ()  # other entities involved (a loop's boards, ...)
    origin: Source | None = None  # the dataset file and line, when the fix goes there
    # what differs between one rule's findings, shown after the subject where they are
    # listed as one block ("owns 14 live actions (more than 5)"); the message holds it too
    detail: str = ""


@dataclass(frozen=True)
class Finding(Issue):
    """An Issue with the rule that found it and the severity in force."""

    rule: str = ""
    severity: str = "warning"

    @classmethod
    def of(cls, rule: str, severity: str, issue: Issue) -> Finding:
        return cls(issue.subject, issue.message, issue.sources, issue.related, issue.origin,
                   issue.detail, rule, severity)

    def as_dict(self) -> dict[str, Any]:
        """The JSON result: the subject's id/type/label first, as every result has."""
        return {**self.subject.as_dict(), "rule": self.rule, "severity": self.severity,
                "message": self.message, "subject": self.subject.as_dict(),
                "related": [r.as_dict() for r in self.related],
                "sources": [s.as_dict() for s in self.sources],
                "origin": {"file": self.origin.document, "line": self.origin.line}
                if self.origin else None}
