"""Characteristic and advantageous industries: classes known by construction."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage.i18n import render_frame, render_reasons
from advantage.measures.endowments import endowment_fit
from advantage.planning import (
    CLASSES,
    classify_advantages,
    quadrant_data,
    relative_growth,
)
from advantage.reasons import Reason

ACTS = ["big", "tagged", "dec", "adv", "emerging", "absent"]
# Region A is built so each of its activities falls in one class (worked out in the comments);
# R1 and R2 are the rest of the nation and do not change between the years.
A_2015 = [100.0, 5.0, 4.0, 4.0, 1.0, 0.0]
A_2020 = [100.0, 5.0, 2.0, 4.0, 4.0, 0.0]
REST = [100.0, 1.0, 1.0, 1.0, 20.0, 20.0]


@pytest.fixture
def panel() -> Panel:
    cube = np.array([[A_2015, REST, REST], [A_2020, REST, REST]])
    return Panel.from_cube(cube, regions=["A", "R1", "R2"], activities=ACTS,
                           times=[2015, 2020])


def cell(table: pd.DataFrame, region: str, activity: str, time: int = 2020) -> pd.Series:
    rows = table[(table["region"] == region) & (table["activity"] == activity)
                 & (table["time"] == time)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_each_rule_fires_where_built(panel: Panel) -> None:
    out = classify_advantages(panel, window=5)
    # big: 100/115 of A (>= 5%), LQ (100/115)/(300/401) = 1.16 -> pillar
    assert cell(out, "A", "big")["class"] == "pillar"
    # tagged: LQ (5/115)/(7/401) = 2.49, 4.3% of A, same growth as the nation -> advantaged
    assert cell(out, "A", "tagged")["class"] == "advantaged"
    # dec: 4 -> 2 while the nation 6 -> 4: (1/2)^(1/5) - (2/3)^(1/5) = -5.2 pp/yr -> declining
    assert cell(out, "A", "dec")["class"] == "declining"
    # emerging: LQ (4/115)/(44/401) = 0.32 but grows 4x while the nation grows 41 -> 44
    assert cell(out, "A", "emerging")["class"] == "emerging"
    assert cell(out, "A", "absent")["class"] == "not present"
    # the rest of the nation: R1's 'absent' has LQ (20/143)/(40/401) = 1.40 and 14% of R1
    assert cell(out, "R1", "absent")["class"] == "pillar"
    assert set(out["class"].cat.categories) == set(CLASSES)


def test_numbers_behind_the_class(panel: Panel) -> None:
    out = render_frame(classify_advantages(panel, window=5))
    dec = cell(out, "A", "dec")
    assert_allclose(dec["lq"], (2 / 115) / (4 / 401))
    assert_allclose(dec["share_of_region"], 2 / 115)
    assert_allclose(dec["share_of_nation"], 2 / 4)
    assert_allclose(dec["growth_vs_nation"], 0.5 ** 0.2 - (4 / 6) ** 0.2)
    # Dunn's competitive component: x1 - x0 * X_a1 / X_a0
    assert_allclose(dec["competitive"], 2 - 4 * 4 / 6)
    assert "declining in 2020" in dec["reason"] and "LQ 1.74" in dec["reason"]
    assert "-5.2 pp/yr vs the nation since 2015" in dec["reason"]
    # 2015 has no base period five years back: no growth, so no declining/emerging there
    first = out[out["time"] == 2015]
    assert first["growth_vs_nation"].isna().all()
    assert not first["class"].isin(["declining", "emerging"]).any()


def test_endowment_based_needs_strength(panel: Panel) -> None:
    strength = pd.DataFrame({"region": ["A", "R1", "R2"], "endowment": "solar",
                             "strength": [2.0, 0.5, 0.5]})
    tags = {"tagged": "solar", "big": "solar"}
    fit = endowment_fit(strength, tags, regions=panel.regions, activities=panel.activities)
    out = render_frame(classify_advantages(panel, endowment=fit))
    row = cell(out, "A", "tagged")
    assert row["class"] == "endowment-based characteristic"
    assert row["endowment"] == 2.0 and row["endowment_name"] == "solar"
    assert "draws on Solar, 2.0x the national amount per person" in row["reason"]
    # a pillar stays a pillar: its rule comes first
    assert cell(out, "A", "big")["class"] == "pillar"
    # below the strength threshold the rule does not fire
    weak = classify_advantages(panel, endowment=fit, endowment_threshold=2.5)
    assert cell(weak, "A", "tagged")["class"] == "advantaged"


def test_thresholds_move_the_classes(panel: Panel) -> None:
    out = classify_advantages(panel, pillar_share=0.9)
    assert cell(out, "A", "big")["class"] != "pillar"
    out = classify_advantages(panel, growth_margin=0.06)  # dec is only 5.2 pp/yr behind
    assert cell(out, "A", "dec")["class"] == "advantaged"


def test_quadrant_data(panel: Panel) -> None:
    out = classify_advantages(panel)
    rows = quadrant_data(out, time=2020, region="A")
    assert set(rows["activity"]) == {"big", "tagged", "dec", "adv", "emerging"}
    q = rows.set_index("activity")["quadrant"]
    assert q["dec"] == "specialised, losing ground"
    assert q["emerging"] == "not specialised, gaining"
    assert list(rows.columns)[:5] == ["time", "region", "activity", "lq", "growth_vs_nation"]


def test_relative_growth_previous_period_and_new_cells() -> None:
    cube = np.array([[[0.0, 1.0], [1.0, 1.0]], [[1.0, 1.0], [1.0, 1.0]]])
    p = Panel.from_cube(cube, regions=["a", "b"], activities=["x", "y"], times=[2000, 2001])
    rel, competitive, new, base = relative_growth(p, None)
    assert base.tolist() == [-1, 0]
    assert new[1, 0, 0] and not new[1, 1, 0]
    assert np.isnan(rel[1, 0, 0])
    assert_allclose(competitive[1].sum(axis=0), [0.0, 0.0], atol=1e-12)
    out = render_frame(classify_advantages(p, window=None))
    assert "new since 2000" in cell(out, "a", "x", 2001)["reason"]


def test_single_period_and_bad_arguments() -> None:
    df = pd.DataFrame({"r": ["a", "a", "b", "b"], "i": ["x", "y", "x", "y"],
                       "v": [9.0, 1.0, 1.0, 9.0]})
    p = Panel.from_long(df, region="r", activity="i", value="v")
    out = classify_advantages(p)
    assert "time" not in out.columns
    assert out["class"].tolist() == ["pillar", "present, not specialised",
                                     "present, not specialised", "pillar"]
    with pytest.raises(AdvantageError, match="threshold"):
        classify_advantages(p, threshold=0)
    with pytest.raises(AdvantageError, match="pillar_share"):
        classify_advantages(p, pillar_share=-1)


NUMBER = re.compile(r"\d+(?:\.\d+)?")
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_reasons_in_chinese_carry_the_same_numbers(panel: Panel) -> None:
    # One computation; the language is applied when the reasons are rendered.
    table = classify_advantages(panel, window=5)
    assert all(isinstance(r, Reason) for r in table["reason"])
    en, zh = render_reasons(table["reason"]), render_reasons(table["reason"], "zh")
    for e, z in zip(en, zh, strict=True):
        assert CJK.search(z) and not CJK.search(e)
        assert sorted(NUMBER.findall(e)) == sorted(NUMBER.findall(z)), (e, z)
    shown = table.assign(reason=zh)
    pillar = cell(shown, "A", "big")["reason"]
    assert pillar.startswith("支柱产业（2020年）：区位商 1.16 ≥ 1，占本地区经济 87.0%（≥ 5%）；")
    assert cell(shown, "A", "absent")["reason"] == "无此产业（2020年）：本期无数值"
    reason = cell(table, "A", "dec")["reason"]
    assert reason.key == "declining" and reason.facts["base"] == 2015
    assert_allclose(reason.facts["lq"], cell(table, "A", "dec")["lq"])


def test_a_cell_without_growth_has_no_quadrant(panel: Panel) -> None:
    # The first period has no earlier one: no growth figure, so no place on the growth axis
    # (before, a missing growth counted as "not gaining" and read "losing ground").
    out = classify_advantages(panel)
    first = out[out["time"] == out["time"].min()]
    assert first["growth_vs_nation"].isna().all()
    assert first["quadrant"].isna().all()
    later = out[(out["time"] == 2020) & (out["region"] == "A") & (out["activity"] == "dec")]
    assert later["quadrant"].tolist() == ["specialised, losing ground"]
