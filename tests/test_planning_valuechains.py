"""Value chains as tags: links present, missing links by feasibility, key nodes, actions."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from advantage import AdvantageError, Panel
from advantage.i18n import render_reasons
from advantage.measures import compute_indicators
from advantage.planning.valuechains import chain_status, chain_table
from advantage.reference import value_chains

ACTS = ["s", "t", "u", "v", "w"]
HAS = {"a": "su", "b": "stuvw", "c": "tv", "d": "ws"}
CHAIN = pd.DataFrame({"chain": "demo", "activity": ["s", "t", "u", "v"], "stage": [1, 2, 3, 4]})


def setup() -> tuple[Panel, object]:
    # 11 present cells of 10: RCA = 11 / (diversity x ubiquity), e.g. a,s = 11/6, a,u = 11/4
    cube = np.array([[[10.0 if x in HAS[r] else 0.0 for x in ACTS] for r in HAS]])
    panel = Panel.from_cube(cube, regions=list(HAS), activities=ACTS, times=[2020])
    ind = compute_indicators(panel)
    phi = np.zeros((1, 5, 5))
    for (i, j), value in {(0, 1): 0.5, (1, 2): 0.4, (2, 3): 0.1, (0, 2): 0.2,
                          (1, 3): 0.3}.items():
        phi[0, i, j] = phi[0, j, i] = value
    density = ind.density.copy()
    density[0, 0, 1], density[0, 0, 3] = 0.3, 0.6  # a's density in t and v
    return panel, replace(ind, proximity=phi, density=density)


def test_shares_actions_and_feasibility_by_hand() -> None:
    panel, ind = setup()
    out = chain_status(panel, CHAIN, focus="a", indicators=ind)
    links = out.links.set_index("activity")
    assert links["present"].tolist() == [True, False, True, False]  # s, t, u, v by stage
    assert links["action"].tolist() == ["strengthen", "fill", "strengthen", "extend"]
    assert_allclose(links["share_present"], 0.5)
    assert links.loc["v", "feasibility_rank"] == 1 and links.loc["t", "feasibility_rank"] == 2
    summary = out.summary.iloc[0]
    assert (summary["links"], summary["present"], summary["next_link"]) == (4, 2, "v")
    assert summary["missing_links"] == ["v", "t"]
    text = render_reasons([summary["reason"]])[0]
    assert text.startswith("a, demo in 2020: 2 of 4 links present (50%); most feasible "
                           "missing link v (density 0.60)")


def test_key_nodes_by_proximity_and_by_input_output() -> None:
    panel, ind = setup()
    links = chain_status(panel, CHAIN, focus="a", indicators=ind).links.set_index("activity")
    # strength within the chain: s .5+.2 = .7, t .5+.4+.3 = 1.2, u .2+.4+.1 = .7, v .3+.1 = .4
    assert_allclose(links.loc[["s", "t", "u", "v"], "centrality"],
                    np.array([0.7, 1.2, 0.7, 0.4]) / 1.2)
    assert links.loc[links["key_node"]].index.tolist() == ["s", "t"]  # top ceil(4/3) = 2
    coefficients = pd.DataFrame(0.0, index=ACTS, columns=ACTS)
    coefficients.loc["v", "u"] = 0.5  # v is a large input of u
    coefficients.loc["s", "t"] = 0.1
    io = chain_status(panel, CHAIN, focus="a", indicators=ind,
                      linkages=coefficients).links.set_index("activity")
    # strength: s .1, t .1, u .5, v .5 -> divided by .5
    assert_allclose(io.loc[["s", "t", "u", "v"], "centrality"], [0.2, 0.2, 1.0, 1.0])
    assert io.loc[io["key_node"]].index.tolist() == ["u", "v"]


def test_tagged_chains_fill_and_regions_without_links() -> None:
    panel, ind = setup()
    tags = pd.DataFrame({"chain": "tag", "activity": ["t", "w"]})
    out = chain_status(panel, tags, indicators=ind)
    a = out.links[out.links["region"] == "a"]
    assert set(a["action"]) == {"fill"} and (a["share_present"] == 0).all()
    assert out.summary.set_index("region").loc["b", "share_present"] == 1.0


@pytest.mark.parametrize("table, match", [
    (pd.DataFrame({"chain": ["x"]}), "lacks \\['activity'\\]"),
    (pd.DataFrame({"chain": ["x", "x"], "activity": ["s", "s"]}), "a link twice"),
    (pd.DataFrame({"chain": ["x", "x"], "activity": ["s", "t"], "stage": [1, None]}),
     "some links only"),
    (pd.DataFrame({"chain": ["x"], "activity": ["s"], "stage": ["first"]}), "non-numbers"),
    (pd.DataFrame({"chain": ["x"], "activity": ["zz"]}), "chains' activities"),
])
def test_chain_table_errors(table: pd.DataFrame, match: str) -> None:
    with pytest.raises(AdvantageError, match=match):
        chain_table(setup()[0], table)


def test_bundled_examples_name_real_sectors() -> None:
    from advantage.reference.china_io import io_sectors

    table = value_chains()
    assert set(table["activity"]) <= set(io_sectors()["code"])
    assert table.groupby("chain")["stage"].min().tolist() == [1, 1]
    assert table["note_en"].str.len().gt(0).all()


def test_worked_examples_on_the_china_tables(shared_data: Path) -> None:
    from advantage.io.catalogue import load_panel

    panel, _ = load_panel("china_provincial_io")
    out = chain_status(panel, value_chains(), focus=["Ningxia", "Gansu"])
    assert len(out.summary) == 4 and len(out.links) == 2 * 15
    ind = compute_indicators(panel)
    ningxia = list(panel.regions).index("Ningxia")
    pv = out.links[(out.links["region"] == "Ningxia") & (out.links["chain"] == "光伏")]
    acts = list(panel.activities)
    has = [ind.rca[-1][ningxia, acts.index(a)] >= 1 for a in pv["activity"]]
    assert pv["present"].tolist() == has
    assert_allclose(pv["share_present"].iloc[0], np.mean(has))
