"""The workspace: one DuckDB file holding ingested panels and computed results.

Tables
------
``datasets``
    One row per ingested data set: name, source, licence, units, content hash, created time,
    row count, column roles, region normaliser, and free metadata (JSON).
``panel_labels``
    Every data set's axis labels in order (so regions or activities that are all zero survive
    a round trip).
``panel_cells``
    The tidy panel: dataset, time, region, activity, value (non-zero cells).
``results``
    One row per saved result: name, kind, parameters (JSON), package version, created time,
    and the name of the table holding the result frame.

The workspace is guarded: only a DuckDB file that is new, empty or already holds these tables
with these columns is opened (a CSV, a Parquet file, ``:memory:`` or another program's database
is refused), and a damaged file or data set gives one clear error naming it.

Every write is one transaction: an ingest that fails, or a process killed half-way, leaves the
previous contents as they were. Connections are opened per call and closed at once, so the
command line and the web dashboard can share a file; a call that finds the file locked by
another process retries for ``timeout`` seconds.
"""

from __future__ import annotations

import hashlib
import json
import re
import time as _time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError
from advantage.panel import Panel

__all__ = ["Workspace"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS datasets (
    name VARCHAR PRIMARY KEY, source VARCHAR, licence VARCHAR, units VARCHAR,
    content_hash VARCHAR, created TIMESTAMP, row_count BIGINT, column_roles VARCHAR,
    normaliser VARCHAR, has_time BOOLEAN, label_kinds VARCHAR, metadata VARCHAR);
CREATE TABLE IF NOT EXISTS panel_labels (
    dataset VARCHAR, axis VARCHAR, position BIGINT, label VARCHAR);
CREATE TABLE IF NOT EXISTS panel_cells (
    dataset VARCHAR, time VARCHAR, region VARCHAR, activity VARCHAR, value DOUBLE);
CREATE TABLE IF NOT EXISTS results (
    name VARCHAR PRIMARY KEY, kind VARCHAR, parameters VARCHAR, version VARCHAR,
    created TIMESTAMP, table_name VARCHAR, row_count BIGINT);
"""

_TABLES = {
    "datasets": ["name", "source", "licence", "units", "content_hash", "created", "row_count",
                 "column_roles", "normaliser", "has_time", "label_kinds", "metadata"],
    "panel_labels": ["dataset", "axis", "position", "label"],
    "panel_cells": ["dataset", "time", "region", "activity", "value"],
    "results": ["name", "kind", "parameters", "version", "created", "table_name", "row_count"],
}
_DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file
_DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".xlsx", ".xls", ".json", ".gz",
                  ".zip", ".html")
_CHUNK_ROWS = 1_000_000
_KNOWN_META = ("source", "licence", "units", "column_roles", "normaliser")


def _kind(labels: pd.Index) -> str:
    values = list(labels)
    if all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in values):
        return "int"
    return "str"


def _restore(labels: list[str], kind: str) -> list[Any]:
    return [int(v) for v in labels] if kind == "int" else list(labels)


def content_hash(panel: Panel) -> str:
    """SHA-256 of the panel's labels and non-zero cells, independent of how it was stored."""
    digest = hashlib.sha256()
    for axis in (panel.times, panel.regions, panel.activities):
        digest.update(json.dumps([str(v) for v in axis], ensure_ascii=False).encode())
    cube = panel.cube
    nonzero = np.flatnonzero(cube)
    digest.update(nonzero.astype(np.int64).tobytes())
    digest.update(cube.reshape(-1)[nonzero].astype(np.float64).tobytes())
    return digest.hexdigest()


class Workspace:
    """A DuckDB workspace file of ingested data sets and computed results.

    Parameters
    ----------
    path : str or Path
        The database file (created on first write).
    timeout : float
        Seconds to keep retrying when another process holds the file.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> from advantage.panel import Panel
    >>> ws = Workspace(pathlib.Path(tempfile.mkdtemp()) / "ws.duckdb")
    >>> df = pd.DataFrame({"r": ["640000", "620000"], "a": ["C", "C"], "v": [1.0, 2.0]})
    >>> ws.ingest_panel("demo", Panel.from_long(df, region="r", activity="a", value="v"),
    ...                 {"source": "example", "units": "persons"})
    >>> ws.panel("demo").shape, ws.datasets()["name"].tolist()
    ((1, 2, 1), ['demo'])
    """

    def __init__(self, path: str | Path, *, timeout: float = 10.0) -> None:
        text = str(path)
        if not text.strip() or text.strip().lower() in (":memory:", "memory", "md:"):
            raise AdvantageError(f"workspace {text!r} is not a file; name a DuckDB file such "
                                 "as ws.duckdb (an in-memory workspace would keep nothing).")
        self.path = Path(path)
        self.timeout = timeout
        if self.path.suffix.lower() in _DATA_SUFFIXES:
            raise AdvantageError(f"workspace {text!r} names a {self.path.suffix} file; a "
                                 "workspace is a DuckDB file such as ws.duckdb (give the data "
                                 "file as the input instead).")

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r})"

    # ------------------------------------------------------------------ connections
    @contextmanager
    def connect(self, *, write: bool = False) -> Iterator[Any]:
        """A short-lived connection (retrying while another process holds the lock)."""
        import duckdb

        if not write and not self.path.exists():
            raise AdvantageError(f"workspace {str(self.path)!r} does not exist; ingest a data "
                                 f"set first.")
        self._check_file()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = _time.monotonic() + self.timeout
        while True:
            try:
                con = duckdb.connect(str(self.path))
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or _time.monotonic() > deadline:
                    raise AdvantageError(f"cannot open workspace {str(self.path)!r}: "
                                         f"{str(exc).splitlines()[0]}") from None
                _time.sleep(0.1)
            except duckdb.Error as exc:
                raise AdvantageError(f"cannot open workspace {str(self.path)!r}: "
                                     f"{str(exc).splitlines()[0]}") from None
        try:
            try:
                self._check_schema(con)
                con.execute(_SCHEMA)
            except duckdb.Error as exc:
                raise self._damaged(exc) from None
            try:
                yield con
            except duckdb.Error as exc:
                raise self._damaged(exc) from None
        finally:
            con.close()

    def _check_file(self) -> None:
        """Refuse a path that exists but is not a DuckDB database file."""
        if not self.path.exists():
            return
        if self.path.is_dir():
            raise AdvantageError(f"workspace {str(self.path)!r} is a folder; name a DuckDB "
                                 "file such as ws.duckdb inside it.")
        try:
            with self.path.open("rb") as handle:
                head = handle.read(12)
        except OSError as exc:
            raise AdvantageError(f"cannot read workspace {str(self.path)!r}: "
                                 f"{exc.strerror or exc}.") from None
        if len(head) < 12 or head[8:12] != _DUCKDB_MAGIC:
            raise AdvantageError(f"{str(self.path)!r} exists and is not a DuckDB workspace "
                                 "file; it is left untouched. Name a new file or an existing "
                                 "workspace.")

    def _check_schema(self, con: Any) -> None:
        """Refuse a DuckDB database that holds tables of another program."""
        rows = con.execute("SELECT table_name, column_name FROM information_schema.columns "
                           "WHERE table_schema = 'main' ORDER BY table_name, "
                           "ordinal_position").fetchall()
        columns: dict[str, list[str]] = {}
        for table, column in rows:
            columns.setdefault(table, []).append(column)
        ours = [t for t in _TABLES if t in columns]
        for table in ours:
            if columns[table] != _TABLES[table]:
                raise AdvantageError(
                    f"{str(self.path)!r} is a DuckDB database but not an Advantage workspace: "
                    f"its table {table!r} has columns {', '.join(columns[table])}; it is left "
                    "untouched.")
        others = [t for t in columns if t not in _TABLES and not t.startswith("result_")]
        if others and not ours:
            raise AdvantageError(
                f"{str(self.path)!r} is a DuckDB database of another program (tables "
                f"{', '.join(sorted(others)[:5])}); it is left untouched. Name a new file for "
                "the workspace.")

    def _damaged(self, exc: Exception) -> AdvantageError:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return AdvantageError(f"workspace {str(self.path)!r} is damaged or unreadable "
                              f"({first}); restore it from a copy, or start a new one.")

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """A connection inside one transaction: committed on success, rolled back on error."""
        with self.connect(write=True) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    # ------------------------------------------------------------------ data sets
    def ingest_panel(self, name: str, panel: Panel, metadata: dict[str, Any] | None = None,
                     *, on_chunk: Callable[[int, int], None] | None = None) -> None:
        """Store ``panel`` under ``name`` (replacing a data set of that name) in one transaction.

        Parameters
        ----------
        name : str
            Data set name.
        panel : Panel
            The panel to store.
        metadata : dict, optional
            ``source``, ``licence``, ``units``, ``column_roles`` (dict), ``normaliser`` and any
            other JSON-serialisable keys (kept in ``metadata``).
        on_chunk : callable, optional
            Called as ``on_chunk(rows_written, rows_total)`` after each chunk of cells.
        """
        _check_name(name)
        if not isinstance(panel, Panel):
            raise AdvantageError(f"panel must be a Panel, got {type(panel).__name__}.")
        meta = dict(metadata or {})
        roles = meta.get("column_roles") or {k: v for k, v in panel.names.items() if v}
        extra = {k: v for k, v in meta.items() if k not in _KNOWN_META}
        cells = panel.to_long()
        if not panel.has_time:
            cells.insert(0, "time", "")
        cells = pd.DataFrame({"dataset": name, "time": cells["time"].astype(str),
                              "region": cells["region"].astype(str),
                              "activity": cells["activity"].astype(str),
                              "value": cells["value"].astype(float)})
        labels = pd.concat([
            pd.DataFrame({"dataset": name, "axis": axis, "position": np.arange(len(index)),
                          "label": [str(v) if panel.has_time or axis != "time" else ""
                                    for v in index]})
            for axis, index in (("time", panel.times), ("region", panel.regions),
                                ("activity", panel.activities))], ignore_index=True)
        kinds = {"time": _kind(panel.times) if panel.has_time else "none",
                 "region": _kind(panel.regions), "activity": _kind(panel.activities)}
        row = {
            "name": name, "source": str(meta.get("source", "")),
            "licence": str(meta.get("licence", "")), "units": str(meta.get("units", "")),
            "content_hash": content_hash(panel), "created": datetime.now(UTC).replace(tzinfo=None),
            "row_count": len(cells), "column_roles": json.dumps(roles, ensure_ascii=False),
            "normaliser": str(meta.get("normaliser", "none")), "has_time": panel.has_time,
            "label_kinds": json.dumps(kinds), "metadata": json.dumps(extra, ensure_ascii=False,
                                                                      default=str),
        }
        with self.transaction() as con:
            for table in ("datasets", "panel_labels", "panel_cells"):
                column = "name" if table == "datasets" else "dataset"
                con.execute(f"DELETE FROM {table} WHERE {column} = ?", [name])
            con.register("new_labels", labels)
            con.execute("INSERT INTO panel_labels SELECT dataset, axis, position, label "
                        "FROM new_labels")
            con.unregister("new_labels")
            for start in range(0, max(len(cells), 1), _CHUNK_ROWS):
                chunk = cells.iloc[start:start + _CHUNK_ROWS]
                con.register("new_cells", chunk)
                con.execute("INSERT INTO panel_cells SELECT dataset, time, region, activity, "
                            "value FROM new_cells")
                con.unregister("new_cells")
                if on_chunk is not None:
                    on_chunk(min(start + _CHUNK_ROWS, len(cells)), len(cells))
            con.execute("INSERT INTO datasets VALUES ($name, $source, $licence, $units, "
                        "$content_hash, $created, $row_count, $column_roles, $normaliser, "
                        "$has_time, $label_kinds, $metadata)", row)

    def panel(self, name: str) -> Panel:
        """The stored panel ``name``, with its original label types."""
        with self.connect() as con:
            info = con.execute("SELECT has_time, label_kinds FROM datasets WHERE name = ?",
                               [name]).fetchone()
            if info is None:
                raise AdvantageError(self._unknown("data set", name, con, "datasets"))
            labels = con.execute("SELECT axis, label FROM panel_labels WHERE dataset = ? "
                                 "ORDER BY axis, position", [name]).fetch_df()
            cells = con.execute("SELECT time, region, activity, value FROM panel_cells "
                                "WHERE dataset = ?", [name]).fetch_df()
        try:
            return _rebuild(bool(info[0]), info[1], labels, cells)
        except (AdvantageError, ValueError, KeyError, IndexError, TypeError) as exc:
            raise AdvantageError(
                f"data set {name!r} in workspace {str(self.path)!r} is damaged ({exc}); "
                f"remove it with: advantage datasets remove {name} --workspace "
                f"{self.path}") from None

    def datasets(self) -> pd.DataFrame:
        """One row per data set (name, source, licence, units, hash, created, rows, roles ...)."""
        if not self.path.exists():
            return pd.DataFrame(columns=["name", "source", "licence", "units", "content_hash",
                                         "created", "row_count", "column_roles", "normaliser",
                                         "has_time", "metadata"])
        with self.connect() as con:
            return con.execute("SELECT name, source, licence, units, content_hash, created, "
                               "row_count, column_roles, normaliser, has_time, metadata "
                               "FROM datasets ORDER BY name").fetch_df()

    def drop(self, name: str) -> None:
        """Remove a data set or a result called ``name`` (an error when there is none).

        Removing a data set also removes the tables the dashboard computed from it.
        """
        if not self.path.exists():
            raise AdvantageError(f"workspace {str(self.path)!r} does not exist.")
        with self.transaction() as con:
            found = con.execute("SELECT table_name FROM results WHERE name = ?",
                                [name]).fetchone()
            stored = con.execute("SELECT count(*) FROM datasets WHERE name = ?",
                                 [name]).fetchone()
            if found is None and not (stored and stored[0]):
                names = [r[0] for r in con.execute(
                    "SELECT name FROM datasets UNION ALL SELECT name FROM results "
                    "ORDER BY 1").fetchall()]
                shown = ", ".join(repr(n) for n in names) if names else "none"
                raise AdvantageError(f"no data set or result called {name!r} in workspace "
                                     f"{str(self.path)!r}; it has: {shown}.")
            if found is not None:
                con.execute(f'DROP TABLE IF EXISTS "{found[0]}"')
                con.execute("DELETE FROM results WHERE name = ?", [name])
            for table, column in (("datasets", "name"), ("panel_labels", "dataset"),
                                  ("panel_cells", "dataset")):
                con.execute(f"DELETE FROM {table} WHERE {column} = ?", [name])
            # tables computed from the data set (the dashboard's, profile:<name>:<table>)
            derived = con.execute("SELECT name, table_name FROM results WHERE "
                                  "starts_with(name, ?)", [f"profile:{name}:"]).fetchall()
            for result, table in derived:
                con.execute(f'DROP TABLE IF EXISTS "{table}"')
                con.execute("DELETE FROM results WHERE name = ?", [result])

    # ------------------------------------------------------------------ results
    def save_result(self, name: str, kind: str, frame: Any,
                    parameters: dict[str, Any] | None = None) -> None:
        """Store a result table with its kind, parameters and the package version."""
        from advantage import __version__
        from advantage.panel import to_pandas

        _check_name(name)
        df = to_pandas(frame)
        table = "result_" + hashlib.sha1(name.encode()).hexdigest()[:16]
        params = json.dumps(parameters or {}, ensure_ascii=False, sort_keys=True, default=str)
        with self.transaction() as con:
            con.execute(f'DROP TABLE IF EXISTS "{table}"')
            con.register("new_result", df)
            con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM new_result')
            con.unregister("new_result")
            con.execute("DELETE FROM results WHERE name = ?", [name])
            con.execute("INSERT INTO results VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [name, kind, params, __version__,
                         datetime.now(UTC).replace(tzinfo=None), table, len(df)])

    def result(self, name: str) -> pd.DataFrame:
        """The stored result table ``name``."""
        with self.connect() as con:
            found = con.execute("SELECT table_name FROM results WHERE name = ?",
                                [name]).fetchone()
            if found is None:
                raise AdvantageError(self._unknown("result", name, con, "results"))
            return con.execute(f'SELECT * FROM "{found[0]}"').fetch_df()

    def results(self) -> pd.DataFrame:
        """One row per result: name, kind, parameters (JSON), version, created, row count."""
        if not self.path.exists():
            return pd.DataFrame(columns=["name", "kind", "parameters", "version", "created",
                                         "row_count"])
        with self.connect() as con:
            return con.execute("SELECT name, kind, parameters, version, created, row_count "
                               "FROM results ORDER BY name").fetch_df()

    def _unknown(self, what: str, name: str, con: Any, table: str) -> str:
        names = [r[0] for r in con.execute(f"SELECT name FROM {table} ORDER BY name").fetchall()]
        shown = ", ".join(repr(n) for n in names) if names else "none yet"
        return f"no {what} called {name!r} in workspace {str(self.path)!r}; it has: {shown}."


def _rebuild(has_time: bool, label_kinds: str, labels: pd.DataFrame,
             cells: pd.DataFrame) -> Panel:
    """A panel from its stored labels and cells (errors when the rows do not agree)."""
    kinds = json.loads(label_kinds)
    if not isinstance(kinds, dict):
        raise ValueError("label_kinds is not a mapping")
    axes = {axis: labels.loc[labels["axis"] == axis, "label"].tolist()
            for axis in ("time", "region", "activity")}
    index = {axis: {label: i for i, label in enumerate(axes[axis])} for axis in axes}
    cube = np.zeros((len(axes["time"]), len(axes["region"]), len(axes["activity"])))
    if len(cells):
        positions = []
        for axis in ("time", "region", "activity"):
            found = cells[axis].map(index[axis])
            if found.isna().any():
                raise ValueError(f"a cell names a {axis} with no stored label")
            positions.append(found.to_numpy(dtype=np.int64))
        cube[positions[0], positions[1], positions[2]] = cells["value"].to_numpy(dtype=float)
    regions = _restore(axes["region"], kinds["region"])
    activities = _restore(axes["activity"], kinds["activity"])
    if not has_time:
        return Panel.from_cube(cube[0], regions=regions, activities=activities)
    return Panel.from_cube(cube, regions=regions, activities=activities,
                           times=_restore(axes["time"], kinds["time"]))


def _check_name(name: Any) -> None:
    if not isinstance(name, str) or not name.strip() or re.search(r"[\x00-\x1f]", name):
        raise AdvantageError(f"name={name!r} is not valid; expected a non-empty text name.")
