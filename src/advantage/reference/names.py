"""Matching region names and codes to canonical codes: the folded key and the look-up.

Two spellings match when their keys are equal: "Washington, D.C." and "washington dc",
"Côte d’Ivoire" and "Cote d'Ivoire", "KOR" and "kor". There is no fuzzy matching.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

__all__ = ["fold", "lookup", "share_found"]

_DROPPED = frozenset("-_'’‘ʻ.,()·")


def fold(name: Any) -> str:
    """The matching key of a name: NFKD without accents, case-folded, no spaces or marks.

    Spaces and the characters ``- _ ' ’ ‘ ʻ . , ( ) ·`` are removed, and so are combining
    accents (so "São Tomé" and "Sao Tome" match).

    Examples
    --------
    >>> fold("Washington, D.C."), fold("Côte d’Ivoire"), fold(" KOR ")
    ('washingtondc', 'cotedivoire', 'kor')
    """
    text = unicodedata.normalize("NFKD", str(name)).casefold()
    return "".join(ch for ch in text if not ch.isspace() and ch not in _DROPPED
                   and not unicodedata.combining(ch))


def lookup(names: Iterable[Any], index: Mapping[str, str],
           key: Callable[[Any], str] = fold) -> tuple[list[str | None], list[str]]:
    """Each name's code by its key in ``index``, and the distinct names not found.

    Names not found get None and are listed once, in first-seen order. Whole-number floats
    (64.0) are read as integers.

    Examples
    --------
    >>> lookup(["Ohio", "OH", "Atlantis", None], {"ohio": "39", "oh": "39"})
    (['39', '39', None, None], ['Atlantis', 'None'])
    """
    codes: list[str | None] = []
    unmatched: dict[str, None] = {}
    for name in names:
        if isinstance(name, float) and math.isfinite(name) and name.is_integer():
            name = int(name)
        code = None if name is None else index.get(key(name))
        codes.append(code)
        if code is None:
            unmatched.setdefault(str(name), None)
    return codes, list(unmatched)


def share_found(names: Sequence[Any],
                normalise: Callable[[list[str]], tuple[list[Any], list[str]]]) -> float:
    """Share of the distinct ``names`` (as text) that ``normalise`` recognises (0 for none)."""
    distinct = list(dict.fromkeys(str(n) for n in names))
    if not distinct:
        return 0.0
    codes, _ = normalise(distinct)
    return sum(c is not None for c in codes) / len(distinct)
