"""Rule settings: the defaults shipped as data, and a council's overrides.

Both files have one shape, so a council can copy the defaults and edit them:

    rules:
      objective-without-driver: false        # switched off
      board-without-chair: info              # a severity on its own
      officer-overloaded:
        max_live_actions: 5                  # any parameter the rule reads
      priority-without-owner: {severity: warning, inherit: false}

Files are read with safe YAML semantics; a typo, an unknown rule id or a bad value
raises one LoaderError naming the file and line.

>>> defaults = default_settings()
>>> defaults["officer-overloaded"].params["max_live_actions"]
5
>>> settings_from(defaults, {"rules": {"officer-overloaded": {"max_live_actions": 3}}},
...               "council.yaml")["officer-overloaded"].params["max_live_actions"]
3
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from sendkg.checks.findings import SEVERITIES
from sendkg.checks.lint_model import registered_rules

from sendkg.errors import LoaderError
from sendkg.yaml_lines import read_yaml

SETTING_KEYS = ("enabled", "severity", "description", "group")
GROUPS = ("plans", "registry")  # registry: housekeeping of the tool's own registry
TYPE_WORDS = {"bool": "true or false", "int": "a whole number (0 or more)",
              "text": "a text", "texts": "a list of texts", "pairs": "a list of pairs of ids"}


@dataclass(frozen=True)
class RuleSettings:
    """One rule as configured: on or off, its severity and its parameter values."""

    id: str
    severity: str
    enabled: bool = True
    description: str = ""
    params: dict[str, Any] | None = None
    group: str = "plans"  # "registry" rules run only when asked (`lint --registry`)


def defaults_path() -> Path:
    """The shipped defaults (data/lint_rules.yaml, installed as sendkg.data)."""
    return Path(str(resources.files("sendkg.data") / "lint_rules.yaml"))


def default_settings() -> dict[str, RuleSettings]:
    """Every rule's defaults; every registered rule must appear there."""
    path, rules = defaults_path(), registered_rules()
    empty = {rule_id: RuleSettings(rule_id, "", params={}) for rule_id in rules}
    content = read_yaml(path)
    settings = settings_from(empty, content, str(path))
    settings = {rule_id: settings[rule_id] for rule_id in content["rules"]}  # file order
    missing = [rule_id for rule_id in rules if rule_id not in settings
               or settings[rule_id].severity not in SEVERITIES
               or set(settings[rule_id].params) != set(rules[rule_id].params)]
    if missing:
        raise LoaderError(path, None, f"defaults incomplete for rules {missing}")
    return settings


def in_force(settings: dict[str, RuleSettings], registry: bool) -> dict[str, RuleSettings]:
    """`settings` with the registry group switched off unless `registry` is asked for.

    >>> in_force(default_settings(), False)["legislation-not-in-registry"].enabled
    False
    """
    return {rule_id: s if registry or s.group != "registry" else replace(s, enabled=False)
            for rule_id, s in settings.items()}


def read_settings(path: Path | str | None) -> dict[str, RuleSettings]:
    """The defaults with a council's config file (if any) laid over them."""
    defaults = default_settings()
    if path is None:
        return defaults
    return settings_from(defaults, read_yaml(Path(path)), str(path))


def settings_from(base: dict[str, RuleSettings], content, path: str) -> dict[str, RuleSettings]:
    """`base` with the `rules:` mapping of one parsed file applied."""
    if content is None:
        return dict(base)
    if not isinstance(content, dict) or set(content) - {"rules"}:
        line = _first_line(content, set(content) - {"rules"} if isinstance(content, dict) else ())
        raise LoaderError(path, line, "expected one top-level key, 'rules:', holding a "
                                      "mapping from rule id to its settings")
    rules = content.get("rules") or {}
    if not isinstance(rules, dict):
        raise LoaderError(path, _line(content, "rules"), "'rules' must be a mapping from "
                                                         "rule id to its settings")
    settings = dict(base)
    for rule_id, value in rules.items():
        line = _line(rules, rule_id)
        if rule_id not in base:
            raise LoaderError(path, line, f"unknown rule {rule_id!r}; known rules: "
                                          f"{', '.join(sorted(base))}")
        settings[rule_id] = _apply(base[rule_id], value, path, line)
    return settings


def _apply(rule: RuleSettings, value, path: str, line: int | None) -> RuleSettings:
    if isinstance(value, bool):
        return replace(rule, enabled=value)
    if isinstance(value, str):
        _check_severity(rule.id, value, path, line)
        return replace(rule, severity=value)
    if not isinstance(value, dict):
        raise LoaderError(path, line, f"rule {rule.id!r}: expected true, false, a severity "
                                      f"({', '.join(SEVERITIES)}) or a mapping of settings")
    params = dict(rule.params or {})
    changes: dict[str, Any] = {}
    for key, setting in value.items():
        where = _line(value, key)
        if key in SETTING_KEYS:
            changes[key] = _setting(rule.id, key, setting, path, where)
        elif key in registered_rules()[rule.id].params:
            params[key] = _param(rule.id, key, setting, path, where)
        else:
            known = [*SETTING_KEYS, *registered_rules()[rule.id].params]
            raise LoaderError(path, where, f"rule {rule.id!r} has no setting {key!r}; "
                                           f"known: {', '.join(known)}")
    return replace(rule, params=params, **changes)


def _setting(rule_id: str, key: str, value, path: str, line: int | None):
    if key == "severity":
        _check_severity(rule_id, value, path, line)
    elif key == "enabled" and not isinstance(value, bool):
        raise LoaderError(path, line, f"rule {rule_id!r}: enabled must be true or false, "
                                      f"got {value!r}")
    elif key == "description" and not isinstance(value, str):
        raise LoaderError(path, line, f"rule {rule_id!r}: description must be a text")
    elif key == "group" and value not in GROUPS:
        raise LoaderError(path, line, f"rule {rule_id!r}: group must be one of "
                                      f"{', '.join(GROUPS)}, got {value!r}")
    return value


def _check_severity(rule_id: str, value, path: str, line: int | None) -> None:
    if value not in SEVERITIES:
        raise LoaderError(path, line, f"rule {rule_id!r}: severity must be one of "
                                      f"{', '.join(SEVERITIES)}, got {value!r}")


def _param(rule_id: str, key: str, value, path: str, line: int | None):
    kind = registered_rules()[rule_id].params[key]
    if not conforms(value, kind):
        raise LoaderError(path, line, f"rule {rule_id!r}: {key} must be {TYPE_WORDS[kind]}, "
                                      f"got {value!r}")
    return value


def conforms(value, kind: str) -> bool:
    """Whether a YAML value has the parameter type `kind`.

    >>> conforms(5, "int"), conforms(True, "int"), conforms("5", "int")
    (True, False, False)
    >>> conforms([["person:a", "person:b"]], "pairs"), conforms(["person:a"], "pairs")
    (True, False)
    """
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if kind == "text":
        return isinstance(value, str)
    if kind == "texts":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, list) and all(
        isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v)
        for v in value)


def _line(mapping, key) -> int | None:
    return mapping.line_of(key) if hasattr(mapping, "line_of") else None


def _first_line(content, keys) -> int | None:
    lines = [_line(content, key) for key in keys]
    return min((n for n in lines if n), default=getattr(content, "line", None) or 1)
