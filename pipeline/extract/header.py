"""Header detection by column-name synonyms → one role per column."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

ROLES = ("seq", "goal", "content", "leader", "lead_unit", "resp_unit")

# Order matters: more specific names first ("区政府分管领导" before anything with 单位).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "序"),
    "goal": ("目标名称", "目标任务", "任务类别", "目标", "类别", "领域", "重点任务", "工作目标", "板块"),
    "content": ("工作内容", "工作标准", "任务内容", "具体任务", "主要任务", "工作任务", "任务名称", "工作要求", "目标任务内容", "内容"),
    "leader": ("分管领导", "责任领导", "区政府分管领导", "县政府分管领导", "牵头领导", "领导", "分管区长"),
    "lead_unit": ("牵头单位", "牵头部门", "主办单位", "责任单位（牵头）", "主责单位"),
    "resp_unit": ("责任单位", "配合单位", "协办单位", "参与单位", "协同单位", "责任部门", "配合部门"),
}

_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return _WS.sub("", text or "")


@lru_cache(maxsize=4096)  # every row of a table is tried as a header; its cells repeat
def role_of(label: str) -> Optional[str]:
    """The role a header label names, or None."""
    s = squash(label)
    if not s or len(s) > 14:
        return None
    # exact first, then containment; leader before units because "区政府分管领导" has no 单位
    for role in ("leader", "lead_unit", "resp_unit", "content", "seq", "goal"):
        if s in SYNONYMS[role]:
            return role
    for role in ("leader", "lead_unit", "resp_unit", "content", "goal", "seq"):
        if any(len(syn) >= 2 and syn in s for syn in SYNONYMS[role]):
            return role
    return None


def header_roles(texts: list[str]) -> Optional[list[Optional[str]]]:
    """Roles for a candidate header row, or None if it is not a header.

    A header names a content column and at least one of leader/lead unit/goal. A blank header
    cell right after a goal column is the goal's second level (a two-level 目标名称).
    """
    roles = [role_of(t) for t in texts]
    if "content" not in roles or sum(r is not None for r in roles) < 2:
        return None
    if not ({"leader", "lead_unit", "resp_unit", "goal"} & set(roles)):
        return None
    for i in range(1, len(roles)):
        if roles[i] is None and not squash(texts[i]) and roles[i - 1] == "goal":
            roles[i] = "goal"
    return roles


def is_header_like(texts: list[str]) -> bool:
    return header_roles(texts) is not None
