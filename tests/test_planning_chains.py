"""Supply-chain gaps: a hand-computed example, the reasons' contents, and Ningxia's real table.

No renderer is used: the tests read the reasons' keys, numbers and labels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage.measures import compute_indicators
from advantage.measures.linkages import RegionalIOTable
from advantage.planning.chains import COLUMNS, supply_chain_gaps
from advantage.planning.reasons import Label, Reason

SECTORS = pd.Index(["a", "b", "c"], name="sector")


def _example() -> tuple[RegionalIOTable, Panel]:
    # Region R makes a (60), b (30), c (10); S and T make the rest. R's LQ: a = (60/100) /
    # (110/300) = 1.64, b = (30/100)/(100/300) = 0.9, c = (10/100)/(90/300) = 0.33. T makes
    # a and c, so the region-activity network is connected and ECI/PCI are defined.
    cells = pd.DataFrame({
        "time": 2017, "region": ["R"] * 3 + ["S"] * 3 + ["T"] * 3, "activity": list("abc") * 3,
        "value": [60.0, 30.0, 10.0, 10.0, 40.0, 50.0, 40.0, 30.0, 30.0]})
    panel = Panel.from_long(cells, region="region", activity="activity", value="value",
                            time="time")
    flows = pd.DataFrame([[6.0, 3.0, 0.0], [12.0, 0.0, 1.0], [9.0, 0.0, 0.0]], SECTORS, SECTORS)
    # bought from outside: b 10 (of 30 + 10 supply: s = 0.25), c 30 (of 10 + 30: s = 0.75)
    outside = pd.DataFrame({"inflow": [0.0, 4.0, 20.0], "imports": [0.0, 6.0, 10.0]}, SECTORS)
    table = RegionalIOTable("R", 2017, flows, pd.DataFrame({"use": [51.0, 27.0, 31.0]},
                                                           SECTORS),
                            pd.DataFrame([[33.0, 27.0, 9.0]], columns=SECTORS),
                            pd.Series([60.0, 30.0, 10.0], SECTORS), outside=outside)
    return table, panel


def test_hand_computed_gaps() -> None:
    table, panel = _example()
    gaps = supply_chain_gaps(table, panel, pillars=1)  # the one pillar: a (LQ 1.64, 60%)
    assert list(gaps.columns) == COLUMNS
    # a buys b: 12/60 = 0.2, s_b = 10/40 = 0.25; a buys c: 9/60 = 0.15, s_c = 30/40 = 0.75;
    # a buys a (6/60) but none of a comes from outside: no gap.
    rows = gaps.set_index("input_activity")
    assert sorted(rows.index) == ["b", "c"]
    assert rows.loc["b", "input_share"] == pytest.approx(0.2)
    assert rows.loc["b", "sourced_outside_share"] == pytest.approx(0.25)
    assert rows.loc["c", "input_share"] == pytest.approx(0.15)
    assert rows.loc["c", "sourced_outside_share"] == pytest.approx(0.75)
    indicators = compute_indicators(panel)
    density = indicators.density[0, 0]
    pci = indicators.pci[0]
    rank_d = pd.Series(density).rank(pct=True).to_numpy()
    rank_p = pd.Series(pci).rank(pct=True).to_numpy()
    for i, code in ((1, "b"), (2, "c")):
        assert rows.loc[code, "density"] == pytest.approx(density[i])
        assert rows.loc[code, "pci"] == pytest.approx(pci[i])
        expected = (rows.loc[code, "input_share"] * rows.loc[code, "sourced_outside_share"]
                    * 0.5 * (rank_d[i] + rank_p[i]))
        assert rows.loc[code, "score"] == pytest.approx(expected)
    assert gaps["score"].is_monotonic_decreasing
    assert "proportional to use" in gaps.attrs["assumption"]


def test_reasons_carry_keys_numbers_and_labels() -> None:
    table, panel = _example()
    gaps = supply_chain_gaps(table, panel, pillars=["a"])
    reason = gaps.set_index("input_activity").loc["c", "reason"]
    assert isinstance(reason, Reason)
    # c: R's LQ 0.33 < 1, so the gap is one to fill (补链)
    assert reason.keys() == ["chain_fill", "chain_pillar", "chain_sourcing"]
    assert reason.facts["pillar"] == Label("activity", "a")
    assert reason.facts["input"] == Label("activity", "c")
    assert reason.facts["input_pct"] == pytest.approx(15.0)
    assert reason.facts["outside_pct"] == pytest.approx(75.0)
    assert reason.facts["lq"] == pytest.approx((10 / 100) / (90 / 300))
    assert reason.facts["time"] == 2017
    pillar = reason.parts[0]
    assert pillar.facts["lq"] == pytest.approx((60 / 100) / (110 / 300))
    assert pillar.facts["output_pct"] == pytest.approx(60.0)
    assert reason.parts[1].facts == {"rule": "proportional_to_use"}
    for value in reason.facts.values():  # no sentences inside: labels and numbers only
        assert isinstance(value, Label | float | int)


def test_strengthen_when_the_region_already_specialises() -> None:
    table, panel = _example()
    gaps = supply_chain_gaps(table, panel, pillars=["a"], min_lq=0.5)  # b's LQ 0.9 >= 0.5
    assert gaps.set_index("input_activity").loc["b", "reason"].key == "chain_strengthen"


def test_arguments_are_checked() -> None:
    table, panel = _example()
    with pytest.raises(AdvantageError, match="focus='S' is 'S', but the table is of 'R'"):
        supply_chain_gaps(table, panel, focus="S")
    with pytest.raises(AdvantageError, match="pillars=0 is not valid"):
        supply_chain_gaps(table, panel, pillars=0)
    with pytest.raises(AdvantageError, match="pillars 'z' is not in the panel"):
        supply_chain_gaps(table, panel, pillars=["z"])
    with pytest.raises(AdvantageError, match="no activity with LQ >= 5"):
        supply_chain_gaps(table, panel, min_lq=5.0)
    no_trade = RegionalIOTable("R", 2017, table.flows, table.final_use, table.value_added,
                               table.output)
    with pytest.raises(AdvantageError, match="records no inflow or imports by product"):
        supply_chain_gaps(no_trade, panel)


@pytest.mark.data
def test_ningxia_2017(shared_data) -> None:
    from advantage.io import read_china_io
    from advantage.io.china_io import region_alias

    tables = read_china_io(shared_data / "china" / "provincial_io_42sec_2002_2017_flows.csv.gz")
    panel = tables.panel("gross_output", [2017], negative="zero")
    table = tables.table("宁夏", 2017)
    gaps = supply_chain_gaps(table, panel, focus="宁夏", aliases=region_alias)
    assert set(gaps["region"]) == {"Ningxia"} and set(gaps["time"]) == {2017}
    assert gaps["pillar"].nunique() == 3
    a = table.flows / table.output
    share = table.outside.sum(axis=1) / (table.output + table.outside.sum(axis=1))
    for row in gaps.itertuples():
        assert row.input_share == pytest.approx(a.loc[row.input_activity, row.pillar])
        assert row.sourced_outside_share == pytest.approx(share[row.input_activity])
        assert 0 < row.sourced_outside_share <= 1 and row.input_share >= 0.01
    # the pillars are the largest specialised sectors by share of Ningxia's gross output
    long = tables.long("gross_output", [2017])
    ningxia = long[long["region"] == "Ningxia"].set_index("activity")["value"]
    rca = compute_indicators(panel).rca[0, list(panel.regions).index("Ningxia")]
    specialised = ningxia[rca >= 1].sort_values(ascending=False)
    assert set(gaps["pillar"]) == set(specialised.index[:3])
    assert np.all(np.diff(gaps["score"].to_numpy()) <= 0)
    assert_allclose(gaps["score"].max(), gaps["score"].iloc[0])
