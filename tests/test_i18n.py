"""The message catalogue: every key in both languages, placeholders consistent, helpers."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from advantage._checks import AdvantageError
from advantage.i18n import (
    CATALOGUE,
    LANGUAGES,
    catalogue,
    column_label,
    t,
    translate_columns,
    translate_values,
)
from advantage.report.charts import CHARTS
from advantage.report.excel import SHEETS

FIELD = re.compile(r"\{(\w+)\}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_key_has_both_languages() -> None:
    assert LANGUAGES == ("en", "zh")
    for key, texts in CATALOGUE.items():
        assert len(texts) == 2, key
        en, zh = texts
        assert en.strip() and zh.strip(), f"{key} has an empty translation"
        assert not CJK.search(en), f"{key}: Chinese text in the English entry"


def test_chinese_entries_are_chinese() -> None:
    latin_only = [k for k, (_, zh) in CATALOGUE.items() if not CJK.search(zh)]
    assert latin_only == []


def test_placeholders_match_between_languages() -> None:
    for key, (en, zh) in CATALOGUE.items():
        assert set(FIELD.findall(en)) == set(FIELD.findall(zh)), key


def test_interfaces_have_their_messages() -> None:
    for name in CHARTS:
        assert f"guide.{name}" in CATALOGUE
        assert f"report.section.{name}" in CATALOGUE
    for sheet in SHEETS:
        assert f"report.sheet.{sheet}" in CATALOGUE
    from advantage.planning.advantages import CLASSES, QUADRANTS

    for name in CLASSES:
        assert f"class.{name}" in CATALOGUE
    for name in QUADRANTS:
        assert f"quadrant.{name}" in CATALOGUE


def test_t_formats_and_rejects_unknowns() -> None:
    assert t("cli.wrote", "zh", path="a.html") == "已写入 a.html"
    assert t("col.lq") == "Location quotient"
    with pytest.raises(AdvantageError, match="not in the catalogue"):
        t("no.such.key")
    with pytest.raises(AdvantageError, match="lang='fr' is not valid"):
        t("col.lq", "fr")


def test_translate_columns_and_values() -> None:
    frame = pd.DataFrame({"region": ["a"], "rca": [1.2], "custom": [3]})
    out = translate_columns(frame, "zh")
    assert list(out.columns) == ["地区", "显示性比较优势", "custom"]
    assert list(frame.columns) == ["region", "rca", "custom"]  # the input is not changed
    assert list(translate_columns(frame, "en", labels={"custom": "Mine"}).columns)[-1] == "Mine"
    assert translate_values(["pillar", "zzz"], "class", "zh") == ["支柱产业", "zzz"]
    assert column_label("eci", "en") == "Economic complexity (ECI)"


def test_catalogue_by_prefix() -> None:
    web = catalogue("zh", ["web."])
    assert web and all(k.startswith("web.") for k in web)
    assert len(catalogue("en")) == len(CATALOGUE)


def test_reason_messages_and_separators() -> None:
    from advantage.i18n import join_text
    from advantage.planning.opportunities import _APPROACHES

    for name in (*_APPROACHES, "custom"):
        assert CATALOGUE[f"approach.{name}"][0] == name  # English is the code itself
    assert t("reason.pillar", "zh", when="", lq="2.29", threshold="1",
             region_share=t("reason.region_share", "zh", share="14.4"),
             pillar_share="5") == "支柱产业：区位商 2.29 ≥ 1，占本地区经济 14.4% ≥ 5%"
    assert join_text(["a", "b"], "en", "clause") == "a; b"
    assert join_text(["a", "b"], "zh", "names") == "a、b"
    with pytest.raises(AdvantageError, match="kind="):
        join_text(["a"], "en", "sentence")
