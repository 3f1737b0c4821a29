"""The folded key that region names and codes are matched on (US states, world countries).

Two spellings match when their keys are equal: "Washington, D.C." and "washington dc",
"Côte d’Ivoire" and "Cote d'Ivoire", "KOR" and "kor". There is no fuzzy matching.
"""

from __future__ import annotations

import unicodedata
from typing import Any

__all__ = ["fold"]

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
