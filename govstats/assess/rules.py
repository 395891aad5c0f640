"""The veto items as data: the national rules file plus an office's local rules, merged and checked.

The national file (govstats/assess/data/rules.yaml) holds each item's thresholds, windows and
source. An office passes its own YAML (``--rules FILE`` or ``local_rules:`` in run.yaml) to
change thresholds, give a deduction table or count 突出问题 as failures; nothing else changes
a rule. Every parameter an office sets is recorded, so each verdict says whether a national
or a local number decided it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govstats.errors import GovstatsError

NATIONAL = Path(__file__).resolve().parent / "data" / "rules.yaml"
SCORING_KEYS = ("prominent_counts_as_failure", "deductions", "pass_score")


@dataclass
class Rules:
    """Merged rules: items {id: {unit, label_zh, category, wording, source, params}}, scoring, what is local."""

    items: dict[str, dict[str, Any]]
    scoring: dict[str, Any]
    local: set[tuple[str, str]] = field(default_factory=set)  # (item id, param) set by the office
    local_file: str | None = None

    def param(self, item: str, name: str) -> Any:
        return self.items[item]["params"][name]

    def source_of(self, item: str, names: tuple[str, ...] = ()) -> str:
        """'local' when the office set any of these parameters of item (all when names is empty)."""
        set_here = {p for i, p in self.local if i == item}
        return "local" if (set_here & set(names) if names else set_here) else "national"


def _load_yaml(path: Path) -> Any:
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GovstatsError(f"{path}: rules file does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GovstatsError(f"{path}: cannot read the rules file ({exc})") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise GovstatsError(f"{path}: not valid YAML{where}") from None


def load_rules(local: str | Path | None = None) -> Rules:
    """The national rules, with the office's local file (if any) applied on top."""
    base = _load_yaml(NATIONAL)
    rules = Rules(items=copy.deepcopy(base["items"]), scoring=dict(base["scoring"]))
    if local is None:
        return rules
    path = Path(local)
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise GovstatsError(f"{path}: a rules file is a mapping with 'items' and/or 'scoring'")
    unknown = sorted(set(data) - {"items", "scoring", "note"})
    if unknown:
        raise GovstatsError(f"{path}: unknown key(s) {', '.join(unknown)} (allowed: items, scoring, note)")
    for item, params in (data.get("items") or {}).items():
        if item not in rules.items:
            raise GovstatsError(f"{path}: unknown item {item!r} (items: {', '.join(rules.items)})")
        if not isinstance(params, dict):
            raise GovstatsError(f"{path}: items.{item} must map parameter names to values")
        for name, value in params.items():
            have = rules.items[item]["params"]
            if name not in have:
                raise GovstatsError(f"{path}: item {item} has no parameter {name!r} "
                                    f"(parameters: {', '.join(have) or 'none'})")
            _check_value(path, f"items.{item}.{name}", have[name], value)
            have[name] = value
            rules.local.add((item, name))
    for name, value in (data.get("scoring") or {}).items():
        if name not in SCORING_KEYS:
            raise GovstatsError(f"{path}: unknown scoring key {name!r} (allowed: {', '.join(SCORING_KEYS)})")
        if name == "deductions":
            value = _deductions(path, value)
        elif name == "prominent_counts_as_failure" and not isinstance(value, bool):
            raise GovstatsError(f"{path}: scoring.prominent_counts_as_failure must be true or false")
        elif name == "pass_score" and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise GovstatsError(f"{path}: scoring.pass_score must be a number")
        rules.scoring[name] = value
        rules.local.add(("scoring", name))
    rules.local_file = str(path)
    return rules


def _check_value(path: Path, where: str, national: Any, value: Any) -> None:
    """A local value must have the national value's kind (number, list of text); null params take numbers."""
    if isinstance(national, list):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise GovstatsError(f"{path}: {where} must be a list of text")
    elif isinstance(national, bool):
        if not isinstance(value, bool):
            raise GovstatsError(f"{path}: {where} must be true or false")
    elif national is None or isinstance(national, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise GovstatsError(f"{path}: {where} must be a number >= 0, not {value!r}")


def _deductions(path: Path, value: Any) -> list[dict[str, Any]] | None:
    """The office's deduction table: [{kind, points, cap?}] per confirmed finding of that kind."""
    if value is None:
        return None
    if not isinstance(value, list):
        raise GovstatsError(f"{path}: scoring.deductions must be a list of {{kind, points, cap}}")
    out = []
    for i, row in enumerate(value, 1):
        if not isinstance(row, dict) or not isinstance(row.get("kind"), str):
            raise GovstatsError(f"{path}: scoring.deductions entry {i} needs a kind (text)")
        pts, cap = row.get("points"), row.get("cap")
        for name, v in (("points", pts), ("cap", cap)):
            if v is None and name == "cap":
                continue
            if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
                raise GovstatsError(f"{path}: scoring.deductions entry {i} ({row['kind']}): {name} must be a number >= 0")
        out.append({"kind": row["kind"], "points": pts, "cap": cap})
    return out
