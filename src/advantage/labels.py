"""The one label rule: how a label asked for finds a label of a panel's axis.

A label asked for matches, in order:

1. a label equal to it (``2020`` finds ``2020``);
2. a label with the same text, ignoring surrounding spaces (``"2020"`` finds the year
   ``2020``; ``"0101"`` finds ``"0101"`` and never ``101``);
3. when aliases are given (a mapping or a function from what was asked to a label, for
   example a region preset's names), the label they name, matched by 1 and 2.

:meth:`advantage.panel.Panel.locate` and :meth:`~advantage.panel.Panel.match` apply it to an
axis of a panel; every error names what was asked for and what the axis has.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, plain

__all__ = ["label_text", "locate_labels", "shown_labels", "text_index"]


def label_text(label: Any) -> str:
    """The text form of a label for matching: ``str`` of its plain value, stripped.

    Examples
    --------
    >>> label_text(" 0101 "), label_text(2020)
    ('0101', '2020')
    """
    return str(plain(label)).strip()


def text_index(index: pd.Index) -> dict[str, int]:
    """Text form of every label -> its position (-2 where two labels share a text)."""
    out: dict[str, int] = {}
    for i, label in enumerate(index):
        key = label_text(label)
        out[key] = -2 if key in out else i
    return out


def locate_labels(index: pd.Index, wanted: Any, *, label: str,
                  aliases: Mapping[Any, Any] | Callable[[Any], Any] | None = None,
                  texts: dict[str, int] | None = None) -> np.ndarray:
    """Positions in ``index`` of the labels asked for, by the rule of the module.

    Parameters
    ----------
    index : pandas.Index
        The labels of one axis.
    wanted : label or sequence of labels
        A single label (a string is one label, never split) or a list of them.
    label : str
        What to call the labels in an error message (``"regions"``, ``"--focus"``).
    aliases : mapping or callable, optional
        Other names for labels; returning ``None`` (or a missing key) means no alias.
    texts : dict, optional
        :func:`text_index` of ``index``, when the caller keeps it.

    Returns
    -------
    numpy.ndarray
        Integer positions, in the order asked for.

    Raises
    ------
    AdvantageError
        Naming every label not found (or matching two labels) and showing the labels the
        axis has.

    Examples
    --------
    >>> locate_labels(pd.Index(["0101", "101"]), ["101", " 0101"], label="activities")
    array([1, 0])
    """
    items = list(wanted) if isinstance(wanted, list | tuple | pd.Index | np.ndarray) \
        else [wanted]
    text = texts if texts is not None else text_index(index)
    positions = np.empty(len(items), dtype=np.int64)
    unknown: list[Any] = []
    ambiguous: list[str] = []
    for i, item in enumerate(items):
        found = _find(index, text, item)
        if found == -1 and aliases is not None:
            alias = aliases(item) if callable(aliases) else aliases.get(item)
            if alias is not None:
                found = _find(index, text, alias)
        if found == -2:
            ambiguous.append(repr(plain(item)))
        elif found < 0:
            unknown.append(item)
        positions[i] = found
    if ambiguous:
        raise AdvantageError(f"{label} {', '.join(ambiguous)} match several labels with "
                             "the same text; pass the label itself.")
    if unknown:
        raise AdvantageError(f"{label} {shown_labels(unknown, 5)} "
                             f"{'is' if len(unknown) == 1 else 'are'} not in the panel; "
                             f"it has {shown_labels(list(index), 10)}.")
    return positions


def _find(index: pd.Index, text: dict[str, int], item: Any) -> int:
    """Position of ``item`` in ``index`` (exact, then by text); -1 unknown, -2 ambiguous."""
    try:
        if item in index:
            found = index.get_loc(item)
            if isinstance(found, int | np.integer):
                return int(found)
    except (TypeError, ValueError):
        pass
    return text.get(label_text(item), -1)


def shown_labels(labels: list[Any], limit: int) -> str:
    """Labels for a message: their plain text, quoted when they are text, then '...'."""
    parts = [repr(plain(x)) for x in labels[:limit]]
    return ", ".join(parts) + (" ..." if len(labels) > limit else "")
