"""Render planning reasons (message key + facts) as sentences in one language.

A reason's template is the catalogue entry ``reason.<key>``; its ``{fields}`` are filled from
the reason's facts with Python's format mini-language (``{lq:.2f}``, ``{share:.1%}``,
``{km:,.0f}``) plus one extension, ``pp``: ``{growth:+.1pp}`` shows a rate as percentage
points (``0.012`` -> ``+1.2``; ``{share:gpp}`` -> ``5`` for ``0.05``). A segment of a
template in square brackets is *optional*: it is left out when any fact it names is missing
(absent, None, NaN or empty), so ``[; PCI {pci:.2f}]`` appears only where PCI is known.
Missing numbers outside optional segments show as the language's ``n/a``.
Fact values that are :class:`~advantage.reasons.Label` objects show the label's
name in the language (through ``names`` for regions and activities, the catalogue for coded
terms such as ``approach`` or ``endowment``); lists are joined with the language's name
separator; nested reasons are rendered in turn. The parts of a reason follow its head (or
fill a ``{parts}`` field), joined with the language's clause separator.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError
from advantage.i18n._catalogue import check_lang, messages
from advantage.reasons import Label, Reason

__all__ = ["Names", "render_frame", "render_reason", "render_reasons"]

#: Display names: ``names(axis, label)`` -> text, or None to show the label as it is.
Names = Callable[[str, Any], "str | None"]


class _Formatter(string.Formatter):
    def __init__(self, lang: str, names: Names | None) -> None:
        self.lang, self.names, self.table = lang, names, messages(lang)

    def get_value(self, key: int | str, args: Any, kwargs: Any) -> Any:
        """A fact by name; a fact the reason lacks shows as missing, not as an error."""
        return kwargs.get(key) if isinstance(key, str) else super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> str:
        value = self.show(value)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return self.table["format.na"]
        if isinstance(value, str):
            return format(value, "")
        if format_spec.endswith("pp"):
            spec = format_spec[:-2]
            return format(100.0 * float(value), spec if spec[-1:] in ("f", "g", "e") else
                          spec + "f")
        return format(value, format_spec)

    def show(self, value: Any) -> Any:
        """A fact as something ``format`` can take: text for labels, lists and reasons."""
        if isinstance(value, Reason):
            return self.render(value)
        if isinstance(value, Label):
            return self.label(value)
        if isinstance(value, list | tuple):
            return self.table["format.sep.names"].join(
                str(self.format_field(v, "")) for v in value)
        if isinstance(value, np.generic):
            return value.item()
        return value

    def label(self, label: Label) -> str:
        if label.axis in ("region", "activity"):
            shown = self.names(label.axis, label.value) if self.names is not None else None
            return shown if shown is not None else str(label.value)
        return self.table.get(f"{label.axis}.{label.value}", str(label.value))

    def render(self, reason: Reason) -> str:
        template = self.table.get(f"reason.{reason.key}")
        if template is None:
            raise AdvantageError(f"reason key {reason.key!r} has no message in the "
                                 f"{self.lang!r} catalogue (reasons.json).")
        parts = [self.render(p) for p in reason.parts]
        joined = self.table["format.sep.clause"].join(p for p in parts if p)
        fields = dict(reason.facts)
        if "{parts}" in template:
            fields["parts"] = joined
            return self.fill(template, fields)
        head = self.fill(template, fields)
        return self.table["format.sep.clause"].join(p for p in (head, joined) if p)

    def fill(self, template: str, fields: dict[str, Any]) -> str:
        """Format ``template``, leaving out optional ``[...]`` segments with missing facts."""
        out = []
        for i, segment in enumerate(_OPTIONAL.split(template)):
            if i % 2 and not all(_known(fields.get(name)) for name in _names(segment)):
                continue
            out.append(self.format(segment, **fields))
        return "".join(out)


_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


def _names(segment: str) -> list[str]:
    """The field names a template segment uses."""
    return [name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(segment) if name]


def _known(value: Any) -> bool:
    """False for a missing fact: None, NaN, an empty string or an empty list."""
    if value is None:
        return False
    if isinstance(value, float | np.floating):
        return not math.isnan(value)
    if isinstance(value, str | list | tuple):
        return len(value) > 0
    return True


def render_reason(reason: Reason | None, lang: str = "en", *,
                  names: Names | None = None) -> str:
    """One reason as a sentence in ``lang`` (an empty string for None).

    Examples
    --------
    >>> r = Reason("related_item", {"activity": Label("activity", "C13"), "proximity": 0.4567})
    >>> render_reason(r), render_reason(r, "zh", names=lambda axis, label: "农副食品")
    ('C13 (0.46)', '农副食品（0.46）')
    """
    if reason is None or (isinstance(reason, float) and math.isnan(reason)):
        return ""
    return _Formatter(check_lang(lang), names).render(reason)


def render_reasons(reasons: Iterable[Reason | None], lang: str = "en", *,
                   names: Names | None = None) -> list[str]:
    """Many reasons as sentences (one formatter, so the catalogue is looked up once)."""
    formatter = _Formatter(check_lang(lang), names)
    return ["" if r is None or not isinstance(r, Reason) else formatter.render(r)
            for r in reasons]


def render_frame(frame: pd.DataFrame, lang: str = "en", *, names: Names | None = None,
                 columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A copy of ``frame`` whose reason columns hold sentences in ``lang``.

    Every column holding :class:`~advantage.reasons.Reason` objects is rendered
    (``columns`` may restrict it: ``{"reason": "reason"}``). Other columns are unchanged.
    """
    out = frame.copy()
    wanted = list(columns) if columns is not None else [
        c for c in frame.columns if frame[c].dtype == object
        and any(isinstance(v, Reason) for v in frame[c].head(50))]
    for column in wanted:
        out[column] = render_reasons(frame[column], lang, names=names)
    return out
