"""Why a planning row says what it says: a message key and the numbers behind it.

Planning never writes sentences. Every ``reason`` it returns is a :class:`Reason`: a message
key (``"opportunity"``, ``"pillar"``, ...), the *facts* the sentence is made of (raw numbers,
panel labels wrapped in :class:`Label`, other reasons) and optional *parts*, the clauses that
follow the head. The interfaces (command line, reports, dashboard) render reasons in the
user's language from the message catalogue (:func:`advantage.i18n.render_reason`), so one
computation serves every language, and a program can read the numbers without parsing text.

Examples
--------
>>> r = Reason("density", {"density": 0.5})
>>> r.key, r.facts["density"]
('density', 0.5)
>>> Reason("opportunity", {"rank": 1}, (r,)).flat()
[('opportunity', {'rank': 1}), ('density', {'density': 0.5})]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pandas as pd

__all__ = ["Label", "Reason", "decode_value", "encode_value", "reason_column"]


class Label(NamedTuple):
    """A panel label inside a reason, so the interface can show its name in any language.

    ``axis`` is ``"region"`` or ``"activity"``; ``value`` is the label as the panel holds it.
    """

    axis: str
    value: Any

    def __str__(self) -> str:
        return str(self.value)


@dataclass(frozen=True, eq=True, slots=True)
class Reason:
    """A message key, the facts behind it, and the clauses that follow it.

    Attributes
    ----------
    key : str
        The message key, without the catalogue's ``reason.`` prefix.
    facts : mapping
        Field name -> value: numbers as they are (the catalogue formats them), labels as
        :class:`Label`, lists of either, or nested :class:`Reason` objects.
    parts : tuple of Reason
        Clauses rendered after the head, joined by the language's clause separator.
    """

    key: str
    facts: Mapping[str, Any] = field(default_factory=dict)
    parts: tuple[Reason, ...] = ()

    def __hash__(self) -> int:  # facts is a dict: a reason is a value, not a key
        raise TypeError("Reason objects are not hashable")

    def flat(self) -> list[tuple[str, dict[str, Any]]]:
        """The head and every part (depth first) as ``(key, facts)`` pairs."""
        out = [(self.key, dict(self.facts))]
        for part in self.parts:
            out.extend(part.flat())
        return out

    def keys(self) -> list[str]:
        """Every message key this reason uses, head first."""
        return [key for key, _ in self.flat()]

    def fact(self, name: str, default: Any = None) -> Any:
        """The first fact called ``name`` in the head or its parts (depth first)."""
        for _, facts in self.flat():
            if name in facts:
                return facts[name]
        return default

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.facts.items())
        parts = "".join(f"; {p!r}" for p in self.parts)
        return f"{self.key}({inner}){parts}"


def reason_column(frame: pd.DataFrame, reasons: Iterable[Reason]) -> pd.Series:
    """Reasons as an object column aligned with ``frame``'s rows."""
    return pd.Series(list(reasons), index=frame.index, dtype=object)


def encode_value(value: Any) -> Any:
    """A cell value (reason, label, list of them, number, text) as JSON-ready data.

    :func:`decode_value` turns it back into the same value, so tables of reasons can be
    stored (the dashboard keeps its computed tables in the workspace).

    Examples
    --------
    >>> reason = Reason("near", {"to": [Label("activity", "0101")], "share": 0.5})
    >>> decode_value(encode_value(reason)) == reason
    True
    """
    if isinstance(value, Reason):
        return {"reason": value.key, "facts": encode_value(dict(value.facts)),
                "parts": [encode_value(p) for p in value.parts]}
    if isinstance(value, Label):
        return {"label": value.axis, "value": encode_value(value.value)}
    if isinstance(value, Mapping):
        return {"map": {str(k): encode_value(v) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return [encode_value(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, str):  # numpy scalars and arrays
        return encode_value(value.tolist())
    return value


def decode_value(data: Any) -> Any:
    """The value :func:`encode_value` encoded (lists come back as lists)."""
    if isinstance(data, list):
        return [decode_value(v) for v in data]
    if isinstance(data, dict):
        if "reason" in data:
            return Reason(data["reason"], decode_value(data["facts"]),
                          tuple(decode_value(p) for p in data["parts"]))
        if "label" in data:
            return Label(data["label"], decode_value(data["value"]))
        return {k: decode_value(v) for k, v in data["map"].items()}
    return data
