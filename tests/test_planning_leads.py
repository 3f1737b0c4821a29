"""Firm leads on generated firm records: filters, components, scores and errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage.i18n import render_reasons
from advantage.measures import compute_indicators
from advantage.planning.leads import firm_leads


def generated_firms(seed: int = 0, n: int = 40) -> pd.DataFrame:
    """Seeded firm records: a firm id, a name, a province, a GB/T 4754 class, years, size."""
    rng = np.random.default_rng(seed)
    codes = ["3841", "3842", "3825", "2613", "0101"]
    rows = []
    for i in range(n):
        region = ["Guangdong", "Jiangsu", "Ningxia"][i % 3]
        code = codes[i % len(codes)]
        start = int(rng.integers(2015, 2019))
        size = float(rng.integers(50, 500))
        for year in range(start, 2021):
            rows.append((f"F{i:03d}", f"Firm {i}", region, code, year, round(size, 1)))
            size *= float(rng.uniform(0.9, 1.3))
    return pd.DataFrame(rows, columns=["firm", "name", "region", "activity", "time", "size"])


def small_panel() -> Panel:
    cube = np.array([[[10.0, 2.0, 1.0], [2.0, 10.0, 1.0], [1.0, 1.0, 10.0], [3.0, 3.0, 2.0]]])
    return Panel.from_cube(cube, regions=["Guangdong", "Jiangsu", "Ningxia", "Gansu"],
                           activities=["38", "26", "01"], times=[2020])


def test_filters_by_activity_and_source() -> None:
    firms = generated_firms()
    out = firm_leads(firms, "38", ["Guangdong", "Jiangsu"])
    chosen = firms[firms["activity"].str.startswith("38")
                   & firms["region"].isin(["Guangdong", "Jiangsu"])]
    assert sorted(out["firm"]) == sorted(chosen["firm"].unique())
    exact = firm_leads(firms, ["3841"], ["Guangdong", "Jiangsu"], match="exact")
    assert set(exact["activity"]) == {"3841"}
    # codes are text: "0101" is never "101"
    with pytest.raises(AdvantageError, match="no firm of activity"):
        firm_leads(firms, "101", ["Guangdong", "Jiangsu", "Ningxia"], match="exact")


def test_components_and_score_by_hand() -> None:
    firms = pd.DataFrame({
        "firm": ["a", "a", "b", "b", "c"], "region": ["Guangdong"] * 5,
        "activity": ["3841", "3841", "3825", "3825", "2613"],
        "time": [2016, 2020, 2018, 2020, 2020], "size": [100.0, 200.0, 300.0, 300.0, 50.0]})
    out = firm_leads(firms, ["38", "26"], ["Guangdong"], panel=small_panel(),
                     destination="Ningxia").set_index("firm")
    assert_allclose(out.loc["a", "growth_per_year"], 2 ** 0.25 - 1)  # 100 -> 200 in 4 years
    assert out.loc["b", "growth_per_year"] == 0.0
    assert np.isnan(out.loc["c", "growth_per_year"])
    d = compute_indicators(small_panel()).density[0][2]  # Ningxia's density: 38, 26, 01
    assert out.loc["a", "panel_activity"] == "38" and out.loc["c", "panel_activity"] == "26"
    assert_allclose(out.loc[["a", "b", "c"], "fit"], [d[0], d[0], d[1]])
    # percentile ranks among the three: size a 2/3, b 1, c 1/3; growth a 1, b 1/2 (c none);
    # fit: a and b tie
    fit_rank = pd.Series([d[0], d[0], d[1]]).rank(pct=True).to_numpy()
    expected = {"a": (2 / 3 + 1.0 + fit_rank[0]) / 3, "b": (1.0 + 0.5 + fit_rank[1]) / 3,
                "c": (1 / 3 + fit_rank[2]) / 2}
    for firm, score in expected.items():
        assert_allclose(out.loc[firm, "score"], score)
    assert out["rank"].tolist() == list(range(1, 4))
    text = render_reasons([out.loc["c", "reason"]])[0]
    assert "growth unknown (one year on record)" in text
    assert text.startswith(f"#{out.loc['c', 'rank']} (score ")


def test_weights_top_time_and_aliases() -> None:
    firms = generated_firms()
    by_size = firm_leads(firms, "38", ["Guangdong"], weights={"size": 1.0})
    assert by_size["size"].is_monotonic_decreasing
    assert len(firm_leads(firms, "38", ["Guangdong"], top=3)) == 3
    early = firm_leads(firms, "38", ["Guangdong"], time=2018)
    assert (early["last_year"] <= 2018).all()
    aliased = firm_leads(firms, "38", ["广东"], aliases={"广东": "Guangdong"})
    assert set(aliased["region"]) == {"Guangdong"}


@pytest.mark.parametrize("change, match", [
    (lambda f: f.drop(columns="size"), "lack the columns for size"),
    (lambda f: f.assign(size=-1.0), "size >= 0"),
    (lambda f: pd.concat([f, f.head(1)]), "two records in one year"),
])
def test_bad_records(change: object, match: str) -> None:
    with pytest.raises(AdvantageError, match=match):
        firm_leads(change(generated_firms()), "38", ["Guangdong"])  # type: ignore[operator]


def test_other_column_names() -> None:
    firms = generated_firms().rename(columns={"firm": "id", "size": "employees"})
    out = firm_leads(firms, "38", ["Guangdong"], columns={"firm": "id", "size": "employees"})
    assert len(out) > 0
    with pytest.raises(AdvantageError, match="weights="):
        firm_leads(firms, "38", ["Guangdong"], columns={"firm": "id", "size": "employees"},
                   weights={"luck": 1.0})


def test_a_concordance_maps_firm_codes_to_the_panels_classification() -> None:
    # the panel's "38" is another classification's sector: without a concordance a GB/T
    # class 3841 would be read as panel activity 38; with one it is read as "01"
    firms = pd.DataFrame({"firm": ["a"], "region": ["Guangdong"], "activity": ["3841"],
                          "time": [2020], "size": [10.0]})
    plain = firm_leads(firms, "38", ["Guangdong"], panel=small_panel(), destination="Gansu")
    mapped = firm_leads(firms, "38", ["Guangdong"], panel=small_panel(), destination="Gansu",
                        concordance={"384": "01"})
    d = compute_indicators(small_panel()).density[0][3]
    assert plain["panel_activity"].iloc[0] == "38" and mapped["panel_activity"].iloc[0] == "01"
    assert_allclose(mapped["fit"].iloc[0], d[2])
    none = firm_leads(firms, "38", ["Guangdong"], panel=small_panel(), destination="Gansu",
                      concordance={"26": "26"})
    assert np.isnan(none["fit"].iloc[0])
    assert "matches no activity of the panel" in render_reasons(none["reason"])[0]
