"""The one analysis result every interface presents: a profile of a panel.

:func:`profile` returns a :class:`Profile`: the core indicators, the advantage classes, the
opportunities, structural similarity, shift-share, the complexity series, transfer
matchmaking, PSWOT labels against peers and validity diagnostics of a panel (and, per
region, attractiveness, a portfolio and the stability of its top lists), each computed on
first use, once (thread-safe: one profile can serve
many dashboard requests). The command line, the reports, the dashboard and the demo all
present a profile; none of them computes analysis of its own.

Settings flow through from every entry point: ``convention`` and ``threshold`` reach every
table, and indicators passed in must have been computed with the same ones (a mismatch is an
error). Default transfer groups come from one function,
:func:`~advantage.planning.transfer.default_transfer_groups`.

Tables hold labels as the panel has them and reasons as :class:`~advantage.reasons.Reason`
objects: the interfaces render names and sentences in the user's language.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_positive
from advantage.measures.endowments import EndowmentFit
from advantage.measures.indicators import Indicators
from advantage.panel import Panel
from advantage.planning.common import indicators_for
from advantage.planning.workbench import COLUMNS as WORKBENCH_COLUMNS
from advantage.planning.workbench import WorkbenchTables
from advantage.reasons import Reason

__all__ = ["CACHED_TABLES", "Profile", "TABLES", "TableCache", "profile"]

#: The tables of a profile, in the order the reports present them.
TABLES = ("regions", "activities", "advantages", "opportunities", "similarity", "shiftshare",
          "eci", "transfer", "diagnostics")

#: The tables a :class:`TableCache` keeps (the others are cheap, or not tables).
CACHED_TABLES = ("regions", "activities", "eci", "advantages", "opportunities", "shiftshare",
                 "transfer")


class TableCache(Protocol):
    """Somewhere a profile keeps its computed tables between runs (e.g. a workspace).

    ``load`` returns the table computed earlier for the same panel and settings, or None;
    ``save`` keeps one. The cache decides what "the same" means (the dashboard's keys hold
    the panel's content hash and every setting).
    """

    def load(self, name: str) -> pd.DataFrame | None:
        """The stored table ``name``, or None."""

    def save(self, name: str, frame: pd.DataFrame) -> None:
        """Keep table ``name``."""


_COLUMNS = {
    "advantages": ["region", "activity", "class", "lq", "value", "share_of_region",
                   "growth_vs_nation", "reason"],
    "opportunities": ["region", "activity", "rank", "score", "feasibility", "strategic_value",
                      "pci", "reason"],
    "shiftshare": ["region", "national", "industry_mix", "competitive", "total"],
    "transfer": ["activity", "source", "destination", "rank", "score", "reason"],
    **WORKBENCH_COLUMNS,
}


class Profile(WorkbenchTables):
    """A panel's whole analysis, computed lazily and once per table.

    The workbench's tables (peers, diagnostics, and per region PSWOT labels,
    attractiveness, a portfolio and list stability) come from :class:`~advantage.planning.workbench.
    WorkbenchTables`.

    Build it with :func:`profile`. Every table is a property computed on first access;
    :attr:`notes` says why a table is empty (a :class:`~advantage.reasons.Reason`).

    Attributes
    ----------
    panel : Panel
    convention : str
    threshold : float
    top : int
        Opportunities kept per region.
    """

    def __init__(self, panel: Panel, *, convention: str = "default", threshold: float = 1.0,
                 top: int = 20, window: float | None = 5,
                 sources: Sequence[Any] | None = None,
                 destinations: Sequence[Any] | None = None,
                 groups: tuple[Sequence[Any], Sequence[Any]] | None = None,
                 endowment: EndowmentFit | None = None,
                 centroids: pd.DataFrame | None = None,
                 indicators: Indicators | None = None,
                 cache: TableCache | None = None,
                 peers: Sequence[Any] | Mapping[Any, Sequence[Any]] | None = None) -> None:
        check_positive("top", top)
        self.cache = cache
        self.panel = panel
        self.convention = convention
        self.threshold = float(check_positive("threshold", threshold))
        self.top = int(top)
        self.window = window
        self.endowment = endowment
        self.centroids = centroids
        self._groups = groups
        self._sources = panel.match("region", list(sources), name="sources") \
            if sources is not None else None
        self._destinations = panel.match("region", list(destinations), name="destinations") \
            if destinations is not None else None
        self._peers = peers
        self._lock = threading.RLock()
        self._done: dict[str, Any] = {}
        self.notes: dict[str, Reason] = {}
        if indicators is not None:
            self._done["indicators"] = indicators_for(panel, indicators, threshold=threshold,
                                                      convention=convention)

    # ------------------------------------------------------------------ machinery
    def _once(self, name: str, build: Callable[[], Any]) -> Any:
        found = self._done.get(name)
        if found is None:
            with self._lock:
                found = self._done.get(name)
                if found is None:
                    found = self._done[name] = self._cached(name, build)
        return found

    def _cached(self, name: str, build: Callable[[], Any]) -> Any:
        """Build a table, or take it from the cache; keep what was built (not empty notes)."""
        if self.cache is None or name not in CACHED_TABLES:
            return build()
        stored = self.cache.load(name)
        if stored is not None:
            return stored
        table = build()
        if name not in self.notes:
            self.cache.save(name, table)
        return table

    def _optional(self, name: str, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """A table this data may not support: on a library error, note why, return empty."""
        try:
            return build()
        except AdvantageError as exc:
            self.notes[name] = Reason("note_error", {"message": str(exc)})
            return pd.DataFrame(columns=_COLUMNS[name])

    def ready(self, *names: str) -> bool:
        """True when the named tables (default: the indicators) are computed already."""
        return all(n in self._done for n in (names or ("indicators",)))

    @property
    def latest(self) -> Any:
        """The last period of the panel (None for a single-period table without time)."""
        return self.panel.times[-1]

    def region_rows(self, table: str, regions: Sequence[Any]) -> pd.DataFrame:
        """Rows of a region-keyed table for the given regions."""
        frame: pd.DataFrame = getattr(self, table)
        return frame[frame["region"].isin(list(regions))].reset_index(drop=True)

    # ------------------------------------------------------------------ tables
    @property
    def indicators(self) -> Indicators:
        """The core indicator set of every period."""
        return self._once("indicators", lambda: indicators_for(
            self.panel, None, threshold=self.threshold, convention=self.convention))

    @property
    def regions(self) -> pd.DataFrame:
        """Latest period per region: region, value, diversity, eci, coi."""
        def build() -> pd.DataFrame:
            ind, last = self.indicators, self.panel.shape[0] - 1
            return pd.DataFrame({"region": list(self.panel.regions),
                                 "value": self.panel.region_totals()[last],
                                 "diversity": ind.diversity[last], "eci": ind.eci[last],
                                 "coi": ind.coi[last]})
        return self._once("regions", build)

    @property
    def activities(self) -> pd.DataFrame:
        """Latest period per activity: activity, value, ubiquity, pci."""
        def build() -> pd.DataFrame:
            ind, last = self.indicators, self.panel.shape[0] - 1
            return pd.DataFrame({"activity": list(self.panel.activities),
                                 "value": self.panel.activity_totals()[last],
                                 "ubiquity": ind.ubiquity[last], "pci": ind.pci[last]})
        return self._once("activities", build)

    @property
    def eci(self) -> pd.DataFrame:
        """time, region, eci for every period."""
        def build() -> pd.DataFrame:
            frame = self.indicators.regions()
            if not self.panel.has_time:
                frame = frame.assign(time=None)
            return frame[["time", "region", "eci"]].reset_index(drop=True)
        return self._once("eci", build)

    @property
    def advantages(self) -> pd.DataFrame:
        """Latest period, cells with a positive value: the class of every activity and why."""
        def build() -> pd.DataFrame:
            from advantage.planning.advantages import classify_advantages

            times = [self.latest] if self.panel.has_time else None
            frame = classify_advantages(self.panel, indicators=self.indicators, times=times,
                                        endowment=self.endowment, threshold=self.threshold,
                                        window=self.window)
            frame = frame[frame["value"] > 0].drop(columns=["time"], errors="ignore")
            return frame.reset_index(drop=True)
        return self._once("advantages", lambda: self._optional("advantages", build))

    @property
    def opportunities(self) -> pd.DataFrame:
        """The ``top`` opportunities of every region in the latest period."""
        def build() -> pd.DataFrame:
            from advantage.planning.opportunities import opportunities

            frame = opportunities(self.panel, indicators=self.indicators, top=self.top,
                                  endowment=self.endowment, threshold=self.threshold,
                                  window=self.window)
            frame = frame.drop(columns=["time"], errors="ignore")
            return frame.assign(feasibility=frame["density"], strategic_value=frame["cog"])
        return self._once("opportunities", lambda: self._optional("opportunities", build))

    @property
    def similarity(self) -> pd.DataFrame:
        """Square region x region structural similarity of the latest period."""
        def build() -> pd.DataFrame:
            from advantage.measures.isomorphism import structural_similarity

            panel = self.panel
            latest = panel.select(times=[self.latest]) if panel.has_time else panel
            pairs = structural_similarity(latest, krugman=False)
            labels = list(panel.regions)
            square = np.eye(len(labels))
            a = panel.locate("region", list(pairs["region_a"]))
            b = panel.locate("region", list(pairs["region_b"]))
            values = pairs["similarity"].to_numpy(dtype=float)
            square[a, b] = values
            square[b, a] = values
            return pd.DataFrame(square, index=labels, columns=labels)
        return self._once("similarity", build)

    @property
    def shiftshare(self) -> pd.DataFrame:
        """Region totals of the classic (Dunn) shift-share, first to last period."""
        def build() -> pd.DataFrame:
            from advantage.measures.shiftshare import shift_share

            if self.panel.shape[0] < 2:
                self.notes["shiftshare"] = Reason("note_no_time")
                return pd.DataFrame(columns=_COLUMNS["shiftshare"])
            frame = shift_share(self.panel, self.panel.times[0], self.latest,
                                level="region", zero_base="competitive")
            return frame.rename(columns={"change": "total"})[_COLUMNS["shiftshare"]] \
                .reset_index(drop=True)
        return self._once("shiftshare", lambda: self._optional("shiftshare", build))

    @property
    def transfer_groups(self) -> tuple[list[Any], list[Any]]:
        """The source and destination regions transfer matching uses."""
        def build() -> tuple[list[Any], list[Any]]:
            from advantage.planning.transfer import default_transfer_groups

            if self._sources is not None:
                dst = self._destinations if self._destinations is not None else [
                    r for r in self.panel.regions if r not in set(self._sources)]
                return list(self._sources), list(dst)
            src, dst = default_transfer_groups(self.panel, self.indicators,
                                               groups=self._groups)
            return src, (self._destinations if self._destinations is not None else dst)
        return self._once("transfer_groups", build)

    @property
    def transfer(self) -> pd.DataFrame:
        """Matchmaking rows, first to last period: activity, source, destination, rank, ..."""
        def build() -> pd.DataFrame:
            from advantage.planning.transfer import match_destinations

            if self.panel.shape[0] < 2:
                self.notes["transfer"] = Reason("note_no_time")
                return pd.DataFrame(columns=_COLUMNS["transfer"])
            src, dst = self.transfer_groups
            table = match_destinations(
                self.panel, src, from_year=self.panel.times[0], to_year=self.latest,
                destinations=dst, top=5, endowment=self.endowment, centroids=self.centroids,
                indicators=self.indicators, threshold=self.threshold)
            if table.empty:
                self.notes["transfer"] = Reason("note_no_transfer")
            return table
        return self._once("transfer", lambda: self._optional("transfer", build))


def profile(panel: Panel, *, convention: str = "default", threshold: float = 1.0,
            top: int = 20, window: float | None = 5, sources: Sequence[Any] | None = None,
            destinations: Sequence[Any] | None = None,
            groups: tuple[Sequence[Any], Sequence[Any]] | None = None,
            endowment: EndowmentFit | None = None, centroids: pd.DataFrame | None = None,
            indicators: Indicators | None = None, cache: TableCache | None = None,
            peers: Sequence[Any] | Mapping[Any, Sequence[Any]] | None = None) -> Profile:
    """The profile of ``panel``: every table the interfaces present, computed on demand.

    Parameters
    ----------
    panel : Panel
    convention : {"default", "stata"}
        Indicator convention, used by every table.
    threshold : float
        RCA at or above which a region has an activity, used by every table.
    top : int
        Opportunities kept per region.
    window : float or None
        Years for growth and momentum (``None``: the previous period).
    sources, destinations : sequence, optional
        Transfer groups named by the user (matched with :meth:`Panel.match`).
    groups : (sources, destinations), optional
        A region preset's default transfer groups; used when ``sources`` is not given.
        Without either, :func:`~advantage.planning.transfer.default_transfer_groups` picks
        the most complex quarter of regions as sources.
    endowment : EndowmentFit, optional
        Resource endowments, used by the advantage classes, opportunities and transfer.
    centroids : pandas.DataFrame, optional
        ``region, lon, lat`` for the distance part of the transfer fit.
    indicators : Indicators, optional
        Precomputed indicators (same convention and threshold, else an error).
    cache : TableCache, optional
        Where computed tables are kept and found again (:data:`CACHED_TABLES`), for example
        the dashboard's workspace, so a restart does not recompute them.
    peers : sequence or mapping, optional
        Peers for benchmarking (one set, or region -> peers; a region preset's macro-region
        makes a good default at the edge); default each region's five most similar
        structures.

    Returns
    -------
    Profile

    Examples
    --------
    >>> cube = np.array([[[2, 1, 0], [1, 1, 1], [1, 1, 2]],
    ...                  [[2, 1, 0], [1, 1, 2], [1, 1, 4]]], dtype=float)
    >>> p = profile(Panel.from_cube(cube, regions=["a", "b", "c"], activities=["x", "y", "z"],
    ...                             times=[2015, 2020]))
    >>> p.ready("advantages"), len(p.advantages), p.ready("advantages")
    (False, 8, True)
    """
    return Profile(panel, convention=convention, threshold=threshold, top=top, window=window,
                   sources=sources, destinations=destinations, groups=groups,
                   endowment=endowment, centroids=centroids, indicators=indicators,
                   cache=cache, peers=peers)
