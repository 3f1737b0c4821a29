"""Monitoring: changes, suggestions that came true, alerts and the scorecard, by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage.i18n import render_reasons
from advantage.planning.monitor import combine_panels, monitor, scorecard
from advantage.planning.opportunities import opportunities

# 2015: every region has 20 of a total 60, each activity 20: RCA = 3 x / 20.
# 2020: totals a 20, b 20, c 25; x 25, y 15, z 25; total 65.
Y2015 = [[10, 10, 0], [10, 5, 5], [0, 5, 15]]
Y2020 = [[5, 10, 5], [10, 5, 5], [10, 0, 15]]
PLAN = pd.DataFrame({"region": ["a", "b", "c", "c"], "activity": ["z", "y", "x", "y"]})


def hand_panel() -> Panel:
    return Panel.from_cube(np.array([Y2015, Y2020], dtype=float), regions=list("abc"),
                           activities=list("xyz"), times=[2015, 2020])


def test_changes_by_hand() -> None:
    out = monitor(hand_panel(), plan=PLAN)
    # RCA a,x 1.5 -> (5/20)/(25/65) = 0.65; b,y 0.75 -> (5/20)/(15/65) = 1.083;
    # c,x 0 -> (10/25)/(25/65) = 1.04
    got = out.changes[["region", "activity", "event"]].values.tolist()
    assert got == [["a", "x", "left"], ["b", "y", "entered"], ["c", "x", "entered"]]
    assert_allclose(out.changes["rca_to"], [0.65, 13 / 12, 1.04])
    assert render_reasons(out.changes["reason"])[1] == (
        "entered between 2015 and 2020: RCA 0.75 -> 1.08 (>= 1)")
    assert (out.before, out.after) == (2015, 2020)


def test_suggestions_that_came_true_and_the_lift() -> None:
    out = monitor(hand_panel(), plan=PLAN)
    assert out.suggestions["came_true"].tolist() == [False, True, True, False]
    hits = out.hits.set_index("region")
    # b: 1 of 1 suggestions, 1 of its 2 candidates entered -> lift 2; c: 1 of 2, 1 of 2 -> 1
    assert hits.loc["b", ["suggested", "came_true", "entries", "candidates"]].tolist() == \
        [1, 1, 1, 2]
    assert_allclose(hits.loc[["b", "c"], "lift"], [2.0, 1.0])
    assert np.isnan(hits.loc["a", "lift"])  # a's only candidate did not enter: base rate 0
    text = render_reasons([hits.loc["c", "reason"]])[0]
    assert text == ("1 of 2 suggestions came true (50%); 1 of 2 candidates entered (50%); "
                    "lift 1.0x")


def test_alerts_by_hand() -> None:
    out = monitor(hand_panel(), plan=PLAN).alerts.set_index(["region", "activity"])
    # a,x: RCA -57%, share 0.5 -> 0.2, competitive 5 - 10 x 25/20 = -7.5 (-75%): alert
    # c,z: RCA 2.25 -> 1.56, share 0.75 -> 0.6, competitive 15 - 15 x 25/20 = -3.75: alert
    # b,x: RCA 1.5 -> 1.3 (-13%), share 0.5 -> 0.4, competitive -2.5 (-25%): warning
    assert sorted(out.index) == [("a", "x"), ("b", "x"), ("c", "z")]
    assert out.loc[("a", "x"), "level"] == "alert" and out.loc[("c", "z"), "level"] == "alert"
    assert out.loc[("b", "x"), "level"] == "warning"
    assert_allclose(out.loc[("a", "x"), "competitive"], -7.5)
    assert_allclose(out.loc[("c", "z"), "competitive_share"], -0.25)
    assert out["relocating"].all()  # each grows in the rest of the country
    text = render_reasons([out.loc[("b", "x"), "reason"]])[0]
    assert text == ("warning (2015-2020); share of the nation 50.0% -> 40.0% (a loss of 10% "
                    "or more); competitive component -2.5, -25% of the base value (limit "
                    "-10%); relocating: it grows elsewhere while the region loses share")
    loose = monitor(hand_panel(), plan=PLAN, share_loss=0.5, competitive_loss=0.5).alerts
    assert loose[["region", "activity", "level"]].values.tolist() == [
        ["a", "x", "alert"], ["c", "z", "watch"]]


def test_the_default_plan_is_last_periods_opportunities() -> None:
    panel = hand_panel()
    out = monitor(panel, top=1)
    plan = opportunities(panel.select(times=[2015]), top=1)
    assert out.suggestions[["region", "activity"]].values.tolist() == \
        plan[["region", "activity"]].values.tolist()


def test_scorecard_grades_against_peers() -> None:
    # four periods; d gains two activities over ten years, the others one or none
    rng = np.random.default_rng(5)
    cube = rng.uniform(1, 2, (3, 6, 5))
    panel = Panel.from_cube(cube, regions=list("abcdef"), activities=list("vwxyz"),
                            times=[2005, 2010, 2015])
    card = scorecard(panel, lookbacks=[5, 10, 20])
    assert card["lookback"].tolist().count(20) == 6
    assert card[card["lookback"] == 20]["grade"].isna().all()
    none = render_reasons(card[card["lookback"] == 20]["reason"].head(1))[0]
    assert none.startswith("no comparison over 20 years to 2015")
    ten = card[card["lookback"] == 10].set_index("region")
    from advantage.measures import rca_cube

    rca = rca_cube(cube)
    new = ((rca[0] < 1) & (rca[2] >= 1)).sum(axis=1)
    assert ten["new_activities"].tolist() == new.tolist()
    for i, region in enumerate("abcdef"):
        others = np.delete(new, i)
        pct = ((others < new[i]).sum() + 0.5 * (others == new[i]).sum()) / 5
        assert_allclose(ten.loc[region, "percentile"], pct)
        expected = "ABCDE"[sum(pct < x for x in (0.8, 0.6, 0.4, 0.2))]
        assert ten.loc[region, "grade"] == expected
    mine = scorecard(panel, lookbacks=[10], peers={"a": ["b", "c"]}).set_index("region")
    others = new[[1, 2]]
    assert_allclose(mine.loc["a", "percentile"],
                    ((others < new[0]).sum() + 0.5 * (others == new[0]).sum()) / 2)


def test_two_data_sets() -> None:
    before = Panel.from_cube(np.array([Y2015], dtype=float), regions=list("abc"),
                             activities=list("xyz"), times=[2015])
    after = Panel.from_cube(np.array([Y2020 + [[1, 1, 1]]], dtype=float),
                            regions=list("abcd"), activities=list("zyx")[::-1], times=[2020])
    joined, notes = combine_panels(before, after)
    assert list(joined.times) == [2015, 2020] and list(joined.regions) == list("abcd")
    assert [n.key for n in notes] == ["note_regions_one_side"]
    out = monitor(before, after, plan=PLAN)
    assert out.changes["region"].tolist()[:1] == ["a"]
    other = Panel.from_cube(np.ones((1, 3, 2)), regions=list("abc"), activities=["x", "q"],
                            times=[2020])
    with pytest.raises(AdvantageError, match="same activities"):
        monitor(before, other)
    with pytest.raises(AdvantageError, match="must come after"):
        monitor(hand_panel(), before_time=2020, after_time=2015)
    with pytest.raises(AdvantageError, match="plan needs columns"):
        monitor(hand_panel(), plan=pd.DataFrame({"region": ["a"]}))


def test_china_2012_against_2017(shared_data: Path) -> None:
    from advantage.io.catalogue import load_panel
    from advantage.measures import presence_changes

    panel, _ = load_panel("china_provincial_io")
    out = monitor(panel, before_time=2012, after_time=2017)
    expected = presence_changes(panel, base=2012, final=2017)
    assert len(out.changes) == len(expected)
    assert set(out.scorecard["lookback"]) == {3, 5, 10, 15}
    five = out.scorecard[out.scorecard["lookback"] == 5]
    assert five["grade"].notna().all() and set(five["base"]) == {2012}
    assert set(out.alerts["level"]) <= {"watch", "warning", "alert"}
