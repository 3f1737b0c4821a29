"""Industrial isomorphism: how alike regions' industrial structures are, pair by pair.

The structural similarity coefficient (UNIDO 1979) is the cosine of two regions' activity
vectors; values near 1 flag duplicated structures (China's "industrial isomorphism", 产业同构).
It is computed for every pair of regions with one batched matrix product per block of years,
optionally at coarser levels of an activity hierarchy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice
from advantage.measures.specialisation import pair_krugman, pairs_table, region_shares
from advantage.panel import DENSE_CELL_LIMIT, Panel, axis_frame, to_pandas

__all__ = [
    "hierarchy_from_frame",
    "similarity_by_level",
    "similarity_to_national",
    "structural_similarity",
]

#: Pair cells (years x regions x regions) per block of years; bounds the similarity matrices.
PAIR_CELLS = 50_000_000


def _unit_rows(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit Euclidean length; zero rows stay zero."""
    norm = np.sqrt(np.einsum("tra,tra->tr", x, x))
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(norm > 0, 1.0 / norm, 0.0)
    return x * scale[:, :, None]


def _check_threshold(threshold: float) -> float:
    value = float(threshold)
    if not 0.0 <= value <= 1.0:
        raise AdvantageError(f"threshold={threshold!r} is not valid; expected a number in "
                             f"[0, 1].")
    return value


def structural_similarity(
    panel: Panel,
    *,
    threshold: float = 0.9,
    min_similarity: float | None = None,
    krugman: bool = True,
) -> pd.DataFrame:
    r"""The structural similarity coefficient of every pair of regions, every year.

    .. math::

        S_{rq} = \frac{\sum_a x_{ra} x_{qa}}{\sqrt{\sum_a x_{ra}^2 \sum_a x_{qa}^2}}
        \in [0, 1], \qquad
        K_{rq} = \sum_a \left| \frac{x_{ra}}{x_r} - \frac{x_{qa}}{x_q} \right| \in [0, 2]

    :math:`S` (UNIDO 1979) is 1 for proportional structures and does not change when a region
    is scaled; ``krugman_pair`` is Krugman's (1991) dissimilarity of the same pair.

    Parameters
    ----------
    panel : Panel
        Values (time, region, activity).
    threshold : float
        Pairs with similarity at or above it are ``flagged`` (default 0.9).
    min_similarity : float, optional
        Return only pairs with similarity at or above it. With thousands of regions the full
        list has millions of rows per year; the similarity of all pairs is still computed.
    krugman : bool
        Also compute ``krugman_pair``; its cost grows as returned pairs x activities.

    Returns
    -------
    pandas.DataFrame
        ``time, region_a, region_b, similarity, krugman_pair, flagged`` with region_a before
        region_b in the panel's order (upper triangle only); the region columns are
        categoricals. Similarity is NaN where either region's total is zero that year.

    References
    ----------
    UNIDO (1979) *Structural Changes in Industry*, New York. Krugman, P. (1991) *Geography and
    Trade*, MIT Press.

    Examples
    --------
    >>> import numpy as np
    >>> p = Panel.from_cube(np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 0.0]]),
    ...                     regions=["a", "b", "c"], activities=["x", "y"])
    >>> structural_similarity(p)[["region_a", "region_b", "similarity"]].round(3).values.tolist()
    [['a', 'b', 1.0], ['a', 'c', 0.447], ['b', 'c', 0.447]]
    """
    threshold = _check_threshold(threshold)
    if min_similarity is not None:
        min_similarity = float(min_similarity)
    n_t, n_r, n_a = panel.shape
    iu, ju = (index.astype(np.int32) for index in np.triu_indices(n_r, 1))
    step = max(1, min(PAIR_CELLS // max(n_r * n_r, 1), DENSE_CELL_LIMIT // max(n_r * n_a, 1)))
    names = ["t", "a", "b", "similarity", *(["krugman_pair"] if krugman else []), "flagged"]
    columns: dict[str, list[np.ndarray]] = {name: [] for name in names}
    for start in range(0, n_t, step):
        block = slice(start, min(start + step, n_t))
        x = panel.cube_block(block)
        present = x.sum(axis=2) > 0
        unit = _unit_rows(x)
        cosine = np.matmul(unit, unit.transpose(0, 2, 1))
        del unit
        similarity = np.clip(cosine[:, iu, ju], 0.0, 1.0)
        del cosine
        similarity[~(present[:, iu] & present[:, ju])] = np.nan
        t: np.ndarray
        pair: np.ndarray
        if min_similarity is None:
            t = np.repeat(np.arange(x.shape[0], dtype=np.int32), len(iu))
            pair = np.tile(np.arange(len(iu), dtype=np.int32), x.shape[0])
            values = similarity.reshape(-1)
        else:
            with np.errstate(invalid="ignore"):
                t, pair = np.nonzero(similarity >= min_similarity)
            values = similarity[t, pair]
        a, b = iu[pair], ju[pair]
        del pair
        if krugman:
            columns["krugman_pair"].append(pair_krugman(region_shares(x), t, a, b))
        with np.errstate(invalid="ignore"):
            columns["flagged"].append(values >= threshold)
        columns["similarity"].append(values)
        columns["t"].append(t + start)
        columns["a"].append(a)
        columns["b"].append(b)
    return pairs_table(panel, columns)


def similarity_to_national(panel: Panel, *, threshold: float = 0.9) -> pd.DataFrame:
    r"""The structural similarity of each region with the national structure, every year.

    The national structure is the sum of all regions in the panel:

    .. math:: S_r = \cos(x_{r\cdot}, X), \qquad X_a = \sum_q x_{qa}.

    Parameters
    ----------
    panel : Panel
        Values (time, region, activity).
    threshold : float
        Regions with similarity at or above it are ``flagged`` (default 0.9).

    Returns
    -------
    pandas.DataFrame
        ``time, region, similarity, flagged``; NaN where the region's total is zero.

    References
    ----------
    UNIDO (1979) *Structural Changes in Industry*, New York.

    Examples
    --------
    >>> import numpy as np
    >>> p = Panel.from_cube(np.array([[1.0, 0.0], [0.0, 1.0]]), regions=["a", "b"],
    ...                     activities=["x", "y"])
    >>> similarity_to_national(p)["similarity"].round(4).tolist()
    [0.7071, 0.7071]
    """
    threshold = _check_threshold(threshold)
    parts = []
    for block in panel.blocks():
        x = panel.cube_block(block)
        national = _unit_rows(x.sum(axis=1, keepdims=True))
        cosine = np.clip(np.einsum("tra,tsa->tr", _unit_rows(x), national), 0.0, 1.0)
        cosine[x.sum(axis=2) <= 0] = np.nan
        parts.append(cosine)
    similarity = np.concatenate(parts)
    with np.errstate(invalid="ignore"):
        flagged = similarity >= threshold
    return axis_frame(panel, "region", {"similarity": similarity, "flagged": flagged})


def hierarchy_from_frame(frame: Any, *, code: str = "code") -> dict[str, dict[Any, Any]]:
    """Levels of an activity hierarchy from a table with one row per detailed code.

    Parameters
    ----------
    frame : pandas.DataFrame, polars.DataFrame or pyarrow.Table
        A ``code`` column with the detailed codes and one column per coarser level (for example
        ``parent``), each giving the group of that row's detailed code.
    code : str
        Name of the detailed-code column.

    Returns
    -------
    dict
        ``{level name: {detailed code: group}}``, in the table's column order.

    Examples
    --------
    >>> import pandas as pd
    >>> hierarchy_from_frame(pd.DataFrame({"code": ["111", "112"], "parent": ["11", "11"]}))
    {'parent': {'111': '11', '112': '11'}}
    """
    df = to_pandas(frame)
    if code not in df.columns:
        raise AdvantageError(f"the hierarchy has no {code!r} column; columns are: "
                             f"{', '.join(repr(str(c)) for c in df.columns)}.")
    levels = [c for c in df.columns if c != code]
    if not levels:
        raise AdvantageError(f"the hierarchy needs a column besides {code!r} (e.g. 'parent').")
    repeated = df[code].duplicated()
    if repeated.any():
        raise AdvantageError(f"the hierarchy lists {int(repeated.sum())} codes more than once, "
                             f"e.g. {df.loc[repeated, code].head(3).tolist()!r}.")
    for level in levels:
        if df[level].isna().any():
            raise AdvantageError(f"the hierarchy column {level!r} has missing groups for codes "
                                 f"{df.loc[df[level].isna(), code].head(5).tolist()!r}.")
    return {str(level): dict(zip(df[code], df[level], strict=True)) for level in levels}


def similarity_by_level(
    panel: Panel,
    hierarchy: Mapping[str, Mapping[Any, Any]],
    *,
    threshold: float = 0.9,
    layout: Literal["long", "wide"] = "long",
    min_similarity: float | None = None,
    krugman: bool = True,
) -> pd.DataFrame:
    """Pairwise structural similarity at the panel's own level and at coarser levels.

    Similarity rises as activities are grouped more coarsely; reading the levels side by side
    shows whether two regions duplicate each other in detail or only in broad sectors.
    Each coarser panel is built with :meth:`Panel.aggregate` (every code must be mapped).

    Parameters
    ----------
    panel : Panel
        Values (time, region, activity) at the detailed level.
    hierarchy : mapping
        ``{level name: {detailed code: group}}``, e.g. from :func:`hierarchy_from_frame`.
        The panel's own level is reported as ``"detailed"``.
    threshold : float
        Pairs with similarity at or above it are flagged (default 0.9).
    layout : {"long", "wide"}
        ``"long"``: the columns of :func:`structural_similarity` plus a leading ``level``.
        ``"wide"``: one row per pair, with ``similarity_<level>``, ``krugman_pair_<level>``
        and ``flagged_<level>`` side by side.
    min_similarity : float, optional
        Keep pairs with similarity at or above it (at that level for ``"long"``; at any level
        for ``"wide"``).
    krugman : bool
        Also compute the pairwise Krugman index at each level.

    Returns
    -------
    pandas.DataFrame

    References
    ----------
    UNIDO (1979) *Structural Changes in Industry*, New York.

    Examples
    --------
    >>> import numpy as np
    >>> p = Panel.from_cube(np.array([[1.0, 0.0], [0.0, 1.0]]), regions=["a", "b"],
    ...                     activities=["x1", "x2"])
    >>> out = similarity_by_level(p, {"parent": {"x1": "x", "x2": "x"}})
    >>> out[["level", "similarity"]].values.tolist()
    [['detailed', 0.0], ['parent', 1.0]]
    """
    check_choice("layout", layout, ["long", "wide"])
    if "detailed" in hierarchy:
        raise AdvantageError("the hierarchy level name 'detailed' is reserved for the panel's "
                             "own level; rename that level.")
    panels = {"detailed": panel}
    for name, mapping in hierarchy.items():
        panels[name] = panel.aggregate(dict(mapping), axis="activity")
    if layout == "long":
        frames = []
        for name, level_panel in panels.items():
            frame = structural_similarity(level_panel, threshold=threshold,
                                          min_similarity=min_similarity, krugman=krugman)
            frame.insert(0, "level", name)
            frames.append(frame)
        return pd.concat(frames, ignore_index=True)
    wide: pd.DataFrame | None = None
    for name, level_panel in panels.items():
        frame = structural_similarity(level_panel, threshold=threshold, krugman=krugman)
        values = frame.drop(columns=[c for c in ("time", "region_a", "region_b")
                                     if c in frame.columns])
        values = values.add_suffix(f"_{name}")
        wide = frame[[c for c in ("time", "region_a", "region_b") if c in frame.columns]].join(
            values) if wide is None else wide.join(values)
    assert wide is not None
    if min_similarity is not None:
        columns = [f"similarity_{name}" for name in panels]
        keep = (wide[columns] >= float(min_similarity)).any(axis=1)
        wide = wide.loc[keep].reset_index(drop=True)
    return wide
