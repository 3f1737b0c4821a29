"""The message catalogue (files per language and domain) and the reason renderer."""

from __future__ import annotations

import json
import re
import string
from importlib import resources

import pandas as pd
import pytest

from advantage._checks import AdvantageError
from advantage.i18n import (
    DOMAINS,
    LANGUAGES,
    catalogue,
    column_label,
    join_text,
    render_reason,
    render_reasons,
    t,
    translate_columns,
    translate_values,
)
from advantage.reasons import Label, Reason
from advantage.report.charts import CHARTS
from advantage.report.excel import SHEETS

CJK = re.compile(r"[\u4e00-\u9fff]")
PREFIXES = {"languages": ("lang.",), "columns": ("col.",),
            "classes": ("class.", "quadrant.", "approach.", "endowment.", "scorer.", "pswot.",
                        "check.", "verdict.", "alert.", "action.", "grade.", "attribute.",
                        "proximity.", "list.", "event.", "reference."),
            "charts": ("chart.",), "guides": ("guide.",), "report": ("report.", "demo."),
            "reasons": ("reason.",), "cli": ("cli.",), "web": ("web.",), "format": ("format.",)}


def files(lang: str) -> dict[str, dict[str, str]]:
    folder = resources.files("advantage.i18n").joinpath(lang)
    return {d: json.loads(folder.joinpath(f"{d}.json").read_text(encoding="utf-8"))
            for d in DOMAINS}


def fields(text: str) -> set[str]:
    return {name.split(".")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_every_key_in_the_same_file() -> None:
    assert LANGUAGES == ("en", "zh")
    en, zh = files("en"), files("zh")
    for domain in DOMAINS:
        assert set(en[domain]) == set(zh[domain]), domain
        for key in en[domain]:
            assert key.startswith(PREFIXES[domain]), f"{key} belongs in another file"
            assert en[domain][key].strip() and zh[domain][key].strip(), key
            assert not CJK.search(en[domain][key]), f"{key}: Chinese in the English entry"


def test_chinese_entries_are_chinese() -> None:
    zh = files("zh")
    neutral = {"reason.note_error", "reason.related_item", "format.na"}
    latin = [k for d in zh.values() for k, v in d.items()
             if not CJK.search(v) and k not in neutral and not k.startswith("format.sep")]
    assert latin == []


def test_placeholders_match_between_languages() -> None:
    en, zh = files("en"), files("zh")
    for domain in DOMAINS:
        for key, text in en[domain].items():
            assert fields(text) == fields(zh[domain][key]), key


def test_interfaces_have_their_messages() -> None:
    table = catalogue("en")
    for name in CHARTS:
        assert f"guide.{name}" in table
        assert f"report.section.{name}" in table
    for sheet in SHEETS:
        assert f"report.sheet.{sheet}" in table
    from advantage.planning.advantages import CLASSES, QUADRANTS

    for name in CLASSES:
        assert f"class.{name}" in table
    for name in QUADRANTS:
        assert f"quadrant.{name}" in table


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
    assert len(catalogue("en")) == sum(len(d) for d in files("en").values())


def test_separators() -> None:
    from advantage.planning.opportunities import _APPROACHES

    for name in (*_APPROACHES, "custom"):
        assert catalogue("en")[f"approach.{name}"] == name  # English is the code itself
    assert join_text(["a", "b"], "en", "clause") == "a; b"
    assert join_text(["a", "b"], "zh", "names") == "a、b"
    with pytest.raises(AdvantageError, match="kind="):
        join_text(["a"], "en", "sentence")


# ------------------------------------------------------------------------- the renderer
def pillar(**extra: object) -> Reason:
    facts = {"time": 2020, "lq": 2.2912, "threshold": 1.0, "share_of_region": 0.1444,
             "pillar_share": 0.05, "share_of_nation": 0.031, "growth": float("nan"),
             "base": None, "new_since": None, "competitive": float("nan"), "pci": 0.5}
    facts.update(extra)
    return Reason("pillar", facts)


def test_pillar_reason_in_both_languages() -> None:
    # Hand-written expectations: the templates of reasons.json with these facts.
    assert render_reason(pillar()) == (
        "pillar in 2020: LQ 2.29 >= 1 and 14.4% of the region (>= 5%); 3.1% of the nation; "
        "PCI 0.50")
    assert render_reason(pillar(), "zh") == (
        "支柱产业（2020年）：区位商 2.29 ≥ 1，占本地区经济 14.4%（≥ 5%）；占全国 3.1%；"
        "产业复杂度 PCI 0.50")


def test_optional_segments_appear_only_with_their_facts() -> None:
    text = render_reason(pillar(growth=0.0123, base=2015, competitive=-1234.5, time=None))
    assert text.startswith("pillar: LQ 2.29")  # no time: the "in ..." segment is left out
    assert "+1.2 pp/yr vs the nation since 2015" in text
    assert "competitive shift -1234" in text


def test_labels_are_named_in_the_language() -> None:
    reason = Reason("upgrade", {"activity": Label("activity", "06"), "pci": 0.1,
                                "target": Label("activity", "20"), "target_pci": 1.3,
                                "gain": 1.2, "proximity": 0.456, "density": 0.25})
    names = {"06": "食品和烟草", "20": "通信设备"}
    text = render_reason(reason, "zh", names=lambda axis, label: names.get(label))
    assert text.startswith("由食品和烟草（PCI 0.10）升级到通信设备（PCI 1.30，+1.20）")
    assert render_reason(reason).startswith("upgrade from 06 (PCI 0.10) to 20")


def test_lists_and_nested_reasons_and_coded_terms() -> None:
    related = tuple(Reason("related_item", {"activity": Label("activity", a), "proximity": p})
                    for a, p in (("x", 0.5), ("y, z", 0.25)))
    reason = Reason("opportunity", {"rank": 1, "approach": Label("approach", "frontier"),
                                    "related": related, "long_jump": None, "density": 0.3,
                                    "pci": float("nan"), "lift": 0.0, "cog": 0.1,
                                    "momentum": float("nan"), "endowment": None,
                                    "strength": None})
    assert render_reason(reason) == ("#1 (frontier): close to x (0.50), y, z (0.25) that the "
                                     "region already has; density 0.30; complexity outlook "
                                     "gain 0.10")
    assert render_reason(reason, "zh").startswith("第1名（前沿突破）：接近本地区已有的"
                                                  "x（0.50）、y, z（0.25）")


def test_missing_numbers_outside_optional_segments_say_so() -> None:
    reason = Reason("lq_missing_test", {})
    with pytest.raises(AdvantageError, match="has no message"):
        render_reason(reason)
    text = render_reason(Reason("related_item", {"activity": Label("activity", "a"),
                                                 "proximity": float("nan")}), "zh")
    assert text == "a（无）"
    assert render_reasons([None, Reason("no_loss")]) == ["", "no source loses it"]


def test_every_column_of_the_main_tables_has_a_header_in_every_language() -> None:
    """Headers come from the catalogue, so a column the catalogue lacks stays in English."""
    import numpy as np

    from advantage.measures.isomorphism import structural_similarity
    from advantage.panel import Panel
    from advantage.planning.profile import Profile

    rng = np.random.default_rng(7)
    cube = rng.gamma(1.0, 10.0, size=(3, 8, 10)) * (rng.random((3, 8, 10)) > 0.3)
    panel = Panel.from_cube(cube, regions=[f"r{i}" for i in range(8)],
                            activities=[f"a{i}" for i in range(10)], times=[2005, 2010, 2015])
    profile = Profile(panel)
    tables = {"regions": profile.regions, "activities": profile.activities,
              "advantages": profile.advantages, "opportunities": profile.opportunities,
              "shiftshare": profile.shiftshare,
              "pairs": structural_similarity(panel, krugman=True)}
    keys = set(catalogue("en", ("col.",))) & set(catalogue("zh", ("col.",)))
    for name, frame in tables.items():
        missing = [c for c in frame.columns if f"col.{c}" not in keys]
        assert not missing, f"{name}: no header in the catalogue for {missing}"


def test_name_columns_beside_labels_have_headers_in_every_language() -> None:
    from advantage.report.display import LABEL_COLUMNS

    keys = set(catalogue("en", ("col.",))) & set(catalogue("zh", ("col.",)))
    lists = ("related", "activities", "losing_sources", "peers", "missing_links", "key_nodes")
    scalar = [c for c in LABEL_COLUMNS if c not in lists]
    missing = [c for c in scalar if f"col.{c}_name" not in keys]
    assert not missing, missing
