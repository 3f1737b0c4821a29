r"""Stability of top-k lists under the choices an analyst could reasonably make.

A top-k list (the opportunities of each region, the
advantageous activities of each region by location quotient, the destinations of each
relocating activity) is recomputed under the choices an analyst could reasonably make:

==============  ==========================================================================
variant         alternatives (:func:`default_variants`)
==============  ==========================================================================
threshold       the presence threshold x 0.8 and x 1.25
window          3 and 10 years (those differing from the window used)
proximity       ``max`` and ``geometric`` instead of the minimum conditional probability
reference       each reference given (a macro-region, a peer set, another data set, or
                each region's own macro-region)
==============  ==========================================================================

An item's ``stability`` is the share of variants in which it stays in its list's top k,
in [0, 1]; a list recomputed without any change keeps every item (stability 1). A variant
that does not apply (a window longer than the history of a transfer list) is left out of
that list's count and shows as a missing overlap.

References
----------
Hidalgo, C. A. et al. (2007) *Science* 317. Hausmann, R., Hidalgo, C. A. et al. (2014)
*The Atlas of Economic Complexity*, MIT Press.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice, check_positive, plain
from advantage.measures.indicators import compute_indicators
from advantage.panel import Panel
from advantage.planning.common import base_periods
from advantage.planning.trust import ranks_desc
from advantage.reasons import Label, Reason, reason_column

__all__ = ["LISTS", "Stability", "default_variants", "stability"]

#: The lists whose stability can be measured.
LISTS = ("opportunities", "advantages", "transfer")


@dataclass(frozen=True)
class Stability:
    """Stability of top-k lists (see :func:`stability`).

    Attributes
    ----------
    items : DataFrame
        ``list, time, region, activity, rank, stability, kept, variants, reason``; for
        transfer lists ``region`` is the destination.
    variants : DataFrame
        ``list, variant, overlap``: the mean share of each list's top k a variant keeps.
    """

    items: pd.DataFrame
    variants: pd.DataFrame


def default_variants(panel: Panel, *, threshold: float = 1.0,
                     window: float | None = 5) -> list[dict[str, Any]]:
    """The variants of the module table for a panel (windows only with numeric years)."""
    out: list[dict[str, Any]] = [{"threshold": threshold * 0.8}, {"threshold": threshold * 1.25}]
    if panel.shape[0] > 1 and pd.api.types.is_numeric_dtype(panel.times):
        out += [{"window": w} for w in (3, 10) if w != window]
    out += [{"proximity": "max"}, {"proximity": "geometric"}]
    return out


def _describe(variant: Mapping[str, Any]) -> Reason:
    if "threshold" in variant:
        return Reason("variant_threshold", {"value": float(variant["threshold"])})
    if "window" in variant:
        return Reason("variant_window", {"value": variant["window"]})
    if "proximity" in variant:
        return Reason("variant_proximity",
                      {"value": Label("proximity", str(variant["proximity"]))})
    return Reason("variant_reference",
                  {"value": Label("reference", str(variant.get("name", "reference")))})


def _periods(panel: Panel, kind: str, t: int, window: float | None,
             options: Mapping[str, Any]) -> tuple[Panel, int]:
    """The panel cut to the periods a list reads, and the list's period in it.

    A list reads its period and the window's base period, so indicators are computed for
    those only; a learned scorer reads the whole history and keeps it.
    """
    if options.get("scorer") in ("learned", "auto"):
        return panel, t
    if not panel.has_time or kind == "advantages":
        keep = [t]
    else:
        base = int(base_periods(panel.times, window)[t])
        keep = [base, t] if base >= 0 else [t]
    if len(keep) == panel.shape[0]:
        return panel, t
    return panel.select(times=[panel.times[i] for i in keep]), len(keep) - 1


def _top_lists(panel: Panel, kind: str, k: int, t: int, settings: dict[str, Any],
               focus: np.ndarray | None, options: Mapping[str, Any]) -> pd.DataFrame:
    """The list under one set of settings: region, activity, rank (top k per key)."""
    from advantage.planning.benchmark import reference_indicators

    if not isinstance(settings.get("reference"), Mapping):
        panel, t = _periods(panel, kind, t, settings["window"], options)

    threshold = float(settings["threshold"])
    reference = settings.get("reference")
    if isinstance(reference, Mapping):  # region -> its own reference: one list per group
        keep = np.arange(panel.shape[1]) if focus is None else focus
        groups: dict[tuple[Any, ...], list[int]] = {}
        for r in keep:
            ref = reference.get(panel.regions[int(r)])
            groups.setdefault(tuple(ref) if ref is not None else (), []).append(int(r))
        parts = [_top_lists(panel, kind, k, t, {**settings, "reference": list(ref) or None},
                            np.array(members), options)
                 for ref, members in groups.items()]
        return pd.concat(parts, ignore_index=True) if parts else \
            pd.DataFrame(columns=["region", "activity", "rank"])
    if reference is not None:
        ind = reference_indicators(panel, reference, threshold=threshold,
                                   convention=settings["convention"],
                                   proximity_method=settings["proximity"])
    else:
        ind = compute_indicators(panel, threshold=threshold, convention=settings["convention"],
                                 proximity_method=settings["proximity"], with_fitness=False)
    time = panel.times[t]
    if kind == "opportunities":
        from advantage.planning.opportunities import opportunities

        regions = None if focus is None else list(panel.regions[focus])
        out = opportunities(panel, top=k, focus=regions, times=[time], threshold=threshold,
                            window=settings["window"], indicators=ind, **options)
        return out[["region", "activity", "rank"]]
    if kind == "advantages":
        rca = ind.rca[t]
        keep = np.arange(panel.shape[1]) if focus is None else focus
        rows = []
        for r in keep:
            values = np.where(np.nan_to_num(rca[r]) >= threshold, rca[r], np.nan)
            rank = ranks_desc(values)
            for a in np.flatnonzero(rank <= k):
                rows.append((panel.regions[int(r)], panel.activities[int(a)], int(rank[a])))
        return pd.DataFrame(rows, columns=["region", "activity", "rank"])
    from advantage.planning.transfer import match_destinations

    base = base_periods(panel.times, settings["window"])[t]
    if base < 0:
        raise AdvantageError(f"the transfer list needs a period {settings['window']} years "
                             f"before {plain(time)!r}.")
    out = match_destinations(panel, options["sources"], from_year=panel.times[base],
                             to_year=time, destinations=options.get("destinations"), top=k,
                             threshold=threshold, indicators=ind)
    return out.rename(columns={"destination": "region"})[["region", "activity", "rank"]]


def stability(panel: Panel, *, lists: Sequence[str] = ("opportunities", "advantages"),
              k: int = 10, time: Any = None, focus: Any = None, threshold: float = 1.0,
              window: float | None = 5, convention: str = "default",
              variants: Sequence[Mapping[str, Any]] | None = None,
              references: Mapping[str, Any] | None = None,
              opportunity_options: Mapping[str, Any] | None = None,
              sources: Sequence[Any] | None = None,
              destinations: Sequence[Any] | None = None, reference: Any = None) -> Stability:
    """Stability in [0, 1] of every item of the top-k lists (module notes).

    Parameters
    ----------
    panel : Panel
    lists : sequence of {"opportunities", "advantages", "transfer"}
        Which lists (transfer needs ``sources``).
    k : int
        List length per region (per activity for transfer).
    time : label, optional
        Period (default the last).
    focus : label or list, optional
        Regions whose lists are measured (default all).
    threshold, window, convention
        The settings of the base lists.
    variants : sequence of mappings, optional
        Each overrides ``threshold``, ``window``, ``proximity`` or ``reference`` (with a
        ``name``); default :func:`default_variants` plus one per ``references`` entry.
    references : mapping, optional
        Name -> reference (see :func:`~advantage.planning.benchmark.relative_presence_cube`),
        or name -> (region -> that region's own reference, e.g. its macro-region).
    opportunity_options : mapping, optional
        Passed to :func:`~advantage.planning.opportunities.opportunities` (``preset``,
        ``weights``, ``income``, ...).
    sources, destinations : sequence, optional
        Transfer groups.
    reference : optional
        The reference economy of the base lists (default the nation; see
        :func:`~advantage.planning.benchmark.relative_presence_cube`).

    Returns
    -------
    Stability

    Examples
    --------
    >>> cube = np.array([[[2, 1, 0], [1, 1, 1], [1, 1, 2]],
    ...                  [[2, 1, 0], [1, 1, 2], [1, 1, 4]]], dtype=float)
    >>> p = Panel.from_cube(cube, regions=["a", "b", "c"], activities=["x", "y", "z"],
    ...                     times=[2015, 2020])
    >>> same = stability(p, lists=["opportunities"], k=1, variants=[{"threshold": 1.0}])
    >>> same.items[["region", "activity", "stability"]].values.tolist()
    [['a', 'z', 1.0], ['b', 'x', 1.0], ['c', 'y', 1.0]]
    """
    for kind in lists:
        check_choice("lists", kind, LISTS)
    if int(k) < 1:
        raise AdvantageError(f"k={k!r} is not valid; expected a positive number.")
    check_positive("threshold", threshold)
    if "transfer" in lists and not sources:
        raise AdvantageError("the transfer list needs sources= (the regions activities leave).")
    t = panel.shape[0] - 1 if time is None else int(panel.locate("time", [time],
                                                                   name="time")[0])
    f_pos = None if focus is None else np.unique(panel.locate("region", focus, name="focus"))
    base = {"threshold": float(threshold), "window": window, "proximity": "min",
            "convention": convention, "reference": reference}
    chosen = list(variants) if variants is not None else default_variants(
        panel, threshold=threshold, window=window)
    if variants is None:
        chosen += [{"reference": ref, "name": name} for name, ref in (references or {}).items()]
    if not chosen:
        raise AdvantageError("variants is empty; give at least one variant to compare with.")
    options = {"opportunities": dict(opportunity_options or {}), "advantages": {},
               "transfer": {"sources": sources, "destinations": destinations}}
    items, summary = [], []
    for kind in lists:
        first = _top_lists(panel, kind, int(k), t, base, f_pos, options[kind])
        kept = np.zeros(len(first), dtype=int)
        lost: list[list[Reason]] = [[] for _ in range(len(first))]
        keys = list(zip(first["region"], first["activity"], strict=True))
        used = 0
        for variant in chosen:
            try:
                other = _top_lists(panel, kind, int(k), t, {**base, **variant}, f_pos,
                                   options[kind])
            except AdvantageError:  # e.g. a window longer than the history: not applicable
                summary.append((kind, _describe(variant), float("nan")))
                continue
            used += 1
            there = set(zip(other["region"], other["activity"], strict=True))
            hit = np.array([key in there for key in keys], dtype=bool)
            kept += hit
            for i in np.flatnonzero(~hit):
                lost[i].append(_describe(variant))
            summary.append((kind, _describe(variant), float(hit.mean()) if len(hit) else 1.0))
        if used == 0:
            raise AdvantageError(f"no variant of the {kind} list could be computed; give "
                                 "variants that apply to this panel.")
        frame = first.assign(list=kind, time=plain(panel.times[t]),
                             stability=kept / used, kept=kept, variants=used)
        frame["reason"] = reason_column(frame, [
            Reason("stability", {"kept": int(a), "variants": used, "lost": tuple(b)})
            for a, b in zip(kept, lost, strict=True)])
        items.append(frame[["list", "time", "region", "activity", "rank", "stability",
                            "kept", "variants", "reason"]])
    table = pd.concat(items, ignore_index=True)
    if not panel.has_time:
        table = table.drop(columns="time")
    return Stability(table, pd.DataFrame(summary, columns=["list", "variant", "overlap"]))
