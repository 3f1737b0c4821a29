"""Labels made safe for the two places that would otherwise interpret them: Excel and Plotly.

Region and activity labels come from users' and third parties' files, so they may hold text
that a spreadsheet runs as a formula (``=HYPERLINK(...)``) or that Plotly renders as markup
(``<a href=...>``). Every writer of ``.xlsx`` files passes its tables through
:func:`excel_safe_frame`, and every chart builder passes its labels through
:func:`plotly_text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from advantage._checks import AdvantageError

__all__ = ["FORMULA_PREFIXES", "excel_safe_frame", "excel_text", "plotly_text",
           "plotly_texts"]

#: Leading characters that make a spreadsheet read a cell as a formula (OWASP, "CSV
#: Injection": equals, plus, minus, at, tab 0x09, carriage return 0x0D).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Characters an .xlsx sheet cannot hold (the XML 1.0 control characters).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def excel_text(value: Any) -> Any:
    """A cell value that no spreadsheet evaluates.

    The rule (OWASP's recommendation for formula injection): text that starts with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return gets a single quote (``'``) in front, so
    it is stored and shown as text, never as a formula; the quote is visible in the cell
    and tells the reader the label was escaped. Numbers, dates, missing values and every
    other text are returned unchanged, except text holding a control character that an
    ``.xlsx`` sheet cannot store (U+0000 to U+001F but tab, line feed and carriage return):
    that is an error naming it, never a character silently dropped.

    Examples
    --------
    >>> excel_text("=1+2"), excel_text("-3 dB"), excel_text("Ningxia"), excel_text(-3)
    ("'=1+2", "'-3 dB", 'Ningxia', -3)
    """
    if isinstance(value, str):
        bad = _CONTROL.search(value)
        if bad is not None:
            raise AdvantageError(f"{value!r} holds the control character "
                                 f"U+{ord(bad.group()):04X}, which an Excel sheet cannot "
                                 "store; write .csv or .parquet instead.")
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
    return value


def excel_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names pass through :func:`excel_text`.

    Numeric columns are not touched (a negative number is a number, not a formula).

    Examples
    --------
    >>> excel_safe_frame(pd.DataFrame({"region": ["=cmd", "R2"], "@x": [-1.0, 2.0]}))
      region  '@x
    0  '=cmd -1.0
    1     R2  2.0
    """
    out = frame.copy()
    for i in range(out.shape[1]):
        values = out.iloc[:, i]
        if not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)
                or pd.api.types.is_datetime64_any_dtype(values)):
            out.isetitem(i, [excel_text(v) for v in values])
    out.columns = pd.Index([excel_text(c) for c in out.columns])
    return out


def plotly_text(value: Any) -> str:
    """A label as text that Plotly shows literally.

    Plotly reads ``<a href>``, ``<b>``, ``<br>`` and other tags in titles, legends, hover
    text and tick labels; escaping ``&``, ``<`` and ``>`` as HTML entities (which Plotly
    turns back into the characters when it draws) makes it show the label as written.
    Quotes are left alone: Plotly does not decode ``&quot;``.

    Examples
    --------
    >>> plotly_text('<a href="https://evil.example">Click</a> & co')
    '&lt;a href="https://evil.example"&gt;Click&lt;/a&gt; &amp; co'
    """
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plotly_texts(values: Iterable[Any]) -> list[str]:
    """:func:`plotly_text` of each value."""
    return [plotly_text(v) for v in values]
