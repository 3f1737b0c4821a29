"""Everything the reports and the dashboard show, computed once per panel.

:func:`compute_results` calls the library (measures and planning) and keeps the tables the
interfaces present; it holds no analysis of its own. The result is immutable: its frames are
never changed after construction, so one instance can be shared by many requests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError
from advantage.i18n import check_lang
from advantage.measures.indicators import Indicators, compute_indicators
from advantage.panel import Panel
from advantage.planning.endowments import EndowmentFit
from advantage.report.layout import NetworkLayout, network_layout

__all__ = ["Results", "compute_results"]

TRANSFER_COLUMNS = ["activity", "source", "destination", "rank", "score"]
SHIFTSHARE_COLUMNS = ["region", "national", "industry_mix", "competitive", "total"]


@dataclass(frozen=True, eq=False)
class Results:
    """The tables behind every chart, for every region of a panel.

    Attributes
    ----------
    panel : Panel
    indicators : Indicators
        The core indicator set (all years).
    advantages : pandas.DataFrame
        Latest year, cells with a positive value: region, activity, class, lq, value,
        share_of_region, growth_vs_nation and whatever else the planning module explains
        (quadrant, reason, ...).
    opportunities : pandas.DataFrame
        region, activity, feasibility, strategic_value, pci, score, rank (top per region).
    similarity : pandas.DataFrame
        Square region x region structural similarity.
    shiftshare : pandas.DataFrame
        region, national, industry_mix, competitive, total (first to last year).
    eci : pandas.DataFrame
        time, region, eci.
    transfer : pandas.DataFrame
        Matchmaking rows: activity, origin, destination, fit, rank (may be empty).
    regions : pandas.DataFrame
        Latest year per region: region, value, diversity, eci, coi.
    activities : pandas.DataFrame
        Latest year per activity: activity, value, ubiquity, pci.
    space : NetworkLayout
        Positions and links of the activity space (latest proximity).
    notes : dict
        Why a table is empty, keyed by table name: a message key of :mod:`advantage.i18n`,
        or the library's own explanation when it declined to compute the table.
    """

    panel: Panel
    indicators: Indicators
    advantages: pd.DataFrame
    opportunities: pd.DataFrame
    similarity: pd.DataFrame
    shiftshare: pd.DataFrame
    eci: pd.DataFrame
    transfer: pd.DataFrame
    regions: pd.DataFrame
    activities: pd.DataFrame
    space: NetworkLayout
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def latest(self) -> Any:
        """The last period of the panel (None for a single-period table without time)."""
        return self.panel.times[-1]

    def check_regions(self, regions: list[Any]) -> list[Any]:
        """Return ``regions`` matched to the panel's labels; unknown ones raise naming them.

        A region matches a label equal to it or to its text; for China's provinces any
        alias the reference module knows also matches ("Ningxia" finds "宁夏回族自治区").
        """
        from advantage.reference.china import normalise_regions  # noqa: PLC0415

        index = self.panel.regions
        as_text = {str(label): label for label in index}
        by_code: dict[str, Any] = {}
        out = []
        for region in regions:
            if region in index:
                out.append(region)
                continue
            if str(region) in as_text:
                out.append(as_text[str(region)])
                continue
            if not by_code:
                codes, _ = normalise_regions(list(index))
                by_code = {c: label for c, label in zip(codes, index, strict=True) if c}
            code = normalise_regions([region])[0][0]
            if code is not None and code in by_code:
                out.append(by_code[code])
                continue
            shown = ", ".join(repr(str(r)) for r in list(index[:8]))
            more = " ..." if len(index) > 8 else ""
            raise AdvantageError(f"region {region!r} is not in the data; it has {shown}{more}.")
        return out

    def region_rows(self, table: str, regions: list[Any]) -> pd.DataFrame:
        """Rows of a region-keyed table for the given regions."""
        frame: pd.DataFrame = getattr(self, table)
        return frame[frame["region"].isin(regions)].reset_index(drop=True)


def compute_results(panel: Panel, *, top: int = 20, seed: int = 0,
                    sources: Sequence[Any] | None = None,
                    destinations: Sequence[Any] | None = None,
                    endowment: EndowmentFit | None = None,
                    centroids: pd.DataFrame | None = None, lang: str = "en") -> Results:
    """Compute every table the interfaces show for ``panel``.

    Parameters
    ----------
    panel : Panel
    top : int
        Opportunities kept per region.
    seed : int
        Seed of the activity-space layout.
    sources, destinations : sequence, optional
        Regions activities may be leaving, and the candidate destinations, for transfer
        matchmaking. By default: for China's mainland provinces the eastern provinces and
        the rest (:func:`~advantage.planning.china.china_transfer_groups`); otherwise the
        quarter of regions with the highest economic complexity in the first period (at
        least one) and every other region.
    endowment : EndowmentFit, optional
        Resource endowments (:func:`~advantage.planning.endowments.endowment_fit`), used by
        the advantage classes, the opportunities and the transfer fit.
    centroids : pandas.DataFrame, optional
        ``region, lon, lat`` for the distance part of the transfer fit (China's capitals by
        default for Chinese provinces).
    lang : {"en", "zh"}
        Language of the planning tables' ``reason`` sentences (the rest of the results does
        not depend on it; the interfaces translate headers and labels when they present).

    Returns
    -------
    Results
    """
    check_lang(lang)
    ind = compute_indicators(panel)
    notes: dict[str, str] = {}

    def optional(name: str, build: Callable[[], pd.DataFrame],
                 columns: list[str]) -> pd.DataFrame:
        """A table that may not exist for this data: on a library error, note why."""
        try:
            return build()
        except AdvantageError as exc:
            notes[name] = str(exc)
            return pd.DataFrame(columns=columns)

    if panel.shape[0] < 2:
        notes["shiftshare"] = notes["eci"] = notes["transfer"] = "report.no_time"
        transfer = pd.DataFrame(columns=TRANSFER_COLUMNS)
    else:
        transfer = optional("transfer", lambda: _transfer(panel, ind, sources, destinations,
                                                          endowment, centroids, lang),
                            TRANSFER_COLUMNS)
        if transfer.empty and "transfer" not in notes:
            notes["transfer"] = "report.no_transfer"
    last = panel.shape[0] - 1
    regions = pd.DataFrame({
        "region": list(panel.regions),
        "value": panel.region_totals()[last],
        "diversity": ind.diversity[last],
        "eci": ind.eci[last],
        "coi": ind.coi[last],
    })
    activities = pd.DataFrame({
        "activity": list(panel.activities),
        "value": panel.activity_totals()[last],
        "ubiquity": ind.ubiquity[last],
        "pci": ind.pci[last],
    })
    eci = ind.regions()
    if not panel.has_time:
        eci = eci.assign(time=None)
    eci = eci[["time", "region", "eci"]].reset_index(drop=True)
    return Results(
        panel=panel,
        indicators=ind,
        advantages=optional("advantages", lambda: _advantages(panel, ind, endowment, lang),
                            ["region", "activity", "class", "lq", "value", "share_of_region",
                             "growth_vs_nation"]),
        opportunities=optional("opportunities", lambda: _opportunities(panel, ind, top, endowment,
                                                                       lang),
                               ["region", "activity", "rank", "score", "feasibility",
                                "strategic_value", "pci"]),
        similarity=_similarity(panel),
        shiftshare=optional("shiftshare", lambda: _shiftshare(panel), SHIFTSHARE_COLUMNS),
        eci=eci,
        transfer=transfer,
        regions=regions,
        activities=activities,
        space=network_layout(np.nan_to_num(ind.proximity[-1]), seed=seed),
        notes=notes,
    )


def _advantages(panel: Panel, ind: Indicators, endowment: EndowmentFit | None,
                lang: str = "en") -> pd.DataFrame:
    from advantage.planning.advantages import classify_advantages  # noqa: PLC0415

    times = [panel.times[-1]] if panel.has_time else None
    frame = classify_advantages(panel, indicators=ind, times=times, endowment=endowment,
                                lang=lang)
    frame = frame[frame["value"] > 0].drop(columns=["time"], errors="ignore")
    return frame.reset_index(drop=True)


def _opportunities(panel: Panel, ind: Indicators, top: int, endowment: EndowmentFit | None,
                   lang: str = "en") -> pd.DataFrame:
    from advantage.planning.opportunities import opportunities  # noqa: PLC0415

    frame = opportunities(panel, indicators=ind, top=top, endowment=endowment, lang=lang)
    frame = frame.drop(columns=["time"], errors="ignore")
    return frame.assign(feasibility=frame["density"], strategic_value=frame["cog"])


def _transfer(panel: Panel, ind: Indicators, sources: Sequence[Any] | None,
              destinations: Sequence[Any] | None, endowment: EndowmentFit | None,
              centroids: pd.DataFrame | None, lang: str = "en") -> pd.DataFrame:
    from advantage.planning.china import china_centroids, china_transfer_groups  # noqa: PLC0415
    from advantage.planning.transfer import match_destinations  # noqa: PLC0415

    if sources is None:
        try:
            sources, china_destinations = china_transfer_groups(panel.regions)
            destinations = destinations if destinations is not None else china_destinations
            centroids = centroids if centroids is not None else china_centroids(panel.regions)
        except AdvantageError:  # not China's provinces: the most complex quarter
            eci0 = np.nan_to_num(ind.eci[0], nan=-np.inf)
            count = max(1, panel.shape[1] // 4)
            sources = list(panel.regions[np.argsort(-eci0, kind="stable")[:count]])
    if len(sources) >= panel.shape[1]:
        return pd.DataFrame(columns=TRANSFER_COLUMNS)
    return match_destinations(panel, list(sources), from_year=panel.times[0],
                              to_year=panel.times[-1], destinations=destinations, top=5,
                              endowment=endowment, centroids=centroids, indicators=ind,
                              lang=lang)


def _similarity(panel: Panel) -> pd.DataFrame:
    """The latest period's structural similarity of every pair, as a square frame."""
    from advantage.measures.isomorphism import structural_similarity  # noqa: PLC0415

    latest = panel.select(times=[panel.times[-1]]) if panel.has_time else panel
    pairs = structural_similarity(latest, krugman=False)
    labels = list(panel.regions)
    square = np.eye(len(labels))
    a = panel.regions.get_indexer(pd.Index(pairs["region_a"].astype(object)))
    b = panel.regions.get_indexer(pd.Index(pairs["region_b"].astype(object)))
    values = pairs["similarity"].to_numpy(dtype=float)
    square[a, b] = values
    square[b, a] = values
    return pd.DataFrame(square, index=labels, columns=labels)


def _shiftshare(panel: Panel) -> pd.DataFrame:
    """Region totals of the classic (Dunn) shift-share, first to last period."""
    columns = SHIFTSHARE_COLUMNS
    if panel.shape[0] < 2:
        return pd.DataFrame(columns=columns)
    from advantage.measures.shiftshare import shift_share  # noqa: PLC0415

    frame = shift_share(panel, panel.times[0], panel.times[-1], level="region",
                        zero_base="competitive")
    return frame.rename(columns={"change": "total"})[columns].reset_index(drop=True)
