"""Entries and exits of activities by RCA presence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage.measures.advantage import rca_cube as _rca
from advantage.measures.dynamics import entries_exits, presence_changes

# 2000: a = (3, 1), b = (1, 1). RCA a = (1.125, 0.75), b = (0.75, 1.5)
# 2001: a = (3, 1), b = (3, 1). every RCA = 1
# 2002: a = (1, 3), b = (3, 1). RCA a = (0.5, 1.5), b = (1.5, 0.5)
CUBE = np.array([[[3.0, 1.0], [1.0, 1.0]], [[3.0, 1.0], [3.0, 1.0]],
                 [[1.0, 3.0], [3.0, 1.0]]])


def panel(cube: np.ndarray = CUBE) -> Panel:
    return Panel.from_cube(cube, regions=["a", "b"], activities=["x", "y"],
                           times=list(range(2000, 2000 + len(cube))))


def test_rca_helper_hand_values() -> None:
    rca = _rca(CUBE)
    # 2000, a, x: (3/4) / (4/6) = 1.125 ; b, y: (1/2) / (2/6) = 1.5
    assert rca[0, 0, 0] == pytest.approx(1.125)
    assert rca[0, 1, 1] == pytest.approx(1.5)
    assert_allclose(rca[1], 1.0)
    cube = CUBE.copy()
    cube[0, :, 1] = 0.0
    cube[0, 1, :] = 0.0
    rca = _rca(cube)
    assert np.isnan(rca[0, :, 1]).all() and np.isnan(rca[0, 1]).all()
    assert rca[0, 0, 0] == pytest.approx(1.0)  # a is the only region with x that year


def test_consecutive_periods_hand() -> None:
    events = presence_changes(panel())
    got = list(zip(events["time_from"], events["region"], events["activity"], events["event"],
                   strict=True))
    # 2000 -> 2001: a keeps x and gains y (0.75 -> 1); b gains x (0.75 -> 1), keeps y.
    # 2001 -> 2002: a loses x (1 -> 0.5), keeps y; b keeps x, loses y.
    assert got == [(2000, "a", "y", "entry"), (2000, "b", "x", "entry"),
                   (2001, "a", "x", "exit"), (2001, "b", "y", "exit")]
    counts = entries_exits(panel()).set_index(["time_from", "region"])
    assert counts.loc[(2000, "a"), ["entries", "exits", "kept"]].tolist() == [1, 0, 1]
    assert counts.loc[(2001, "a"), ["entries", "exits", "kept"]].tolist() == [0, 1, 1]
    # a in 2001 had both activities present: exit rate 1/2, no possible entries (NaN rate)
    assert counts.loc[(2001, "a"), "exit_rate"] == 0.5
    assert np.isnan(counts.loc[(2001, "a"), "entry_rate"])


def test_base_final_and_threshold() -> None:
    events = presence_changes(panel(), base=2000, final=2002)
    # 2000 -> 2002: a: x 1.125 -> 0.5 exit, y 0.75 -> 1.5 entry; b: x entry, y exit
    assert events["event"].tolist() == ["exit", "entry", "entry", "exit"]
    assert set(events["time_to"]) == {2002}
    # With threshold 1.2, RCA = 1.125 is not presence: a,x is neither present nor an exit.
    strict = presence_changes(panel(), base=2000, final=2002, threshold=1.2)
    assert ("a", "x") not in set(zip(strict["region"], strict["activity"], strict=True))


def test_undefined_cells_are_not_counted() -> None:
    cube = CUBE.copy()
    cube[1, :, 1] = 0.0  # activity y absent nationally in 2001
    counts = entries_exits(panel(cube)).set_index(["time_from", "region"])
    # 2000 -> 2001 compares x only: a has x present both years, b gains x
    assert counts.loc[(2000, "a"), ["possible_entries", "possible_exits"]].tolist() == [0, 1]
    assert counts.loc[(2000, "b"), ["entries", "possible_entries"]].tolist() == [1, 1]


def test_bad_arguments() -> None:
    with pytest.raises(AdvantageError, match="both base= and final="):
        presence_changes(panel(), base=2000)
    with pytest.raises(AdvantageError, match="two periods"):
        entries_exits(Panel.from_cube(CUBE[0], regions=["a", "b"], activities=["x", "y"]))
    with pytest.raises(AdvantageError, match="threshold"):
        entries_exits(panel(), threshold=-1)


def plain_rca(df: pd.DataFrame, year: int, region: str) -> pd.Series:
    """RCA of one region with plain pandas; NaN where the activity is absent that year."""
    d = df[df["year"] == year]
    activity_total = d.groupby("indp")["count"].sum().reindex(df["indp"].unique(),
                                                                fill_value=0)
    local = d[d["sa3"] == region].set_index("indp")["count"]
    local = local.reindex(activity_total.index, fill_value=0)
    shares = activity_total / activity_total.sum()
    return (local / local.sum()) / shares.where(shares > 0)


@pytest.mark.data
def test_australian_sa3_entries_match_plain_pandas(shared_data) -> None:
    df = pd.read_csv(shared_data / "aus_sa3_x_anzsic3_employment_2011_2016_2021.csv.gz")
    p = Panel.from_long(df, region="sa3", activity="indp", value="count", time="year")
    events = presence_changes(p, base=2011, final=2021)
    counts = entries_exits(p, base=2011, final=2021).set_index("region")
    assert counts["entries"].sum() == (events["event"] == "entry").sum()
    assert counts["exits"].sum() == (events["event"] == "exit").sum()
    before, after = plain_rca(df, 2011, "Newcastle"), plain_rca(df, 2021, "Newcastle")
    valid = before.notna() & after.notna()
    entries = int(((before < 1) & (after >= 1) & valid).sum())
    exits = int(((before >= 1) & (after < 1) & valid).sum())
    assert entries > 0 and exits > 0
    assert counts.loc["Newcastle", ["entries", "exits"]].tolist() == [entries, exits]
    assert counts.loc["Newcastle", "possible_exits"] == int(((before >= 1) & valid).sum())
