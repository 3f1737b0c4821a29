"""The message catalogue: JSON files per language and domain, looked up by key."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd

from advantage._checks import AdvantageError, check_choice

__all__ = [
    "DOMAINS",
    "LANGUAGES",
    "catalogue",
    "check_lang",
    "column_label",
    "join_text",
    "messages",
    "t",
    "translate_columns",
    "translate_values",
]

#: Supported language codes, in the order the interfaces offer them.
LANGUAGES = ("en", "zh")

#: The catalogue's files, one per domain, in every language folder.
DOMAINS = ("languages", "columns", "classes", "charts", "guides", "report", "reasons", "cli",
           "web", "format")


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported language code, else raise naming the choices.

    Examples
    --------
    >>> check_lang("zh")
    'zh'
    """
    return str(check_choice("lang", lang, LANGUAGES))


@cache
def messages(lang: str) -> Mapping[str, str]:
    """Every message of ``lang``: the union of its domain files (read once, never changed)."""
    folder = resources.files("advantage.i18n").joinpath(check_lang(lang))
    out: dict[str, str] = {}
    for domain in DOMAINS:
        out.update(json.loads(folder.joinpath(f"{domain}.json").read_text(encoding="utf-8")))
    return out


def t(key: str, lang: str = "en", **fields: Any) -> str:
    """The text of ``key`` in ``lang``, with ``{name}`` fields filled from ``fields``.

    Examples
    --------
    >>> t("col.lq", "zh")
    '区位商'
    >>> t("cli.wrote", "en", path="out.html")
    'wrote out.html'
    """
    try:
        text = messages(lang)[key]
    except KeyError:
        raise AdvantageError(f"message key {key!r} is not in the catalogue.") from None
    return text.format(**fields) if fields else text


def join_text(parts: Iterable[Any], lang: str = "en", kind: str = "list") -> str:
    """Join sentence parts with the separator of ``lang`` and ``kind``.

    ``kind`` is ``"names"`` (a list of names), ``"list"`` (the facts of a clause) or
    ``"clause"`` (clauses of a sentence).

    Examples
    --------
    >>> join_text(["a", "b"], "en", "clause"), join_text(["a", "b"], "zh")
    ('a; b', 'a，b')
    """
    check_choice("kind", kind, ["names", "list", "clause"])
    return messages(lang)[f"format.sep.{kind}"].join(str(p) for p in parts)


def column_label(name: Any, lang: str = "en") -> str:
    """The display header of a column: its ``col.`` message, or the name itself if unknown.

    Examples
    --------
    >>> column_label("eci", "zh"), column_label("custom", "zh")
    ('经济复杂度 (ECI)', 'custom')
    """
    return messages(lang).get(f"col.{name}", str(name))


def translate_columns(frame: pd.DataFrame, lang: str = "en",
                      labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A copy of ``frame`` whose column headers are translated for display.

    Examples
    --------
    >>> frame = pd.DataFrame({"region": ["a"], "rca": [1.5]})
    >>> list(translate_columns(frame, "zh").columns)
    ['地区', '显示性比较优势']
    """
    check_lang(lang)
    extra = dict(labels or {})
    mapping = {c: extra.get(str(c), column_label(c, lang)) for c in frame.columns}
    return frame.rename(columns=mapping)


def translate_values(values: Iterable[Any], prefix: str, lang: str = "en") -> list[str]:
    """Translate coded values (e.g. advantage classes) through the ``{prefix}.{value}`` keys.

    Values without a message are returned as strings, unchanged.

    Examples
    --------
    >>> translate_values(["pillar", "other"], "class", "zh")
    ['支柱产业', 'other']
    """
    table = messages(lang)
    return [table.get(f"{prefix}.{value}", str(value)) for value in values]


def catalogue(lang: str, prefixes: Iterable[str] | None = None) -> dict[str, str]:
    """Every message in one language (optionally only keys with the given prefixes).

    The web dashboard serves this to its front end, so both sides use one catalogue.
    """
    wanted = tuple(prefixes) if prefixes is not None else None
    return {key: text for key, text in messages(lang).items()
            if wanted is None or key.startswith(wanted)}
