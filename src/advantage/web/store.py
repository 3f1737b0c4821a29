"""The datasets one dashboard serves, and what it has computed for them (per app instance).

A :class:`DatasetStore` belongs to one application (no module-level state). Each dataset's
:class:`~advantage.report.results.Results` is computed once per language of its reason
sentences, on first use, under a per-dataset lock, and never changed afterwards; rendered
responses (region profiles, charts) are kept in a bounded least-recently-used cache keyed by
dataset, view and language.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from advantage.i18n import check_lang
from advantage.panel import Panel
from advantage.report.maps import MapSpec, resolve_map
from advantage.report.results import Results, compute_results

__all__ = ["Dataset", "DatasetStore", "UnknownDataset"]


class UnknownDataset(LookupError):
    """The dataset named in a request is not loaded."""


@dataclass(eq=False)
class Dataset:
    """A loaded panel and the lazily computed results for it."""

    name: str
    panel: Panel
    origin: str
    label: str
    created: float = field(default_factory=time.time)
    geojson: dict[str, Any] | None = None
    geo_key: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _results: dict[str, Results] = field(default_factory=dict, repr=False)
    _map: tuple[MapSpec | None] | None = field(default=None, repr=False)
    _labels: dict[str, dict[str, Any]] | None = field(default=None, repr=False)

    def results(self, lang: str = "en") -> Results:
        """The results of this dataset, computed on first use (once, even under load).

        ``lang`` is the language of the planning tables' reason sentences; each language
        asked for is computed once and kept.
        """
        found = self._results.get(lang)
        if found is None:
            check_lang(lang)
            with self._lock:
                found = self._results.get(lang)
                if found is None:
                    found = self._results[lang] = compute_results(self.panel, lang=lang)
        return found

    def ready_for(self, lang: str = "en") -> bool:
        """True once the results in ``lang`` are computed (no need to wait in a thread)."""
        return lang in self._results

    @property
    def ready(self) -> bool:
        """True once the (English) results are computed."""
        return self.ready_for("en")

    def lookup(self, axis: str, text: str) -> Any:
        """The region or activity label whose text is ``text`` (labels may be numbers).

        Raises
        ------
        KeyError
            When no label has that text.
        """
        if self._labels is None:
            self._labels = {
                "region": {str(label): label for label in self.panel.regions},
                "activity": {str(label): label for label in self.panel.activities},
            }
        return self._labels[axis][text]

    def map_spec(self) -> MapSpec | None:
        """Boundaries matched to the regions (given GeoJSON, else China's), or None."""
        if self._map is None:
            with self._lock:
                if self._map is None:
                    self._map = (resolve_map(list(self.panel.regions), self.geojson,
                                             self.geo_key),)
        return self._map[0]

    def describe(self) -> dict[str, Any]:
        """A JSON-ready summary of the dataset."""
        n_t, n_r, n_a = self.panel.shape
        times = [_plain(t) for t in self.panel.times] if self.panel.has_time else []
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
    """

    def __init__(self, *, max_uploads: int = 8, cache_size: int = 4096) -> None:
        self._datasets: dict[str, Dataset] = {}
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.max_uploads = max_uploads
        self.cache_size = cache_size

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


def _plain(value: Any) -> Any:
    """A numpy scalar as a plain Python value (for JSON)."""
    return value.item() if hasattr(value, "item") else value
