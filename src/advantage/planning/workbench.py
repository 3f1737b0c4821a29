"""The planner's workbench tables of a profile: peers, diagnostics and per-region tables.

:class:`WorkbenchTables` is a part of :class:`~advantage.planning.profile.Profile` (which
inherits it): the same lazy, once-only tables under the profile's lock, with the same
settings (convention, threshold, window) and notes as :class:`~advantage.reasons.Reason`
objects when a table cannot be built. Per-region tables (PSWOT labels against peers,
attractiveness, a portfolio, list stability) are computed for the regions asked for, each
region once, so their cost follows what is viewed, not the size of the panel.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from advantage._checks import AdvantageError
from advantage.reasons import Reason

__all__ = ["COLUMNS", "WorkbenchTables"]

#: Columns of the workbench tables when they are empty.
COLUMNS = {
    "pswot": ["region", "activity", "pswot", "value", "relative_presence", "density",
              "peer_density", "fit", "growth_vs_peers", "peers", "reason"],
    "diagnostics": ["time", "check", "value", "verdict", "detail"],
    "portfolio": ["region", "rank", "activity", "feasibility", "attractiveness", "score",
                  "cluster", "cluster_hub", "reason"],
    "attractiveness": ["region", "activity", "feasibility", "attractiveness", "reason"],
    "stability": ["list", "region", "activity", "rank", "stability", "kept", "variants",
                  "reason"],
    "ranks": ["region", "eci", "rank", "rank_low", "rank_high"],
}


class WorkbenchTables:
    """The workbench's tables; mixed into :class:`~advantage.planning.profile.Profile`."""

    panel: Any
    convention: str
    threshold: float
    window: float | None
    notes: dict[str, Reason]
    _peers: Any
    indicators: Any
    _once: Callable[..., Any]
    _optional: Callable[..., pd.DataFrame]

    @property
    def peers(self) -> Any:
        """The peers of every region: given, else its five most similar structures."""
        def build() -> Any:
            from advantage.planning.benchmark import peers_by_similarity

            if self._peers is not None:
                return self._peers
            k = min(5, max(1, self.panel.shape[1] - 1))
            return peers_by_similarity(self.panel, k)
        return self._once("peers", build)

    def pswot_of(self, regions: Sequence[Any]) -> pd.DataFrame:
        """Latest period: each region's activities labelled against its peers (PSWOT)."""
        from advantage.planning.benchmark import pswot

        def build(region: Any) -> pd.DataFrame:
            if self.panel.shape[1] < 2:
                raise AdvantageError("benchmarking needs at least two regions.")
            return pswot(self.panel, self.peers, focus=[region], indicators=self.indicators,
                         threshold=self.threshold, window=self.window).drop(
                columns=["time"], errors="ignore")
        return self._per_region("pswot", list(regions), build)

    @property
    def diagnostics(self) -> pd.DataFrame:
        """Validity diagnostics of every period (eigengap, agreement, flags)."""
        from advantage.planning.diagnostics import diagnostics as build

        return self._once("diagnostics", lambda: self._optional("diagnostics", lambda: build(
            self.panel, threshold=self.threshold, convention=self.convention).reindex(
            columns=COLUMNS["diagnostics"])))

    def _per_region(self, name: str, regions: Sequence[Any],
                    build: Callable[[Any], pd.DataFrame], size: int | None = None
                    ) -> pd.DataFrame:
        """Rows of a per-region table, each region (and size) once; errors are notes."""
        frames = []
        for region in regions:
            def one(region: Any = region) -> pd.DataFrame:
                try:
                    return build(region)
                except AdvantageError as exc:
                    self.notes[f"{name}:{region}"] = Reason("note_error",
                                                            {"message": str(exc)})
                    return pd.DataFrame(columns=COLUMNS[name])
            frames.append(self._once(f"{name}:{region}:{size}", one))
        frames = [f for f in frames if len(f)]
        return pd.concat(frames, ignore_index=True) if frames else \
            pd.DataFrame(columns=COLUMNS[name])

    def attractiveness_of(self, regions: Sequence[Any]) -> pd.DataFrame:
        """Feasibility and attractiveness of the regions' candidates (latest period)."""
        from advantage.planning.attractiveness import attractiveness as build

        settings: dict[str, Any] = {"indicators": self.indicators,
                                    "threshold": self.threshold, "window": self.window}
        return self._per_region("attractiveness", list(regions), lambda r: build(
            self.panel, focus=[r], **settings).drop(columns=["time"], errors="ignore"))

    def portfolio_of(self, regions: Sequence[Any], k: int = 5) -> pd.DataFrame:
        """A portfolio of ``k`` activities for each region (latest period)."""
        from advantage.planning.portfolio import portfolio as build

        settings: dict[str, Any] = {"indicators": self.indicators,
                                    "threshold": self.threshold, "window": self.window}
        return self._per_region("portfolio", list(regions),
                                lambda r: build(self.panel, [r], k=k, **settings), size=k)

    def stability_of(self, regions: Sequence[Any], k: int = 10) -> pd.DataFrame:
        """Stability of each region's top-k opportunities and advantages (latest period)."""
        from advantage.planning.stability import stability

        def build(region: Any) -> pd.DataFrame:
            peers = self.peers
            group = peers.get(region) if isinstance(peers, Mapping) else peers
            references = {"peers": [region, *group]} if group else {}
            return stability(self.panel, k=k, focus=[region], threshold=self.threshold,
                             window=self.window, convention=self.convention,
                             references=references).items.drop(columns=["time"],
                                                                errors="ignore")
        return self._per_region("stability", list(regions), build, size=k)

    #: Largest bootstrap work (regions x activities x min(regions, activities)) the profile
    #: takes on itself; larger panels get a note (``advantage diagnostics --boot N``).
    RANK_WORK = 2_000_000_000

    @property
    def ranks(self) -> pd.DataFrame:
        """Bootstrap intervals of the ECI ranks of the latest period (100 replicates)."""
        from advantage.planning.trust import rank_intervals

        def build() -> pd.DataFrame:
            _, n_r, n_a = self.panel.shape
            if n_r * n_a * min(n_r, n_a) > self.RANK_WORK:
                raise AdvantageError(f"the bootstrap of ECI ranks is left out of this view for "
                                     f"a panel of {n_r} regions x {n_a} activities (minutes "
                                     "of work); run advantage diagnostics with --boot.")
            return rank_intervals(self.panel, n=100, seed=0, indicators=self.indicators,
                                  threshold=self.threshold, convention=self.convention).regions
        return self._once("ranks", lambda: self._optional("ranks", build))
