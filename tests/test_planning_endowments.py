"""Endowment strengths, tags and fits; the China capacity reader and preset."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError
from advantage.io.endowments import (
    china_endowment_strength,
    china_province_name,
    read_china_capacity,
)
from advantage.measures.endowments import activity_tags, endowment_fit, endowment_strength
from advantage.reference.presets import china_preset


def test_strength_is_per_capita_relative_to_nation() -> None:
    table = pd.DataFrame({"prov": ["a", "b", "a", "b"], "kind": ["solar", "solar", "coal", "coal"],
                          "mw": [30.0, 10.0, 0.0, 8.0], "pop": [1.0, 3.0, 1.0, 3.0]})
    out = endowment_strength(table, region="prov", endowment="kind", value="mw",
                             population="pop")
    solar = out[out["endowment"] == "solar"].set_index("region")["strength"]
    # national solar per person: 40 / 4 = 10; a has 30 per person, b 3.33
    assert_allclose(solar.to_numpy(), [3.0, 1 / 3])
    coal = out[out["endowment"] == "coal"].set_index("region")["strength"]
    assert_allclose(coal.to_numpy(), [0.0, 4 / 3])
    # the population-weighted mean strength is 1
    assert_allclose((solar * [1.0, 3.0]).sum() / 4.0, 1.0)
    no_pop = endowment_strength(table.drop(columns="pop"), region="prov", endowment="kind",
                                value="mw", population=None)
    assert_allclose(no_pop.loc[no_pop["endowment"] == "solar", "strength"], [1.5, 0.5])


@pytest.mark.parametrize("change, match", [
    ({"mw": [-1.0, 10.0, 0.0, 8.0]}, "values >= 0"),
    ({"pop": [0.0, 3.0, 1.0, 3.0]}, "populations > 0"),
    ({"prov": ["a", "a", "a", "b"]}, "repeats"),
])
def test_strength_rejects_bad_tables(change: dict, match: str) -> None:
    table = pd.DataFrame({"prov": ["a", "b", "a", "b"], "kind": ["solar", "solar", "coal", "coal"],
                          "mw": [30.0, 10.0, 0.0, 8.0], "pop": [1.0, 3.0, 1.0, 3.0]})
    table = table.assign(**change)
    with pytest.raises(AdvantageError, match=match):
        endowment_strength(table, region="prov", endowment="kind", value="mw",
                           population="pop")


def test_tags_and_fit() -> None:
    tags = activity_tags(pd.DataFrame({"activity": ["dc", "dc", "smelter"],
                                       "endowment": ["solar", "wind", "coal"]}))
    assert tags == {"dc": ("solar", "wind"), "smelter": ("coal",)}
    strength = pd.DataFrame({"region": ["a", "a", "b", "b"],
                             "endowment": ["solar", "wind", "solar", "wind"],
                             "strength": [4.0, 1.0, 0.5, 2.0]})
    fit = endowment_fit(strength, tags, regions=["a", "b", "c"],
                        activities=["dc", "smelter", "x"])
    assert_allclose(fit.values[:, 0], [4.0, 2.0, np.nan])
    assert fit.source[0, 0] == "solar" and fit.source[1, 0] == "wind"
    assert np.isnan(fit.values[:, 1:]).all()  # no coal data; x untagged
    assert_allclose(fit.component()[:, 0], [2.0, 1.0, 0.0])
    mean = endowment_fit(strength, tags, regions=["a", "b"], activities=["dc"], how="mean")
    assert_allclose(mean.values[:, 0], [2.5, 1.25])
    aligned = fit.align(pd.Index(["b", "z"]), pd.Index(["dc"]))
    assert_allclose(aligned.values[:, 0], [2.0, np.nan])
    assert len(fit.frame()) == 2
    with pytest.raises(AdvantageError, match="activity"):
        activity_tags(pd.DataFrame({"what": ["dc"]}))


@pytest.mark.data
def test_china_capacity_reader(shared_data) -> None:
    cap = read_china_capacity(shared_data, year=2020)
    assert cap["region"].nunique() == 31
    assert set(cap["endowment"]) == {"solar", "wind", "coal", "chp"}
    ningxia = cap[cap["region"] == "Ningxia"].set_index("endowment")
    # solar_capacity_MW_2010_2015_2020.csv: Ningxia 2020 = 11970 MW; population 7210 (10k)
    assert ningxia.loc["solar", "value"] == 11970 and ningxia.loc["solar", "population"] == 7210
    # wind = onshore + offshore; Jiangsu has both
    jiangsu = cap[(cap["region"] == "Jiangsu") & (cap["endowment"] == "wind")]["value"]
    on = pd.read_csv(shared_data / "china" / "onwind_capacity_MW_2010_2015_2020.csv")
    off = pd.read_csv(shared_data / "china" / "offwind_capacity_MW_2010_2015_2020.csv")
    expected = (on.set_index("Region").loc["Jiangsu", "2020"]
                + off.set_index("Region").loc["Jiangsu", "2020"])
    assert_allclose(jiangsu.iloc[0], expected)
    older = read_china_capacity(shared_data, year=2015)
    assert older["population"].notna().all()
    with pytest.raises(AdvantageError, match="year=2019"):
        read_china_capacity(shared_data, year=2019)
    strength = china_endowment_strength(china_preset(["宁夏", "广东"]), folder=shared_data)
    assert set(strength["region"]) == {"宁夏", "广东"}
    solar = strength[strength["endowment"] == "solar"].set_index("region")["strength"]
    assert solar["宁夏"] > 9 > 1 > solar["广东"]


def test_china_names_and_centroids() -> None:
    assert china_province_name("InnerMongolia") == "Inner Mongolia"
    assert china_province_name("640000") == "Ningxia"
    with pytest.raises(AdvantageError, match="not a mainland Chinese province"):
        china_province_name("National Total")
    preset = china_preset(["Beijing", "上海"])
    assert preset.table["code"].tolist() == ["110000", "310000"]
    assert list(preset.centroids().columns) == ["region", "lon", "lat"]
    assert preset.centroids()["region"].tolist() == ["Beijing", "上海"]
