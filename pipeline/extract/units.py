"""The unit vocabulary (units.toml) in one place: every unit a target's number may be followed by,
longest first, so 万平方米 wins over 平方米, 个百分点 over 个, 微克/立方米 over 微克; and what each
measures."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, str]:
    """unit → kind (rate, currency, mass, area, length, volume, energy, people, count, concentration)."""
    data = tomllib.loads(resources.files("pipeline.extract").joinpath("units.toml").read_text(encoding="utf-8"))
    magnitudes = data["magnitudes"].split()
    out: dict[str, str] = {}
    for kind, forms in data["kinds"].items():
        for unit in forms.get("compound", "").split() + forms.get("plain", "").split():
            out.setdefault(unit, kind)
        for unit in forms.get("scaled", "").split():
            out.setdefault(unit, kind)
            for m in magnitudes:
                out.setdefault(m + unit, kind)
    return out


@lru_cache(maxsize=1)
def units_longest_first() -> tuple[str, ...]:
    return tuple(sorted(vocabulary(), key=len, reverse=True))


def kind(unit: str) -> str:
    return vocabulary().get(unit, "count")
