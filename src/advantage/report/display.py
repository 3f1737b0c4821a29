"""How results look in one language: names of regions and activities, sentences, headers.

A :class:`Display` is built once per output language at the edge (command line, report,
dashboard) from the panel's own name columns and the region preset. It turns library tables,
whose labels are the panel's and whose reasons are :class:`~advantage.reasons.Reason`
objects, into tables a planner reads: reasons rendered as sentences, lists of labels joined,
a ``<column>_name`` column beside each label column whose names differ from the labels,
coded values (classes, quadrants, approaches) and headers translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from advantage.i18n import check_lang, render_reasons, translate_columns, translate_values
from advantage.panel import Panel
from advantage.reasons import Label, Reason
from advantage.reference.presets import RegionPreset

__all__ = ["LABEL_COLUMNS", "Display", "display_for"]

#: Columns holding panel labels, by the axis their labels belong to.
LABEL_COLUMNS: dict[str, str] = {
    "region": "region", "region_a": "region", "region_b": "region", "source": "region",
    "destination": "region", "origin": "region", "losing_sources": "region",
    "peers": "region",
    "activity": "activity", "target": "activity", "related": "activity",
    "activities": "activity",
    "pillar": "activity", "input_activity": "activity", "cluster_hub": "activity",
    "next_link": "activity", "missing_links": "activity", "key_nodes": "activity",
    "panel_activity": "activity",
}

#: Columns holding coded values, by the catalogue prefix that names them.
CODED_COLUMNS = {"class": "class", "quadrant": "quadrant", "approach": "approach",
                 "pswot": "pswot", "check": "check", "verdict": "verdict", "list": "list",
                 "level": "alert", "grade": "grade", "event": "event", "action": "action"}


@dataclass(frozen=True)
class Display:
    """Names and language for presenting one panel's results.

    Attributes
    ----------
    lang : str
        ``"en"`` or ``"zh"``.
    names : dict
        Axis (``"region"``, ``"activity"``) -> label -> display name, for labels that have
        one in this language.
    """

    lang: str = "en"
    names: Mapping[str, Mapping[Any, str]] = field(default_factory=dict)

    def name(self, axis: str, label: Any) -> str | None:
        """The display name of a label (None when it has none: show the label)."""
        return self.names.get(axis, {}).get(label)

    def show(self, axis: str, label: Any) -> str:
        """The display name of a label, or the label as text."""
        found = self.name(axis, label)
        return found if found is not None else str(label)

    def reasons(self, reasons: Any) -> list[str]:
        """Reasons rendered as sentences in this language."""
        return render_reasons(reasons, self.lang, names=self.name)

    def table(self, frame: pd.DataFrame, *, headers: bool | None = None,
              names: str = "beside") -> pd.DataFrame:
        """A library table made readable (module docs).

        Parameters
        ----------
        frame : pandas.DataFrame
        headers : bool, optional
            Translate the column headers: always (True), never (False), or (default) only
            in a language other than English, so English tables keep their documented
            column names.
        names : {"beside", "replace"}
            Put display names in a ``<column>_name`` column beside the labels (tables for
            programs), or in place of the labels (reports for people).
        """
        out = frame.copy()
        for column in list(out.columns):
            values = out[column]
            if values.dtype != object:
                coded = isinstance(values.dtype, pd.CategoricalDtype) or \
                    pd.api.types.is_string_dtype(values.dtype)
                if coded and column in CODED_COLUMNS and self.lang != "en":
                    out[column] = translate_values(values.astype(object), CODED_COLUMNS[column],
                                                   self.lang)
                continue
            sample = values.dropna().head(50).tolist()
            if any(isinstance(v, Reason) for v in sample):
                out[column] = self.reasons(values)
                continue
            axis = LABEL_COLUMNS.get(str(column))
            if any(isinstance(v, list | tuple | np.ndarray) for v in sample):
                out[column] = [self._join(axis, v) for v in values]
                continue
            if column in CODED_COLUMNS and self.lang != "en":
                out[column] = translate_values(values, CODED_COLUMNS[column], self.lang)
        for column, axis in LABEL_COLUMNS.items():
            if column not in frame.columns or axis not in self.names:
                continue
            labels = frame[column]
            if any(isinstance(v, list | tuple | np.ndarray) for v in labels.head(50)):
                continue
            shown = [self.show(axis, v) for v in labels]
            if names == "replace":
                out[column] = shown
            elif any(s != str(v) for s, v in zip(shown, labels, strict=True)):
                out.insert(list(out.columns).index(column) + 1, f"{column}_name", shown)
        translate = headers if headers is not None else self.lang != "en"
        return translate_columns(out, self.lang) if translate else out

    def _join(self, axis: str | None, items: Any) -> str:
        from advantage.i18n import join_text

        if items is None or (isinstance(items, float) and np.isnan(items)):
            return ""
        shown = [self.show(axis, v.value if isinstance(v, Label) else v) if axis
                 else str(v) for v in items]
        return join_text(shown, self.lang, "names")


def display_for(panel: Panel, lang: str = "en",
                preset: RegionPreset | None = None) -> Display:
    """The :class:`Display` of a panel in ``lang``: its own name columns, then the preset's.

    Names a panel carries for a language (:attr:`advantage.Panel.display`, from name
    columns such as ``activity_zh``) win; a region preset names the regions it knows.
    """
    check_lang(lang)
    names: dict[str, dict[Any, str]] = {}
    if preset is not None:
        names["region"] = preset.names(lang)
    for axis, by_lang in panel.display.items():
        own = by_lang.get(lang)
        if own:
            names.setdefault(axis, {}).update(own)
    return Display(lang, names)
