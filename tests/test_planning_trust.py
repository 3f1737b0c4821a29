"""The trust layer: spectrum and validity diagnostics, bootstrap rank intervals, stability."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage.i18n import render_reasons
from advantage.measures import compute_indicators
from advantage.planning.diagnostics import CHECKS, diagnostics, spectrum
from advantage.planning.opportunities import opportunities
from advantage.planning.stability import default_variants, stability
from advantage.planning.trust import rank_intervals, ranks_desc

NESTED = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0]], dtype=float)


def test_spectrum_of_a_nested_matrix_by_hand() -> None:
    # k_c = k_p = (3, 2, 1). S = M D_p^-1 M' = [[11/6, 5/6, 1/3], [5/6, 5/6, 1/3],
    # [1/3, 1/3, 1/3]]; M^C = D_c^-1 S has trace 49/36 and determinant det(S)/6 = 1/36, and
    # eigenvalue 1; so lambda_2 + lambda_3 = 13/36, lambda_2 lambda_3 = 1/36: 1/4 and 1/9.
    assert_allclose(spectrum(NESTED), [1.0, 0.25, 1 / 9], atol=1e-12)
    # two regions: M = [[1, 1], [0, 1]] gives M^C = [[3/4, 1/4], [1/2, 1/2]]: 1 and 1/4
    assert_allclose(spectrum(np.array([[1.0, 1.0], [0.0, 1.0]])), [1.0, 0.25], atol=1e-12)
    # two disconnected blocks: M^C is block-diagonal with [[1/2, 1/2], [1/2, 1/2]] twice
    blocks = np.kron(np.eye(2), np.ones((2, 2)))
    assert_allclose(spectrum(blocks), [1.0, 1.0, 0.0, 0.0], atol=1e-12)


def nested_panel() -> Panel:
    return Panel.from_cube(NESTED * 10 + 1.0, regions=list("abc"), activities=list("xyz"))


def test_eigengap_verdicts_on_known_spectra() -> None:
    panel = nested_panel()
    ind = compute_indicators(panel, presence_cube=NESTED[None])
    out = diagnostics(panel, indicators=ind).set_index("check")
    assert list(out.index) == list(CHECKS)
    assert_allclose(out.loc["eigengap", "value"], 1 / 4 - 1 / 9)  # min(3/4, 5/36)
    assert out.loc["eigengap", "verdict"] == "ok"
    warned = diagnostics(panel, indicators=ind, gap_warn=0.2).set_index("check")
    assert warned.loc["eigengap", "verdict"] == "warn"
    text = render_reasons([out.loc["eigengap", "detail"]])[0]
    assert text.startswith("eigenvalues 1.000, 0.250, 0.111: the ECI eigenvector is "
                           "separated by 0.139")
    blocks = np.kron(np.eye(2), np.ones((2, 2)))
    split = Panel.from_cube(blocks, regions=list("abcd"), activities=list("wxyz"))
    assert diagnostics(split).set_index("check").loc["eigengap", "verdict"] == "fail"


def test_agreement_and_anchor_are_the_stated_correlations() -> None:
    rng = np.random.default_rng(4)
    panel = Panel.from_cube(rng.lognormal(0, 1, (1, 9, 7)) * (rng.random((1, 9, 7)) > 0.3),
                            regions=[f"r{i}" for i in range(9)],
                            activities=[f"a{j}" for j in range(7)], times=[2020])
    ind = compute_indicators(panel)
    out = diagnostics(panel, indicators=ind).set_index("check")
    eci, div, fit = ind.eci[0], ind.diversity[0], np.log(ind.fitness[0])
    ok = np.isfinite(eci) & (div > 0)
    spearman = pd.Series(eci[ok]).rank().corr(pd.Series(div[ok]).rank())
    assert_allclose(out.loc["eci_diversity", "value"], spearman, atol=1e-12)
    assert_allclose(out.loc["eci_fitness", "value"],
                    pd.Series(eci[ok]).rank().corr(pd.Series(fit[ok]).rank()))
    assert_allclose(out.loc["sign_anchor", "value"], np.corrcoef(eci[ok], div[ok])[0, 1])
    assert out.loc["sign_anchor", "value"] >= 0  # the orientation rule


def test_data_flags_by_hand() -> None:
    # e is the national structure exactly (every RCA = 1): at threshold 1.5 it has no
    # activity (zero diversity); z is 0.05% of the total in f (tiny); g is absent in 2020.
    cube = np.array([[[40, 5, 5], [5, 40, 5], [5, 5, 40], [10, 10, 10], [50, 50, 50],
                      [0.05, 0.05, 0.05], [0, 0, 0]]], dtype=float)
    panel = Panel.from_cube(cube, regions=list("abcdefg"), activities=list("xyz"),
                            times=[2020])
    out = diagnostics(panel, threshold=1.5).set_index("check")
    assert out.loc["zero_diversity", "value"] == 3  # d, e and f have RCA 1 everywhere
    assert out.loc["tiny_regions", "value"] == 1 and out.loc["tiny_regions", "verdict"] == "warn"
    assert out.loc["absent_regions", "value"] == 1
    text = render_reasons([out.loc["tiny_regions", "detail"]])[0]
    assert text == "1 regions below 0.1% of the national total (noisy RCA): f"
    assert render_reasons([out.loc["absent_regions", "detail"]], "zh")[0].startswith(
        "1 个地区本期无数值")
    # a = [2, 1], b = [1, 2], c = [3, 3]: the largest RCA is (2/3) / (6/12) = 4/3 < 1.5,
    # so at threshold 1.5 no region has either activity
    flat = Panel.from_cube(np.array([[2.0, 1.0], [1.0, 2.0], [3.0, 3.0]]),
                           regions=list("abc"), activities=list("xy"))
    low = diagnostics(flat, threshold=1.5).set_index("check")
    assert low.loc["zero_ubiquity", "value"] == 2 and low.loc["zero_diversity", "value"] == 3


def test_ranks_desc() -> None:
    assert ranks_desc(np.array([3.0, 1.0, 2.0])).tolist() == [1.0, 3.0, 2.0]
    assert np.isnan(ranks_desc(np.array([1.0, 2.0]), np.array([True, False]))[1])


def random_panel(seed: int = 2) -> Panel:
    rng = np.random.default_rng(seed)
    cube = rng.lognormal(0, 1, (2, 14, 9)) * (rng.random((2, 14, 9)) > 0.3)
    cube[:, :, 0] += 0.3
    return Panel.from_cube(cube, regions=[f"r{i}" for i in range(14)],
                           activities=[f"a{j}" for j in range(9)], times=[2015, 2020])


def test_rank_intervals_are_seeded_and_bracket_the_ranks() -> None:
    panel = random_panel()
    out = rank_intervals(panel, n=60, seed=3, focus=["r0", "r1"])
    again = rank_intervals(panel, n=60, seed=3, focus=["r0", "r1"])
    other = rank_intervals(panel, n=60, seed=4, focus=["r0", "r1"])
    pd.testing.assert_frame_equal(out.regions, again.regions)
    assert not out.regions.equals(other.regions)
    ind = compute_indicators(panel)
    assert_allclose(out.regions["rank"], ranks_desc(ind.eci[-1]))
    assert_allclose(out.activities["rank"], ranks_desc(ind.pci[-1]))
    assert (out.regions["rank_low"] <= out.regions["rank_high"]).all()
    cells = out.cells
    assert set(cells["region"]) == {"r0", "r1"}
    r0 = cells[cells["region"] == "r0"]
    has = ind.mcp[-1][0] > 0
    assert sorted(r0["activity"]) == sorted(panel.activities[~has])
    assert_allclose(r0.set_index("activity").loc[list(panel.activities[~has]), "density"],
                    ind.density[-1][0, ~has])
    assert r0["density_rank"].tolist() == sorted(r0["density_rank"].tolist())


def test_a_nested_presence_keeps_its_leader() -> None:
    # In a nested presence matrix every resample of activities stays nested, so the most
    # diverse region is never passed (ties share the best rank): its interval is [1, 1].
    m = np.tril(np.ones((6, 6)))
    panel = Panel.from_cube(m * 10 + 0.01, regions=list("abcdef"), activities=list("uvwxyz"))
    ind = compute_indicators(panel, presence_cube=m[None])
    out = rank_intervals(panel, n=40, seed=0, indicators=ind).regions.set_index("region")
    assert out.loc["f", ["rank", "rank_low", "rank_high"]].tolist() == [1.0, 1.0, 1.0]
    assert out["rank"].tolist() == [6.0, 5.0, 4.0, 3.0, 2.0, 1.0]


def test_rank_intervals_arguments() -> None:
    with pytest.raises(AdvantageError, match="n=0"):
        rank_intervals(random_panel(), n=0)
    with pytest.raises(AdvantageError, match="level=1"):
        rank_intervals(random_panel(), level=1)


def test_an_unchanged_list_is_fully_stable() -> None:
    panel = random_panel()
    out = stability(panel, k=3, variants=[{"threshold": 1.0}, {"window": 5}])
    assert (out.items["stability"] == 1.0).all()
    assert set(out.items["list"]) == {"opportunities", "advantages"}
    assert (out.variants["overlap"] == 1.0).all()


def test_stability_is_the_share_of_variants_that_keep_an_item() -> None:
    panel = random_panel()
    out = stability(panel, lists=["opportunities"], k=3, variants=[{"proximity": "max"}])
    alt = opportunities(panel, top=3, indicators=compute_indicators(panel,
                                                                    proximity_method="max"))
    there = set(zip(alt["region"], alt["activity"], strict=True))
    expected = [float((r, a) in there) for r, a in zip(out.items["region"],
                                                        out.items["activity"], strict=True)]
    assert out.items["stability"].tolist() == expected
    assert 0 < np.mean(expected) < 1  # the variant does change the lists
    dropped = out.items[out.items["stability"] == 0]["reason"].iloc[0]
    assert render_reasons([dropped])[0] == ("kept in 0 of 1 variants; dropped under proximity "
                                            "by maximum conditional probability")


def test_default_variants_and_references() -> None:
    panel = random_panel()
    assert default_variants(panel, threshold=1.0, window=5) == [
        {"threshold": 0.8}, {"threshold": 1.25}, {"window": 3}, {"window": 10},
        {"proximity": "max"}, {"proximity": "geometric"}]
    out = stability(panel, k=2, focus="r0", references={"first half": [f"r{i}" for i in
                                                                        range(7)]})
    assert out.items["variants"].unique().tolist() == [7]
    assert out.items["stability"].between(0, 1).all()
    halves = {f"r{i}": [f"r{j}" for j in range(7)] if i < 7 else [f"r{j}" for j in
                                                                 range(7, 14)]
              for i in range(14)}
    own = stability(panel, lists=["advantages"], k=2, variants=[
        {"reference": halves, "name": "own half"}])
    # by hand: the advantages of r1 against the first half alone
    from advantage.planning.benchmark import relative_presence_cube

    rp = relative_presence_cube(panel, [f"r{j}" for j in range(7)])[-1][1]
    best = set(np.array(panel.activities)[np.argsort(-np.nan_to_num(rp))[:2]])
    mine = own.items[own.items["region"] == "r1"]
    top_rp = set(mine.loc[mine["stability"] == 1, "activity"])
    assert top_rp <= best
    with pytest.raises(AdvantageError, match="needs sources="):
        stability(panel, lists=["transfer"])


def test_stability_of_transfer_destinations() -> None:
    rng = np.random.default_rng(9)
    cube = rng.lognormal(0, 0.5, (2, 10, 6))
    cube[1, :3] *= 0.5  # the first three regions shrink: their activities relocate
    panel = Panel.from_cube(cube, regions=[f"r{i}" for i in range(10)],
                            activities=[f"a{j}" for j in range(6)], times=[2015, 2020])
    out = stability(panel, lists=["transfer"], k=3, sources=["r0", "r1", "r2"])
    assert len(out.items) and out.items["stability"].between(0, 1).all()
    assert not set(out.items["region"]) & {"r0", "r1", "r2"}


def test_top10_of_a_western_province(shared_data: Path) -> None:
    from advantage.io.catalogue import load_panel

    panel, _ = load_panel("china_provincial_io")
    out = stability(panel, lists=["opportunities"], k=10, focus="Gansu")
    assert len(out.items) == 10 and out.items["stability"].between(0, 1).all()
    assert out.items["variants"].iloc[0] == 6


def test_a_profile_leaves_out_a_bootstrap_too_large_for_a_view() -> None:
    from advantage.planning import profile

    small = profile(random_panel())
    assert len(small.ranks) == 14
    large = profile(random_panel())
    large.RANK_WORK = 10  # 14 x 9 x 9 = 1,134 > 10
    assert large.ranks.empty
    assert "left out of this view for a panel of 14 regions x 9 activities" in \
        render_reasons([large.notes["ranks"]])[0]
