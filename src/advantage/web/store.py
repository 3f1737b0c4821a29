"""The datasets one dashboard serves, and what it has computed for them (per app instance).

A :class:`DatasetStore` belongs to one application (no module-level state). Each dataset
holds one :class:`~advantage.planning.profile.Profile`, computed lazily table by table and
shared by every language: the language is only applied when a view is rendered, through the
dataset's :class:`~advantage.report.display.Display` for that language. Rendered responses
(region profiles, charts) are kept in a bounded least-recently-used cache keyed by dataset,
view and language.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from advantage._checks import AdvantageError, plain
from advantage.i18n import check_lang
from advantage.panel import Panel
from advantage.planning.profile import Profile, profile
from advantage.reference.presets import RegionPreset, resolve_preset
from advantage.report.display import Display, display_for
from advantage.report.layout import NetworkLayout
from advantage.report.maps import MapSpec, resolve_map
from advantage.report.sections import activity_space

__all__ = ["Dataset", "DatasetStore", "UnknownDataset"]


class UnknownDataset(LookupError):
    """The dataset named in a request is not loaded."""


@dataclass(eq=False)
class Dataset:
    """A loaded panel, its region preset, and its lazily computed profile."""

    name: str
    panel: Panel
    origin: str
    label: str
    created: float = field(default_factory=time.time)
    geojson: dict[str, Any] | None = None
    geo_key: str | None = None
    convention: str = "default"
    threshold: float = 1.0
    preset_name: str = "auto"
    workspace: Any = None
    """The workspace that keeps this data set's computed tables (:mod:`advantage.web.cache`)."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _profile: Profile | None = field(default=None, repr=False)
    _preset: tuple[RegionPreset | None] | None = field(default=None, repr=False)
    _map: tuple[MapSpec | None] | None = field(default=None, repr=False)
    _space: NetworkLayout | None = field(default=None, repr=False)
    _displays: dict[str, Display] = field(default_factory=dict, repr=False)

    @property
    def preset(self) -> RegionPreset | None:
        """The region preset of the panel (resolved once)."""
        if self._preset is None:
            self._preset = (resolve_preset(list(self.panel.regions), self.preset_name),)
        return self._preset[0]

    @property
    def profile(self) -> Profile:
        """The analysis of this dataset; its tables compute on first use, once."""
        if self._profile is None:
            with self._lock:
                if self._profile is None:
                    preset = self.preset
                    groups = None
                    if preset is not None:
                        try:
                            groups = preset.transfer_groups()
                        except AdvantageError:
                            groups = None
                    self._profile = profile(
                        self.panel, convention=self.convention, threshold=self.threshold,
                        groups=groups, peers=_group_peers(preset),
                        centroids=preset.centroids() if preset is not None else None,
                        cache=self._cache(groups))
        return self._profile

    def _cache(self, groups: Any) -> Any:
        """The workspace cache of this data set's tables, keyed by content and settings."""
        if self.workspace is None:
            return None
        from advantage.io.workspace import content_hash
        from advantage.web.cache import WorkspaceTables

        key = {"content": content_hash(self.panel), "convention": self.convention,
               "threshold": self.threshold, "preset": self.preset_name,
               "groups": [[str(plain(r)) for r in g] for g in groups] if groups else None}
        return WorkspaceTables(self.workspace, self.name, key)

    def ready(self, *tables: str) -> bool:
        """True when the named profile tables (default: indicators) are computed."""
        return self._profile is not None and self._profile.ready(*tables)

    def display(self, lang: str) -> Display:
        """Names and sentences in ``lang`` for this dataset."""
        found = self._displays.get(lang)
        if found is None:
            found = self._displays[lang] = display_for(self.panel, check_lang(lang),
                                                       self.preset)
        return found

    def space(self) -> NetworkLayout:
        """The activity-space layout (computed once)."""
        if self._space is None:
            layout = activity_space(self.profile)
            with self._lock:
                self._space = self._space or layout
        return self._space

    def lookup(self, axis: str, text: str) -> Any:
        """The region or activity label a request names, by the one label rule.

        Raises
        ------
        KeyError
            When no label matches.
        """
        aliases = self.preset.alias if axis == "region" and self.preset is not None else None
        try:
            return self.panel.match(axis, [text], aliases=aliases)[0]  # type: ignore[arg-type]
        except AdvantageError as exc:
            raise KeyError(str(exc)) from None

    def map_spec(self) -> MapSpec | None:
        """Boundaries matched to the regions (given GeoJSON, else built in), or None."""
        if self._map is None:
            spec = resolve_map(list(self.panel.regions), self.geojson, self.geo_key)
            with self._lock:
                self._map = self._map or (spec,)
        return self._map[0]

    def describe(self) -> dict[str, Any]:
        """A JSON-ready summary of the dataset."""
        n_t, n_r, n_a = self.panel.shape
        times = [plain(t) for t in self.panel.times] if self.panel.has_time else []
        return {"name": self.name, "label": self.label, "origin": self.origin,
                "periods": n_t, "regions": n_r, "activities": n_a,
                "first": times[0] if times else None, "last": times[-1] if times else None}


class DatasetStore:
    """Datasets by name, the default one, and a bounded cache of rendered responses.

    Parameters
    ----------
    max_uploads : int
        Uploaded datasets kept in memory; the oldest upload is dropped beyond it.
    cache_size : int
        Rendered responses kept in the least-recently-used cache.
    settings : dict, optional
        Analysis settings every dataset of this store uses (``convention``, ``threshold``,
        ``preset_name``).
    """

    def __init__(self, *, max_uploads: int = 8, cache_size: int = 4096,
                 settings: dict[str, Any] | None = None) -> None:
        self.settings = dict(settings or {})
        self._datasets: dict[str, Dataset] = {}
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.max_uploads = max_uploads
        self.cache_size = cache_size
        self.unreadable: dict[str, str] = {}
        """Stored data sets that could not be read, with the reason (served: the others)."""

    def add(self, dataset: Dataset) -> Dataset:
        """Add (or replace) a dataset; beyond ``max_uploads`` uploads the oldest is dropped."""
        with self._lock:
            self._datasets[dataset.name] = dataset
            uploads = sorted((d for d in self._datasets.values() if d.origin == "upload"),
                             key=lambda d: d.created)
            for old in uploads[: max(0, len(uploads) - self.max_uploads)]:
                del self._datasets[old.name]
        self._forget(dataset.name)
        return dataset

    def names(self) -> list[str]:
        """Names of the loaded datasets, oldest first."""
        with self._lock:
            return list(self._datasets)

    def default(self) -> str | None:
        """The dataset used when a request names none: the first loaded one."""
        names = self.names()
        return names[0] if names else None

    def get(self, name: str | None) -> Dataset:
        """The dataset called ``name`` (or the default); :class:`UnknownDataset` if absent."""
        chosen = name if name else self.default()
        with self._lock:
            if chosen is None:
                raise UnknownDataset("no data is loaded yet: upload a CSV or Excel file.")
            if chosen not in self._datasets:
                shown = ", ".join(repr(n) for n in self._datasets) or "none"
                raise UnknownDataset(f"dataset {chosen!r} is not loaded; loaded: {shown}.")
            return self._datasets[chosen]

    def peek(self, key: tuple[Any, ...]) -> Any:
        """The cached value for ``key``, or None (no building)."""
        with self._cache_lock:
            value = self._cache.get(key)
            if value is not None:
                self._cache.move_to_end(key)
            return value

    def cached(self, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
        """The cached value for ``key``, built (outside the lock) and stored when missing."""
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = build()
        with self._cache_lock:
            self._cache[key] = value
            self._cache.move_to_end(key)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return value

    def _forget(self, name: str) -> None:
        with self._cache_lock:
            for key in [k for k in self._cache if k and k[0] == name]:
                del self._cache[key]


def _group_peers(preset: RegionPreset | None) -> dict[Any, list[Any]] | None:
    """Each region's peers: the other regions of its preset macro-region (None without)."""
    if preset is None:
        return None
    table = preset.table
    out = {r: [q for q in table.loc[table["group"] == g, "region"] if q != r]
           for r, g in zip(table["region"], table["group"], strict=True)}
    return {r: q for r, q in out.items() if q} or None
