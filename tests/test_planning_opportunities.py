"""Opportunities, upgrade paths and endowment-led siting: rankings known by construction."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage._checks import AdvantageWarning
from advantage.i18n import render_frame, render_reasons
from advantage.measures import compute_indicators
from advantage.measures.endowments import endowment_fit
from advantage.planning import (
    PRESETS,
    endowment_siting,
    opportunities,
    upgrade_paths,
)
from advantage.reference.presets import CHINA_ENERGY_TAGS

ACTS = ["p1", "p2", "q", "s", "t"]
# Presence by construction (10 = present, 0 = absent). With N = 14 present cells, a present
# cell has RCA = N / (diversity x ubiquity) >= 1 and an absent one RCA = 0.
HAS = {"r1": ["p1", "p2", "q"], "r2": ["p1", "p2", "q"], "r3": ["p1", "q"],
       "r4": ["s", "t"], "r5": ["s", "t"], "A": ["p1", "p2"]}


def make_panel(growth_t: float = 1.0, has: dict[str, list[str]] | None = None) -> Panel:
    has = HAS if has is None else has
    regions = list(has)
    cube = np.array([[[10.0 if a in has[r] else 0.0 for a in ACTS] for r in regions]] * 2)
    cube[1, :, ACTS.index("t")] *= growth_t
    return Panel.from_cube(cube, regions=regions, activities=ACTS, times=[2015, 2020])


@pytest.fixture
def panel() -> Panel:
    return make_panel()


def test_density_ranks_the_related_activity_first(panel: Panel) -> None:
    out = opportunities(panel, weights={"density": 1.0}, focus="A", top=3)
    assert out["activity"].tolist()[0] == "q"
    assert set(out["activity"]) == {"q", "s", "t"}
    first = out.iloc[0]
    # proximity q-p1 = 3 / max(3, 4) = 0.75 and q-p2 = 2 / max(3, 3) = 0.67 (Hidalgo 2007)
    assert first["related"] == ["p1", "p2"]
    assert_allclose([r.facts["proximity"] for r in first["reason"].facts["related"]],
                    [0.75, 2 / 3])
    text = render_reasons([first["reason"]])[0]
    assert "close to p1 (0.75), p2 (0.67) that the region already has" in text
    assert_allclose(first["density"], (0.75 + 2 / 3) / (0.75 + 2 / 3 + 0.0 + 0.0))
    assert out["rank"].tolist() == [1, 2, 3]


def test_score_is_weighted_zscores_per_region(panel: Panel) -> None:
    out = opportunities(panel, weights={"density": 0.5, "pci": 0.5}, focus="A", top=None)
    ind = compute_indicators(panel, with_fitness=False)
    cand = [ACTS.index(a) for a in ("q", "s", "t")]
    a_row = list(panel.regions).index("A")

    def z(v: np.ndarray) -> np.ndarray:
        return (v - v.mean()) / v.std() if v.std() > 0 else np.zeros_like(v)

    dens = ind.density[-1][a_row, cand]
    pci = ind.pci[-1][cand]
    expected = dict(zip(["q", "s", "t"], 0.5 * z(dens) + 0.5 * z(pci), strict=True))
    got = out.set_index("activity")["score"]
    for act, value in expected.items():
        assert_allclose(got[act], value, atol=1e-12)


def test_frontier_preset_ranks_by_complexity_only(panel: Panel) -> None:
    connected = bridged_panel()
    out = opportunities(connected, preset="frontier", focus="A", top=None)
    assert out["pci"].notna().all() and out["pci"].is_monotonic_decreasing
    assert (out["approach"] == "frontier").all()
    # the fixture's activities form two separate blocks: PCI is undefined, and a score made
    # of PCI alone has nothing to rank by, so it is refused rather than ordered by row
    with pytest.warns(AdvantageWarning, match="ECI and PCI are undefined"), \
            pytest.raises(AdvantageError, match="every term of the score \\(pci\\)"):
        opportunities(panel, preset="frontier", focus="A", top=None)
    with pytest.warns(AdvantageWarning, match="pci undefined in 2020: the score ranks on "
                                              "density alone"):
        mixed = opportunities(panel, weights={"density": 1.0, "pci": 1.0}, focus="A")
    assert mixed["pci"].isna().all()


def test_momentum_and_endowment_components() -> None:
    grown = make_panel(growth_t=3.0)
    out = opportunities(grown, weights={"momentum": 1.0}, focus="A", top=1, window=5)
    assert out["activity"].tolist() == ["t"]
    assert "national growth +24.6%/yr" in render_reasons(out["reason"])[0]  # 3 ** (1/5) - 1
    strength = pd.DataFrame({"region": list(HAS), "endowment": "solar",
                             "strength": [1.0, 1.0, 1.0, 1.0, 1.0, 8.0]})
    fit = endowment_fit(strength, {"s": "solar"}, regions=grown.regions,
                        activities=grown.activities)
    out = opportunities(grown, weights={"endowment": 1.0}, focus="A", top=1, endowment=fit)
    assert out["activity"].tolist() == ["s"]
    assert "draws on Solar (8.0x the national amount per person)" in \
        render_reasons(out["reason"])[0]


def test_never_suggests_what_a_region_has() -> None:
    panel = bridged_panel()  # connected, so every preset's terms are defined
    for preset in (*PRESETS, "auto"):
        out = opportunities(panel, preset=preset, top=None)
        has = {(r, a) for r, acts in BRIDGED.items() for a in acts}
        assert not any((r, a) in has for r, a in zip(out["region"], out["activity"],
                                                      strict=True))
        assert (out["rca"] < 1).all()


def test_top_focus_times_and_auto(panel: Panel) -> None:
    out = opportunities(panel, top=1)
    assert out.groupby("region").size().max() == 1
    assert set(out["time"]) == {2020}
    both = opportunities(panel, top=1, times=[2015, 2020], focus=["A", "r4"])
    assert sorted(set(both["region"])) == ["A", "r4"] and set(both["time"]) == {2015, 2020}
    auto = opportunities(panel, preset="auto", top=2)
    assert set(auto["approach"]) <= set(PRESETS)


@pytest.mark.parametrize("kwargs, match", [
    ({"preset": "bold"}, "preset='bold' is not valid"),
    ({"weights": {"luck": 1.0}}, "unknown components"),
    ({"weights": {"density": 0.0}}, "must not all be zero"),
    ({"top": 0}, "top=0"),
    ({"focus": "Atlantis"}, "focus"),
    ({"times": 1999}, "times"),
])
def test_bad_arguments(panel: Panel, kwargs: dict, match: str) -> None:
    with pytest.raises(AdvantageError, match=match):
        opportunities(panel, **kwargs)


# The fixture's two blocks of activities (p1, p2, q and s, t) share no region, so its
# eigenvalue 1 is double and PCI is tied within each block up to rounding noise, which no
# upgrade path may rest on. A region holding q and s joins the blocks: PCI is then well
# defined and differs within them.
BRIDGED = {**HAS, "bridge": ["q", "s"]}


def bridged_panel() -> Panel:
    cube = np.array([[[10.0 if a in BRIDGED[r] else 0.0 for a in ACTS] for r in BRIDGED]] * 2)
    return Panel.from_cube(cube, regions=list(BRIDGED), activities=ACTS, times=[2015, 2020])


def test_upgrade_paths() -> None:
    has = BRIDGED
    panel = bridged_panel()
    ind = compute_indicators(panel, with_fitness=False)
    out = upgrade_paths(panel, indicators=ind)
    pci = dict(zip(ACTS, ind.pci[-1], strict=True))
    assert len(out) > 0
    for row in out.itertuples():
        assert row.target not in has[row.region]
        assert row.activity in has[row.region]
        assert pci[row.target] > pci[row.activity] and row.proximity > 0
        assert f"upgrade from {row.activity}" in render_reasons([row.reason])[0]
    for _, group in out.groupby(["region", "activity"]):
        assert group["proximity"].is_monotonic_decreasing
    assert upgrade_paths(panel, focus="A", min_proximity=0.99).empty


def test_siting_china_worked_example(shared_data) -> None:
    from advantage.io.endowments import china_endowment_strength

    strength = china_endowment_strength(folder=shared_data)
    regions = sorted(strength["region"].unique())
    fit = endowment_fit(strength, CHINA_ENERGY_TAGS, regions=regions,
                        activities=list(CHINA_ENERGY_TAGS))
    out = endowment_siting(fit, top=3)
    top = out[out["rank"] == 1].set_index("activity")["region"]
    # Qinghai has 15x the national solar capacity per person (2020), Ningxia 5.9x the coal
    assert top["green hydrogen (electrolysers)"] == "Qinghai"
    assert top["electrolytic aluminium"] == "Ningxia"
    assert out.groupby("activity").size().eq(3).all()
    # with a panel, a province that already has the activity is not suggested it
    acts = ["data centres", "other"]
    cube = np.ones((len(regions), 2))
    cube[regions.index("Qinghai")] = [10.0, 1.0]
    panel = Panel.from_cube(cube, regions=regions, activities=acts)
    with_panel = endowment_siting(fit, panel=panel, top=3)
    centres = with_panel[with_panel["activity"] == "data centres"]
    assert "Qinghai" not in set(centres["region"])
    assert "density" in centres.columns and len(centres) == 3


def test_siting_bad_weights() -> None:
    fit = endowment_fit(pd.DataFrame({"region": ["a"], "endowment": "coal",
                                      "strength": [1.0]}), {"x": "coal"},
                        regions=["a"], activities=["x"])
    with pytest.raises(AdvantageError, match="weights"):
        endowment_siting(fit, weights={"luck": 1.0})


NUMBER = re.compile(r"\d+(?:\.\d+)?")
CJK = re.compile(r"[\u4e00-\u9fff]")


def same_numbers_in_chinese(en: pd.Series, zh: pd.Series) -> None:
    assert len(en) == len(zh) > 0
    for e, z in zip(en, zh, strict=True):
        assert CJK.search(z) and not CJK.search(e)
        assert sorted(NUMBER.findall(e)) == sorted(NUMBER.findall(z)), (e, z)


def test_reasons_in_chinese() -> None:
    fit = endowment_fit(pd.DataFrame({"region": list(BRIDGED), "endowment": "solar",
                                      "strength": [1.0, 0.5, 0.5, 0.5, 0.5, 3.0, 0.5]}),
                        {"s": "solar"}, regions=list(BRIDGED), activities=ACTS)
    panel = make_panel(growth_t=2.0, has=BRIDGED)  # connected: PCI is defined
    for kwargs in ({"weights": {"density": 1.0}}, {"preset": "frontier"}):
        table = opportunities(panel, top=None, endowment=fit, **kwargs)
        en, zh = render_frame(table), render_frame(table, "zh")
        assert en.drop(columns="reason").equals(zh.drop(columns="reason"))
        same_numbers_in_chinese(en["reason"], zh["reason"])
    first = zh[(zh["region"] == "A") & (zh["rank"] == 1)]["reason"].iloc[0]
    assert first.startswith("第1名（前沿突破）：")
    assert "依托太阳能（人均为全国水平的 3.0 倍）" in "".join(zh["reason"])
    for table in (upgrade_paths(bridged_panel()), endowment_siting(fit, panel=panel)):
        same_numbers_in_chinese(render_frame(table)["reason"],
                                render_frame(table, "zh")["reason"])


def diffusing_panel(seed: int = 3) -> Panel:
    """Regions enter activities near the ones they have (a process density should predict).

    60 regions x 30 activities on a ring of relatedness, 5 periods: each period a region
    enters, with probability 0.7, the absent activity next to one it has.
    """
    rng = np.random.default_rng(seed)
    n_r, n_a, n_t = 60, 30, 5
    has = np.zeros((n_r, n_a), dtype=bool)
    for r in range(n_r):
        start = rng.integers(n_a)
        has[r, [(start + k) % n_a for k in range(rng.integers(2, 6))]] = True
    cubes = []
    for _ in range(n_t):
        cube = np.where(has, rng.lognormal(3, 0.3, has.shape), rng.lognormal(0, 0.3, has.shape))
        cubes.append(cube)
        nxt = has.copy()
        for r in range(n_r):
            edge = [(a + 1) % n_a for a in np.flatnonzero(has[r]) if not has[r, (a + 1) % n_a]]
            if edge and rng.random() < 0.7:
                nxt[r, edge[0]] = True
        has = nxt
    return Panel.from_cube(np.array(cubes), regions=[f"r{i:02d}" for i in range(n_r)],
                           activities=[f"a{i:02d}" for i in range(n_a)],
                           times=[2000, 2005, 2010, 2015, 2020])


def test_scorers_rank_as_documented() -> None:
    p = diffusing_panel()
    density = opportunities(p, scorer="density", top=None)
    assert set(density["scorer"]) == {"density"} and density["probability"].isna().all()
    for _, group in density.groupby("region"):
        assert group.sort_values("rank")["density"].is_monotonic_decreasing
    learned = opportunities(p, scorer="learned", top=5)
    assert set(learned["scorer"]) == {"learned"}
    assert learned["probability"].between(0, 1).all()
    for _, group in learned.groupby("region"):
        assert group.sort_values("rank")["probability"].is_monotonic_decreasing
    ind = compute_indicators(p, with_fitness=False)
    assert (np.nan_to_num([ind.rca[:, p.regions.get_loc(r), p.activities.get_loc(a)].max()
                           for r, a in zip(learned["region"], learned["activity"],
                                           strict=True)]) < 0.25).all()  # clearly absent
    text = render_reasons(learned["reason"])
    assert all(t.startswith(f"#{k} (learned scorer): ") and "chance of entry" in t
               for t, k in zip(text, learned["rank"], strict=True))
    assert set(opportunities(p, scorer="auto", top=3)["scorer"]) == {"learned"}


def test_auto_falls_back_to_density_on_a_short_panel(panel: Panel) -> None:
    # two periods: no earlier outcome to learn from
    auto = opportunities(panel, scorer="auto", top=None)
    assert set(auto["scorer"]) == {"density"}
    assert_allclose(auto["score"].to_numpy(), auto["score"].to_numpy())  # finite scores
    explicit = opportunities(panel, scorer="learned", top=None)
    assert set(explicit["scorer"]) == {"density"}
    assert all("learned scorer not used" in t for t in render_reasons(explicit["reason"]))
    with pytest.raises(AdvantageError, match="scorer='best' is not valid"):
        opportunities(panel, scorer="best")


# ------------------------------------------------------------------ the Atlas strategies
def nested_panel() -> Panel:
    """Eight regions with nested baskets (region i has activities 0..i), so ECI and PCI spread
    widely: the least diverse region is far below the most complex activities."""
    n = 8
    cube = np.array([[[10.0 if a <= r else 0.1 for a in range(n)] for r in range(n)]])
    return Panel.from_cube(cube, regions=[f"r{i}" for i in range(n)],
                           activities=[f"a{j}" for j in range(n)], times=[2020])


def test_atlas_weights_as_published() -> None:
    # Growth Lab technical notes (as issue 10 quotes them): distance / PCI / COG
    # Low-Hanging Fruit 60/15/25, Long Jump 45/20/35; a weight on low distance is a weight
    # on high density.
    from advantage.planning.opportunities import BALANCED_WEIGHTS, CEILING_MARGIN

    lhf, lj = PRESETS["low_hanging_fruit"], PRESETS["long_jump"]
    assert (lhf["density"], lhf["pci"], lhf["cog"]) == (0.60, 0.15, 0.25)
    assert (lj["density"], lj["pci"], lj["cog"]) == (0.45, 0.20, 0.35)
    assert lhf["endowment"] == lhf["momentum"] == lj["endowment"] == lj["momentum"] == 0.0
    assert CEILING_MARGIN == {"low_hanging_fruit": 2.0, "balanced_portfolio": 2.0,
                              "long_jump": 2.5}
    assert BALANCED_WEIGHTS["parsimonious"]["density"] == pytest.approx(0.525)


@pytest.mark.parametrize("preset, weights", [("low_hanging_fruit", (0.60, 0.15, 0.25)),
                                             ("long_jump", (0.45, 0.20, 0.35))])
def test_atlas_score_is_the_weighted_zscores(panel: Panel, preset: str,
                                             weights: tuple[float, float, float]) -> None:
    out = opportunities(panel, preset=preset, focus="A", top=None)

    def z(v: np.ndarray) -> np.ndarray:
        return (v - v.mean()) / v.std() if v.std() > 1e-12 else np.zeros_like(v)

    expected = sum(w * z(out[c].to_numpy()) for w, c in zip(weights, ("density", "pci", "cog"),
                                                           strict=True))
    assert_allclose(out["score"], expected, atol=1e-12)
    assert (out["approach"] == preset).all()


def test_balanced_portfolio_follows_the_strategic_approach(panel: Panel) -> None:
    from advantage.planning.opportunities import BALANCED_WEIGHTS, strategic_approach

    out = opportunities(panel, preset="balanced_portfolio", top=None)
    ind = compute_indicators(panel)
    valid = panel.present_regions()[-1]
    code = strategic_approach(ind.eci[-1][None], ind.coi[-1][None], valid[None])[0]
    names = ["light_touch", "parsimonious", "strategic_bets", "frontier"]
    for region, rows in out.groupby("region"):
        approach = names[code[list(panel.regions).index(region)]]
        w = BALANCED_WEIGHTS[approach]
        first = rows.iloc[0]["reason"]
        assert first.parts[0].key == "balanced_by"
        assert first.parts[0].facts["approach"].value == approach
        if len(rows) > 1:
            def z(v: np.ndarray) -> np.ndarray:
                return (v - v.mean()) / v.std() if v.std() > 1e-12 else np.zeros_like(v)
            expected = sum(w[c] * z(rows[c].to_numpy()) for c in ("density", "pci", "cog"))
            assert_allclose(rows["score"], expected, atol=1e-12)


@pytest.mark.parametrize("preset, margin", [("low_hanging_fruit", 2.0), ("long_jump", 2.5)])
def test_pci_ceiling_below_the_income_threshold(preset: str, margin: float) -> None:
    panel = nested_panel()
    ind = compute_indicators(panel)
    eci = dict(zip(panel.regions, ind.eci[0], strict=True))
    pci = dict(zip(panel.activities, ind.pci[0], strict=True))
    free = opportunities(panel, preset=preset, top=None)
    # by hand: the candidates the rule removes are those with PCI >= ECI + margin
    too_far = {(r, a) for r, a in zip(free["region"], free["activity"], strict=True)
               if pci[a] >= eci[r] + margin}
    assert too_far, "the panel must have candidates above the ceiling"
    poor = {r: 1000.0 for r in panel.regions} | {"r7": 9000.0}
    capped = opportunities(panel, preset=preset, top=None, income=poor,
                           income_threshold=5000.0)
    kept = set(zip(capped["region"], capped["activity"], strict=True))
    expected = {(r, a) for r, a in zip(free["region"], free["activity"], strict=True)
                if (r, a) not in too_far or r == "r7"}
    assert kept == expected
    assert capped.loc[capped["region"] == "r7", "ceiling"].isna().all()  # income above
    row = capped[capped["region"] == "r0"].iloc[0]
    assert_allclose(row["ceiling"], eci["r0"] + margin)
    text = render_reasons([row["reason"]])[0]
    assert f"PCI ceiling {eci['r0'] + margin:.2f} = ECI {eci['r0']:.2f} + {margin:g}, as " \
           "income per head 1,000 <= 5,000" in text
    assert "ceiling" not in free.columns


def test_pci_ceiling_needs_an_atlas_strategy_and_a_threshold(panel: Panel) -> None:
    # without the threshold no ceiling can be placed: the ranking is the strategy's, said aloud
    with pytest.warns(AdvantageWarning, match="no PCI ceiling is applied"):
        free = opportunities(bridged_panel(), preset="long_jump", income=1000.0)
    assert "ceiling" not in free.columns
    assert free.equals(opportunities(bridged_panel(), preset="long_jump"))
    with pytest.raises(AdvantageError, match="PCI ceiling of the Atlas strategies"):
        opportunities(panel, preset="parsimonious", income=1000.0, income_threshold=5.0)
    with pytest.raises(AdvantageError, match="income_threshold= goes with income="):
        opportunities(panel, preset="long_jump", income_threshold=5.0)
    with pytest.raises(AdvantageError, match="income's regions"):
        opportunities(panel, preset="long_jump", income={"Atlantis": 1.0},
                      income_threshold=5.0)
