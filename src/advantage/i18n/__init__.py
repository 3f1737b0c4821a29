"""Messages in English and Chinese, and the renderers that put the user's language on results.

The catalogue lives in one folder per language, one JSON file per domain, so a translator can
find their file: ``i18n/<lang>/columns.json`` (column headers, ``col.``), ``classes.json``
(category values: ``class.``, ``quadrant.``, ``approach.``, ``endowment.``, ``scorer.``),
``charts.json`` (``chart.``), ``guides.json`` (one-line reading guides, ``guide.``),
``report.json`` (``report.``, ``demo.``), ``reasons.json`` (the templates of planning
reasons, ``reason.``), ``cli.json``, ``web.json``, ``languages.json`` and ``format.json``
(separators and the text for a missing number). Every language has every key (a test checks it).

Language is chosen at the edge: planning returns :class:`~advantage.reasons.Reason`
objects, and :func:`render_reason` / :func:`render_reasons` turn them into sentences here.

Unknown column names and values are left as they are, so a table with extra columns still
displays; an unknown *key* passed to :func:`t` is an error (a typo should not ship).
"""

from __future__ import annotations

from advantage.i18n._catalogue import (
    DOMAINS,
    LANGUAGES,
    catalogue,
    check_lang,
    column_label,
    join_text,
    t,
    translate_columns,
    translate_values,
)
from advantage.i18n._render import Names, render_frame, render_reason, render_reasons

__all__ = [
    "DOMAINS",
    "LANGUAGES",
    "Names",
    "catalogue",
    "check_lang",
    "column_label",
    "join_text",
    "render_frame",
    "render_reason",
    "render_reasons",
    "t",
    "translate_columns",
    "translate_values",
]
