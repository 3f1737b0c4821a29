"""Benchmarking against references and peers: relative presence, peer builders, PSWOT."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage.i18n import render_reasons
from advantage.measures import compute_indicators, rca_cube
from advantage.planning.benchmark import (
    PSWOT,
    peers_by_indicator,
    peers_by_similarity,
    peers_by_size,
    pswot,
    reference_indicators,
    relative_presence,
    relative_presence_cube,
)
from advantage.planning.opportunities import opportunities

ACTS = ["w", "x", "y", "z", "v"]


def pswot_panel() -> Panel:
    """Region a and its peers b, c over 2015 and 2020 (values chosen for hand arithmetic)."""
    y2015 = [[4, 2, 1, 0, 1.5], [0.5, 2, 2, 1, 4], [0.5, 2, 3, 1, 3], [1, 1, 1, 1, 1]]
    y2020 = [[4, 2, 1, 0, 3], [1, 2, 2, 1, 4], [1, 2, 3, 1, 3], [1, 1, 1, 1, 1]]
    return Panel.from_cube(np.array([y2015, y2020], dtype=float), regions=list("abcd"),
                           activities=ACTS, times=[2015, 2020])


def with_density(panel: Panel) -> object:
    """Indicators of the panel whose 2020 density is set by hand (so fit is known)."""
    ind = compute_indicators(panel)
    density = ind.density.copy()
    density[1, :3] = [[0.5, 0.2, 0.6, 0.3, 0.1], [0.4, 0.4, 0.4, 0.5, 0.3],
                      [0.6, 0.4, 0.2, 0.1, 0.1]]
    return replace(ind, density=density)


def test_relative_presence_against_the_nation_is_rca() -> None:
    panel = pswot_panel()
    assert_allclose(relative_presence_cube(panel), rca_cube(panel.cube), equal_nan=True)


def test_relative_presence_against_peers_by_hand() -> None:
    # 2020, against b + c = [2, 4, 5, 2, 7] (total 20); a's total is 10:
    # w (4/10)/(2/20) = 4, x (2/10)/(4/20) = 1, y (1/10)/(5/20) = 0.4, z 0, v 0.3/0.35
    frame = relative_presence(pswot_panel(), ["b", "c"], times=2020)
    a = frame[frame["region"] == "a"].set_index("activity")["relative_presence"]
    assert_allclose(a[ACTS].to_numpy(), [4.0, 1.0, 0.4, 0.0, 0.3 / 0.35])


def test_another_data_set_as_reference() -> None:
    panel = pswot_panel()
    nation = Panel.from_cube(np.array([[[10, 10, 10, 10, 10]], [[5, 5, 5, 5, 10]]], dtype=float),
                             regions=["CN"], activities=ACTS, times=[2015, 2020])
    rp = relative_presence_cube(panel, nation)
    # 2020: reference shares [5, 5, 5, 5, 10] / 30; a = [4, 2, 1, 0, 3] / 10
    assert_allclose(rp[1, 0], np.array([0.4, 0.2, 0.1, 0.0, 0.3]) / np.array([1, 1, 1, 1, 2]) * 6)
    short = Panel.from_cube(np.ones((1, 3)), regions=["CN"], activities=ACTS[:3])
    with pytest.raises(AdvantageError, match="reference's activities"):
        relative_presence_cube(panel.select(times=[2020]), short)


def test_reference_indicators_default_to_the_usual_ones() -> None:
    panel = pswot_panel()
    ours, usual = reference_indicators(panel), compute_indicators(panel)
    for name in ("rca", "mcp", "density", "eci", "pci", "cog"):
        assert_allclose(getattr(ours, name), getattr(usual, name), equal_nan=True, atol=1e-12)


def test_planning_against_a_macro_region() -> None:
    panel = pswot_panel()
    west = reference_indicators(panel, ["a", "b", "c"])
    assert_allclose(west.rca, relative_presence_cube(panel, ["a", "b", "c"]), equal_nan=True)
    assert_allclose(west.mcp, (np.nan_to_num(west.rca) >= 1).astype(float))
    out = opportunities(panel, indicators=west, top=None, focus="a")
    assert (out["rca"] < 1).all()  # candidates are judged against the reference


def test_peer_builders_by_hand() -> None:
    panel = pswot_panel()  # 2020 totals: a 10, b 10, c 10, d 5
    assert peers_by_size(panel, 1)["d"] == ["a"]  # ties broken by panel order
    assert peers_by_size(panel, 2, time=2015)["a"] == ["b", "c"]  # 8.5, 9.5 vs 9.5
    sim = peers_by_similarity(panel, 1)
    assert sim["b"] == ["c"] and sim["c"] == ["b"]
    income = {"a": 100.0, "b": 400.0, "c": 150.0, "d": 1000.0}
    assert peers_by_indicator(panel, income, 2)["a"] == ["c", "b"]  # |log| 0.41, 1.39
    assert peers_by_indicator(panel, {"a": 1.0, "b": 2.0}, 3)["a"] == ["b"]
    with pytest.raises(AdvantageError, match="k=0"):
        peers_by_size(panel, 0)


def test_pswot_labels_follow_the_rule() -> None:
    panel = pswot_panel()
    ind = with_density(panel)
    # fit = own density - mean of b and c: [0, -0.2, 0.3, 0, -0.1]; growth 2015-2020 vs
    # peers: w 0 vs 2x (-14.9 pp/yr), v 2x vs flat (+14.9 pp/yr), x and y flat at both.
    out = pswot(panel, ["b", "c"], focus="a", indicators=ind).set_index("activity")
    assert out.loc[ACTS, "pswot"].tolist() == [
        "threat", "threat", "opportunity", "possible entrant", "opportunity"]
    assert_allclose(out.loc[ACTS, "fit"], [0.0, -0.2, 0.3, 0.0, -0.1], atol=1e-12)
    assert_allclose(out.loc["w", "growth_vs_peers"], -(2 ** 0.2 - 1))
    assert_allclose(out.loc["v", "growth_vs_peers"], 2 ** 0.2 - 1)
    keys = [r.key for r in out.loc[ACTS, "reason"]]
    assert keys == ["pswot_threat_growth", "pswot_threat", "pswot_opportunity",
                    "pswot_entrant", "pswot_opportunity_growth"]
    assert out.loc["w", "peers"] == ["b", "c"]
    # without a base period, the rule falls back on presence and fit alone
    flat = pswot(panel, ["b", "c"], focus="a", indicators=ind, window=10).set_index("activity")
    assert flat.loc[ACTS, "pswot"].tolist() == [
        "strength", "threat", "opportunity", "possible entrant", "weakness"]
    text = render_reasons([flat.loc["w", "reason"]])[0]
    assert text.startswith("strength in 2020: 4.00x the peers' presence (>= 1) and density "
                           "0.50 vs 0.50 at 2 peers (fit +0.00)")


def test_pswot_per_region_peers_and_categories() -> None:
    panel = pswot_panel()
    peers = {"a": ["b", "c"], "d": ["a", "d"]}  # d's own label is dropped
    out = pswot(panel, peers, times=[2015, 2020])
    assert set(out["region"]) == {"a", "d"} and set(out["time"]) == {2015, 2020}
    assert list(out["pswot"].cat.categories) == list(PSWOT)
    assert out[out["region"] == "d"]["peers"].iloc[0] == ["a"]


@pytest.mark.parametrize("peers, focus, match", [
    (["a"], "a", "no peers other than themselves"),
    ({"a": ["b"]}, "c", "have no peers"),
    (["Atlantis"], None, "peers 'Atlantis'"),
])
def test_pswot_errors(peers: object, focus: object, match: str) -> None:
    with pytest.raises(AdvantageError, match=match):
        pswot(pswot_panel(), peers, focus=focus)  # type: ignore[arg-type]


def test_a_western_province_against_its_peers(shared_data: Path) -> None:
    from advantage.io.catalogue import load_panel
    from advantage.reference.presets import resolve_preset

    panel, _ = load_panel("china_provincial_io")
    west = resolve_preset(list(panel.regions)).group(["west"])
    out = pswot(panel, west, focus="Ningxia")
    assert len(out) == 38 and set(out["pswot"]) <= set(PSWOT)
    rp = relative_presence_cube(panel, [r for r in west if r != "Ningxia"])
    ningxia = list(panel.regions).index("Ningxia")
    assert_allclose(out["relative_presence"], rp[-1, ningxia], equal_nan=True)
    # Ningxia's coal (02) and power (22) are larger than at the western peers
    assert (out.set_index("activity").loc[["02", "22"], "relative_presence"] > 1).all()
