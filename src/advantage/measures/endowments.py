"""Resource endowments: how strong a region is in each endowment and which activities draw on it.

An *endowment* is a resource an activity draws on: solar, wind, coal, minerals, water, land,
tourism (:data:`ENDOWMENTS`; any other name works too). Two inputs describe them:

* a **strength table** ``region, endowment, value[, population]`` such as installed solar
  capacity by province, turned by :func:`endowment_strength` into an index per person
  relative to the nation (1 = the national amount per person);
* **tags** ``activity -> endowments`` saying which endowments an activity draws on (data
  centres and electrolysers on solar and wind, smelters on coal power, resorts on tourism).

:func:`endowment_fit` combines them into a (region x activity) fit used by the planning
layer (advantage classes, opportunities, transfer matching, endowment-led siting). Capacity
is a proxy for the endowment (installed solar capacity measures where solar was built, not
irradiation); say so when presenting results.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice
from advantage.panel import to_pandas

__all__ = [
    "ENDOWMENTS",
    "EndowmentFit",
    "activity_tags",
    "endowment_fit",
    "endowment_strength",
]

#: Endowments the documentation and examples use; tags may name others.
ENDOWMENTS = ("solar", "wind", "coal", "minerals", "water", "land", "tourism")

def endowment_strength(
    table: Any,
    *,
    region: str = "region",
    endowment: str = "endowment",
    value: str = "value",
    population: str | None = "population",
) -> pd.DataFrame:
    r"""Strength of every region in every endowment, per person and relative to the nation.

    .. math::

        s_{re} = \frac{v_{re} / P_r}{\sum_{r'} v_{r'e} / \sum_{r'} P_{r'}}

    so 1 is the national amount per person and 3 three times it (the per-capita analogue of
    the location quotient, like RPOP). Without a population column, :math:`P_r = 1` and the
    index compares each region with the mean region.

    Parameters
    ----------
    table : DataFrame (pandas, polars or pyarrow)
        One row per (region, endowment) with a non-negative amount (e.g. MW installed).
    region, endowment, value : str
        Column roles.
    population : str or None
        Column with the region's population; ``None`` (or a missing column) for none.

    Returns
    -------
    pandas.DataFrame
        Columns region, endowment, value, population, per_capita, strength.

    Examples
    --------
    >>> t = pd.DataFrame({"region": ["a", "b"], "endowment": "solar",
    ...                   "value": [30.0, 10.0], "population": [1.0, 3.0]})
    >>> endowment_strength(t)["strength"].round(2).tolist()
    [3.0, 0.33]
    """
    df = to_pandas(table)
    roles = [region, endowment, value]
    use_pop = population is not None and population in df.columns
    missing = [c for c in roles if c not in df.columns]
    if missing:
        raise AdvantageError(f"the endowment table needs columns {roles}; missing {missing}.")
    out = pd.DataFrame({"region": df[region].to_numpy(), "endowment": df[endowment].astype(str),
                        "value": pd.to_numeric(df[value], errors="coerce")})
    out["population"] = (pd.to_numeric(df[population], errors="coerce") if use_pop
                         else 1.0)
    bad = out["value"].isna() | (out["value"] < 0) | out["population"].isna() \
        | (out["population"] <= 0)
    if bad.any():
        first = out.loc[bad].head(3).to_dict("records")
        raise AdvantageError(f"the endowment table needs values >= 0 and populations > 0; "
                             f"{int(bad.sum())} rows do not, e.g. {first}.")
    if out.duplicated(["region", "endowment"]).any():
        raise AdvantageError("the endowment table repeats (region, endowment) pairs; "
                             "aggregate them first.")
    out["per_capita"] = out["value"] / out["population"]
    grouped = out.groupby("endowment")
    national = grouped["value"].transform("sum") / grouped["population"].transform("sum")
    out["strength"] = np.where(national > 0, out["per_capita"] / national.where(national > 0),
                               np.nan)
    return out.reset_index(drop=True)


def activity_tags(tags: Mapping[Any, Iterable[str] | str] | Any) -> dict[Any, tuple[str, ...]]:
    """Normalise tags given as a mapping or a table ``activity, endowment`` (one row per tag).

    Examples
    --------
    >>> activity_tags({"smelter": "coal", "dc": ["solar", "wind"]})
    {'smelter': ('coal',), 'dc': ('solar', 'wind')}
    """
    if isinstance(tags, Mapping):
        return {a: (e,) if isinstance(e, str) else tuple(str(x) for x in e)
                for a, e in tags.items()}
    df = to_pandas(tags)
    if not {"activity", "endowment"} <= set(df.columns):
        raise AdvantageError("an endowment tag table needs columns 'activity' and 'endowment'; "
                             f"it has {list(df.columns)!r}.")
    out: dict[Any, tuple[str, ...]] = {}
    for act, group in df.groupby("activity", sort=False):
        out[act] = tuple(dict.fromkeys(group["endowment"].astype(str)))
    return out


@dataclass(frozen=True, eq=False)
class EndowmentFit:
    """How strongly each region holds the endowments each activity draws on.

    Attributes
    ----------
    values : numpy.ndarray
        (region, activity): the strength index of the activity's endowment(s) in the region,
        NaN where the activity draws on no tagged endowment or the region has no data.
    source : numpy.ndarray
        (region, activity) of str: the endowment behind ``values`` ("" where none).
    regions, activities : pandas.Index
        Labels of the two axes.
    """

    values: np.ndarray
    source: np.ndarray
    regions: pd.Index
    activities: pd.Index

    def component(self, clip: float = 4.0) -> np.ndarray:
        r"""The fit as a score component: :math:`\log_2 s`, clipped to ``[-clip, clip]``.

        Untagged cells get 0 (the national average: neither a plus nor a minus), so tagged
        activities in endowment-rich regions rise and those in endowment-poor regions fall.
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            logged = np.log2(self.values)
        return np.where(np.isnan(self.values), 0.0, np.clip(logged, -clip, clip))

    def align(self, regions: pd.Index, activities: pd.Index) -> EndowmentFit:
        """The fit on other axes (a panel's): unknown regions or activities get no fit."""
        r = self.regions.get_indexer(regions)
        a = self.activities.get_indexer(activities)
        values = np.full((len(regions), len(activities)), np.nan)
        source = np.full((len(regions), len(activities)), "", dtype=object)
        rr, aa = np.nonzero((r >= 0)[:, None] & (a >= 0)[None, :])
        values[rr, aa] = self.values[r[rr], a[aa]]
        source[rr, aa] = self.source[r[rr], a[aa]]
        return EndowmentFit(values, source, pd.Index(regions), pd.Index(activities))

    def frame(self) -> pd.DataFrame:
        """Tidy table region, activity, endowment, strength (tagged cells only)."""
        r, a = np.nonzero(self.source != "")
        return pd.DataFrame({"region": self.regions[r], "activity": self.activities[a],
                             "endowment": self.source[r, a], "strength": self.values[r, a]})


def endowment_fit(
    strength: pd.DataFrame,
    tags: Mapping[Any, Iterable[str] | str] | Any,
    *,
    regions: Iterable[Any],
    activities: Iterable[Any],
    how: Literal["max", "mean"] = "max",
) -> EndowmentFit:
    r"""The (region x activity) endowment fit from strengths and tags.

    .. math:: f_{ra} = \max_{e \in E_a} s_{re} \quad (\text{or the mean with } how="mean")

    where :math:`E_a` are the endowments activity :math:`a` draws on. ``max`` suits activities
    that can use any of their endowments (an electrolyser on solar *or* wind); ``mean`` suits
    activities that need all of them.

    Parameters
    ----------
    strength : pandas.DataFrame
        Output of :func:`endowment_strength` (columns region, endowment, strength).
    tags : mapping or DataFrame
        Activity -> endowments (see :func:`activity_tags`). Tags naming endowments absent
        from ``strength`` are ignored; activities not in ``activities`` too.
    regions, activities : iterable
        The axes to align to (usually a panel's).
    how : {"max", "mean"}

    Returns
    -------
    EndowmentFit

    Examples
    --------
    >>> s = pd.DataFrame({"region": ["a", "b"], "endowment": "solar", "strength": [2.0, 0.5]})
    >>> fit = endowment_fit(s, {"dc": "solar"}, regions=["a", "b"], activities=["dc", "x"])
    >>> fit.values.tolist()
    [[2.0, nan], [0.5, nan]]
    """
    check_choice("how", how, ["max", "mean"])
    reg, act = pd.Index(list(regions)), pd.Index(list(activities))
    missing = [c for c in ("region", "endowment", "strength") if c not in strength.columns]
    if missing:
        raise AdvantageError(f"strength needs columns region, endowment, strength; missing "
                             f"{missing}. Build it with endowment_strength().")
    wide = strength.pivot_table(index="region", columns="endowment", values="strength",
                                aggfunc="first").reindex(reg)
    values = np.full((len(reg), len(act)), np.nan)
    source = np.full((len(reg), len(act)), "", dtype=object)
    for activity, names in activity_tags(tags).items():
        j = act.get_indexer([activity])[0]
        usable = [e for e in names if e in wide.columns]
        if j < 0 or not usable:
            continue
        block = wide[usable].to_numpy(dtype=float)
        known = np.isfinite(block).any(axis=1)
        if how == "max":
            best = np.argmax(np.where(np.isfinite(block), block, -np.inf), axis=1)
            values[known, j] = block[known, best[known]]
            source[known, j] = np.asarray(usable, dtype=object)[best[known]]
        else:
            with np.errstate(invalid="ignore"):
                values[known, j] = np.nanmean(block[known], axis=1)
            source[known, j] = "+".join(usable)
    return EndowmentFit(values, source, reg, act)
