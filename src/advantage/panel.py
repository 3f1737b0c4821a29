"""The one data model: a labelled time x region x activity panel of non-negative values.

A :class:`Panel` is built from a tidy long table with explicit column roles and validated once,
at construction. Every measure in :mod:`advantage.measures` takes a panel (or arrays shaped like
its cube) and returns labelled, tidy results.

Regions or activities whose total is zero in a year are *absent* from that year: they are
excluded from that year's computations and reported as missing (NaN) for that year only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice, format_rows, plain
from advantage.columns import label_codes, missing_labels, numeric_values, repeated_rows
from advantage.labels import locate_labels, shown_labels, text_index

if TYPE_CHECKING:
    import scipy.sparse as sp

__all__ = ["AXES", "DENSE_CELL_LIMIT", "SPARSE_MIN_CELLS", "SPARSE_SHARE", "Axis", "Panel",
           "axis_frame", "cells_frame", "is_sparse_shape", "to_pandas"]

#: The three axes of a panel.
AXES = ("time", "region", "activity")
Axis = Literal["time", "region", "activity"]
_PLURAL = {"time": "times", "region": "regions", "activity": "activities"}

#: Above this many cells (time x region x activity), ``storage="auto"`` stores a panel sparse.
DENSE_CELL_LIMIT = 150_000_000
#: ``storage="auto"`` also stores a panel sparse when at most this share of its cells is
#: non-zero and it has at least :data:`SPARSE_MIN_CELLS` cells; the indicator set uses the
#: same rule to choose its sparse kernel.
SPARSE_SHARE = 0.05
SPARSE_MIN_CELLS = 1_000_000


def is_sparse_shape(shape: tuple[int, int, int], nonzero: int) -> bool:
    """Whether a panel of ``shape`` with ``nonzero`` non-zero cells counts as sparse.

    True when it has at least :data:`SPARSE_MIN_CELLS` cells and at most
    :data:`SPARSE_SHARE` of them are non-zero.

    Examples
    --------
    >>> is_sparse_shape((5, 3000, 5000), 750_000), is_sparse_shape((10, 100, 600), 240_000)
    (True, False)
    """
    cells = shape[0] * shape[1] * shape[2]
    return cells >= SPARSE_MIN_CELLS and nonzero <= SPARSE_SHARE * cells


def to_pandas(frame: Any) -> pd.DataFrame:
    """Convert a pandas, polars or pyarrow table (anything narwhals reads) to pandas."""
    if isinstance(frame, pd.DataFrame):
        return frame
    import narwhals.stable.v1 as nw  # imported here: only other frame types need it

    try:
        native = nw.from_native(frame, eager_only=True)
    except TypeError:
        raise AdvantageError(
            f"expected a data frame (pandas, polars or pyarrow), got {type(frame).__name__}."
        ) from None
    return native.to_pandas()


@dataclass(frozen=True, eq=False)
class Panel:
    """Values over (time, region, activity), with labels.

    Build it with :meth:`from_long` (or :meth:`from_cube` for arrays you already hold).

    Attributes
    ----------
    times, regions, activities : pandas.Index
        Sorted, unique labels of the three axes.
    has_time : bool
        False for a single-period table given without a time column.
    names : dict
        The column names the panel was built from (``time``, ``region``, ``activity``,
        ``value``), used when it is written back out.
    display : dict
        Display names of labels: axis -> language -> label -> name (from name columns
        such as ``activity_zh``; see :meth:`with_display`). Empty when the data has none.
    """

    times: pd.Index
    regions: pd.Index
    activities: pd.Index
    _dense: np.ndarray | None = field(repr=False, default=None)
    _sparse: sp.csr_array | None = field(repr=False, default=None)
    has_time: bool = True
    names: dict[str, str | None] = field(default_factory=dict)
    display: dict[str, dict[str, dict[Any, str]]] = field(default_factory=dict)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_long(
        cls,
        frame: Any,
        *,
        region: str,
        activity: str,
        value: str,
        time: str | None = None,
        missing: Literal["error", "zero"] = "error",
        duplicates: Literal["error", "sum"] = "error",
        storage: Literal["auto", "dense", "sparse"] = "auto",
        lines: Sequence[int] | np.ndarray | None = None,
        source: str | None = None,
    ) -> Panel:
        """Build a panel from a tidy long table: the one validator of every input.

        Parameters
        ----------
        frame : pandas.DataFrame, polars.DataFrame or pyarrow.Table
            One row per (time, region, activity) with a value. Omitted combinations are zero.
        region, activity, value : str
            Names of the columns with those roles.
        time : str, optional
            Name of the time column; leave out for a single-period table.
        missing : {"error", "zero"}
            What to do with missing values: fail (default) or treat them as zero.
        duplicates : {"error", "sum"}
            What to do with repeated keys: fail (default) or add them up.
        storage : {"auto", "dense", "sparse"}
            Keep the cube as a dense array or a sparse matrix; ``auto`` stores it sparse
            when it has more than :data:`DENSE_CELL_LIMIT` cells, or when at most
            :data:`SPARSE_SHARE` of at least :data:`SPARSE_MIN_CELLS` cells are non-zero
            (:func:`is_sparse_shape`).
        lines : sequence of int, optional
            Each row's 1-based line in the file it came from, so that messages point at
            ``line N`` (default: ``row N``, counting data rows from 1).
        source : str, optional
            The file the rows came from, named at the start of every message.

        Returns
        -------
        Panel

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"year": [2020, 2020, 2020], "prov": ["A", "A", "B"],
        ...                    "ind": ["x", "y", "x"], "emp": [1.0, 3.0, 2.0]})
        >>> p = Panel.from_long(df, region="prov", activity="ind", value="emp", time="year")
        >>> p.shape
        (1, 2, 2)
        """
        check_choice("missing", missing, ["error", "zero"])
        check_choice("duplicates", duplicates, ["error", "sum"])
        check_choice("storage", storage, ["auto", "dense", "sparse"])
        df = to_pandas(frame)
        where = f"{source!r}: " if source else ""
        roles = {"region": region, "activity": activity, "value": value}
        if time is not None:
            roles["time"] = time
        for role, column in roles.items():
            if column not in df.columns:
                shown = ", ".join(repr(str(c)) for c in df.columns)
                raise AdvantageError(
                    f"{where}column {column!r} (given as {role}=) is not in the table; "
                    f"columns are: {shown}."
                )
        if len(set(roles.values())) < len(roles):
            raise AdvantageError(f"each role needs its own column; got {roles}.")
        if len(df) == 0:
            raise AdvantageError(f"{where}the input table is empty: it has no rows.")
        keys = [c for c in (time, region, activity) if c is not None]
        df = df[[*keys, value]].reset_index(drop=True)
        numbers = None if lines is None else np.asarray(lines)

        def rows(mask: np.ndarray, columns: list[str]) -> str:
            return format_rows(df, mask, columns, lines=numbers)

        for column in keys:
            null = missing_labels(df[column])
            if null.any():
                raise AdvantageError(f"{where}column {column!r} has {int(null.sum())} empty "
                                     f"labels: {rows(null, keys)}.")
            kinds = {type(plain(v)).__name__ for v in df[column].head(1000)}
            if not kinds <= {"str", "int", "float", "bool", "Timestamp", "date", "datetime",
                             "Decimal"}:
                raise AdvantageError(f"{where}column {column!r} holds {sorted(kinds)!r} "
                                     "values; labels must be text or numbers.")

        values = numeric_values(df, value, where, numbers)
        nan = np.isnan(values)
        if nan.any():
            if missing == "error":
                raise AdvantageError(
                    f"{where}column {value!r} has {int(nan.sum())} missing values; pass "
                    f"missing='zero' (--missing zero) to treat them as zero. First: "
                    f"{rows(nan, [*keys, value])}."
                )
            values = np.where(nan, 0.0, values)
        bad = ~np.isfinite(values) | (values < 0)
        if bad.any():
            raise AdvantageError(
                f"{where}column {value!r} must hold finite values >= 0; {int(bad.sum())} do "
                f"not. First: {rows(bad, [*keys, value])}."
            )

        t_codes, times = (label_codes(df[time]) if time is not None
                          else (np.zeros(len(df), np.int64), None))
        r_codes, regions = label_codes(df[region])
        a_codes, activities = label_codes(df[activity])
        if times is None:
            times = pd.Index([None], dtype=object)
        shape = (len(times), len(regions), len(activities))
        # One integer per row names its cell: repeated keys are found on it instead of by
        # hashing the label columns, and it places the values in the cube.
        flat = t_codes * shape[1]
        flat += r_codes
        flat *= shape[2]
        flat += a_codes
        del t_codes, r_codes, a_codes
        dup = repeated_rows(flat, shape[0] * shape[1] * shape[2])
        if dup is not None and duplicates == "error":
            hint = ("; if the table has several periods, name the time column (time=, "
                    "--time)" if time is None else "")
            raise AdvantageError(
                f"{where}{int(dup.sum())} rows repeat a key ({', '.join(keys)}){hint}; to "
                f"add repeated rows up pass duplicates='sum' (--duplicates sum). First: "
                f"{rows(dup, [*keys, value])}."
            )
        if storage == "auto" and is_sparse_shape(shape, int(np.count_nonzero(values))):
            storage = "sparse"
        names = {"time": time, "region": region, "activity": activity, "value": value}
        panel = cls._assemble(flat, values, shape, times, regions, activities, storage,
                              time is not None, names)
        panel.check_finite(where)
        return panel

    @classmethod
    def from_cube(
        cls,
        cube: np.ndarray,
        *,
        regions: Sequence[Any],
        activities: Sequence[Any],
        times: Sequence[Any] | None = None,
    ) -> Panel:
        """Build a panel from a dense array shaped (time, region, activity) or (region, activity).

        Examples
        --------
        >>> import numpy as np
        >>> Panel.from_cube(np.ones((2, 3)), regions=["a", "b"], activities=[1, 2, 3]).shape
        (1, 2, 3)
        """
        array = np.asarray(cube, dtype=float)
        has_time = array.ndim == 3
        if array.ndim == 2:
            array = array[None]
        if array.ndim != 3:
            raise AdvantageError(f"cube must have 2 or 3 dimensions, got {array.ndim}.")
        if not np.isfinite(array).all() or (array < 0).any():
            raise AdvantageError("cube must hold finite values >= 0.")
        labels = {
            "times": pd.Index(list(times) if times is not None else [None]),
            "regions": pd.Index(list(regions)),
            "activities": pd.Index(list(activities)),
        }
        for axis, (name, index) in enumerate(labels.items()):
            if len(index) != array.shape[axis]:
                raise AdvantageError(
                    f"{name} has {len(index)} labels but the cube has {array.shape[axis]} "
                    f"entries on axis {axis}."
                )
            if not index.is_unique:
                raise AdvantageError(f"{name} labels must be unique.")
        panel = cls(labels["times"], labels["regions"], labels["activities"], _dense=array,
                    has_time=has_time and times is not None,
                    names={"time": "time", "region": "region", "activity": "activity",
                           "value": "value"})
        panel.check_finite()
        return panel

    @classmethod
    def _assemble(cls, flat, values, shape, times, regions, activities, storage, has_time,
                  names) -> Panel:
        cells = shape[0] * shape[1] * shape[2]
        if storage == "auto":
            storage = "dense" if cells <= DENSE_CELL_LIMIT else "sparse"
        if storage == "dense":
            with np.errstate(over="ignore"):  # an overflowing sum is refused by check_finite
                dense = np.bincount(flat, weights=values, minlength=cells).astype(
                    float, copy=False)
            return cls(times, regions, activities, _dense=dense.reshape(shape), has_time=has_time,
                       names=names)
        import scipy.sparse as sp

        rows, columns = np.divmod(flat, shape[2])
        coo = sp.coo_array((values, (rows, columns)), shape=(shape[0] * shape[1], shape[2]))
        del rows, columns
        with np.errstate(over="ignore"):
            csr = sp.csr_array(coo)
            csr.sum_duplicates()
        csr.eliminate_zeros()
        return cls(times, regions, activities, _sparse=csr, has_time=has_time, names=names)

    def check_finite(self, where: str = "") -> None:
        """Raise when a sum of values overflows (duplicates, region, activity, period totals).

        Values near the largest float are finite one by one but their totals are not; every
        indicator would then be NaN. This names the first key whose value or total
        overflows.
        """
        if self._sparse is not None and not np.isfinite(self._sparse.data).all():
            raise AdvantageError(f"{where}summed values overflow to infinity.")
        with np.errstate(over="ignore", invalid="ignore"):
            totals = {"region": self.region_totals(), "activity": self.activity_totals()}
            grand = totals["region"].sum(axis=1)
        for axis, labels in (("region", self.regions), ("activity", self.activities)):
            bad = np.argwhere(~np.isfinite(totals[axis]))
            if len(bad):
                t, i = (int(k) for k in bad[0])
                raise AdvantageError(
                    f"{where}values are too large: the total of {axis} {plain(labels[i])!r} "
                    f"in period {plain(self.times[t])!r} overflows to infinity (values must "
                    "stay well below 1e308 once summed); rescale the values (e.g. to "
                    "thousands).")
        if not np.isfinite(grand).all():
            t = int(np.flatnonzero(~np.isfinite(grand))[0])
            raise AdvantageError(
                f"{where}values are too large: the total of period {plain(self.times[t])!r} "
                "overflows to infinity (values must stay well below 1e308 once summed); "
                "rescale the values (e.g. to thousands).")

    def with_display(self, axis: Axis, lang: str, names: Mapping[Any, str]) -> Panel:
        """A copy of the panel that shows ``axis`` labels by ``names`` in language ``lang``.

        Every name must belong to a label of the axis, and one label has one name.

        Examples
        --------
        >>> p = Panel.from_cube(np.ones((2, 2)), regions=["a", "b"], activities=["06", "07"])
        >>> p.with_display("activity", "en", {"06": "Food", "07": "Textiles"}).display
        {'activity': {'en': {'06': 'Food', '07': 'Textiles'}}}
        """
        check_choice("axis", axis, AXES)
        index = self.axis(axis)
        unknown = [k for k in names if k not in index]
        if unknown:
            raise AdvantageError(f"display names for {shown_labels(unknown, 5)} name no "
                                 f"{axis} label of the panel.")
        display = {a: {lg: dict(m) for lg, m in by.items()} for a, by in self.display.items()}
        display.setdefault(axis, {})[lang] = {k: str(v) for k, v in names.items()}
        return replace(self, display=display)

    # ------------------------------------------------------------------ access
    @property
    def shape(self) -> tuple[int, int, int]:
        """(number of times, regions, activities)."""
        return (len(self.times), len(self.regions), len(self.activities))

    @property
    def is_sparse(self) -> bool:
        """True when the cube is stored as a sparse matrix."""
        return self._sparse is not None

    @property
    def cube(self) -> np.ndarray:
        """The values as a dense float array shaped (time, region, activity).

        For a sparse panel this materialises the whole cube; use :meth:`blocks` to bound memory.
        """
        if self._dense is not None:
            return self._dense
        assert self._sparse is not None
        return self._sparse.toarray().reshape(self.shape)

    def blocks(self, max_cells: int = DENSE_CELL_LIMIT) -> list[slice]:
        """Slices of the time axis whose dense cube fits within ``max_cells`` cells."""
        per_year = max(1, self.shape[1] * self.shape[2])
        step = max(1, max_cells // per_year)
        return [slice(i, min(i + step, self.shape[0])) for i in range(0, self.shape[0], step)]

    def cube_block(self, block: slice) -> np.ndarray:
        """Dense values for the years in ``block``."""
        if self._dense is not None:
            return self._dense[block]
        assert self._sparse is not None
        _, n_r, n_a = self.shape
        start, stop = block.start or 0, block.stop
        rows = self._sparse[start * n_r: stop * n_r]
        return rows.toarray().reshape(stop - start, n_r, n_a)

    def sparse_rows(self, block: slice) -> sp.csr_array:
        """Values of the years in ``block`` as a sparse matrix without stored zeros.

        Rows are (year, region) pairs in order (``year * regions + region``), columns are
        activities, and column indices are sorted within each row.
        """
        import scipy.sparse as sp

        _, n_r, n_a = self.shape
        start, stop = block.start or 0, block.stop
        if self._dense is not None:
            return sp.csr_array(self._dense[start:stop].reshape(-1, n_a))
        assert self._sparse is not None
        return self._sparse[start * n_r: stop * n_r]

    def nonzero_count(self) -> int:
        """The number of cells whose value is not zero."""
        if self._dense is not None:
            return int(np.count_nonzero(self._dense))
        assert self._sparse is not None
        return int(self._sparse.count_nonzero())

    def region_totals(self) -> np.ndarray:
        """Totals per (time, region)."""
        if self._dense is not None:
            return self._dense.sum(axis=2)
        assert self._sparse is not None
        return np.asarray(self._sparse.sum(axis=1)).reshape(self.shape[:2])

    def activity_totals(self) -> np.ndarray:
        """Totals per (time, activity)."""
        if self._dense is not None:
            return self._dense.sum(axis=1)
        assert self._sparse is not None
        n_t, n_r, _ = self.shape
        rows = np.arange(n_t * n_r)
        import scipy.sparse as sp

        years = sp.csr_array((np.ones(n_t * n_r), (rows // n_r, rows)), shape=(n_t, n_t * n_r))
        return np.asarray((years @ self._sparse).toarray())

    def present_regions(self) -> np.ndarray:
        """Boolean (time, region): the region has a positive total that year."""
        return self.region_totals() > 0

    def present_activities(self) -> np.ndarray:
        """Boolean (time, activity): the activity has a positive total that year."""
        return self.activity_totals() > 0

    # ------------------------------------------------------------------ labels
    def axis(self, name: Axis) -> pd.Index:
        """The labels of one axis: ``"time"``, ``"region"`` or ``"activity"``."""
        check_choice("axis", name, AXES)
        return {"time": self.times, "region": self.regions, "activity": self.activities}[name]

    def locate(self, axis: Axis, wanted: Any, *, name: str | None = None,
               aliases: Mapping[Any, Any] | Callable[[Any], Any] | None = None) -> np.ndarray:
        """Positions on ``axis`` of the labels asked for, by the one label rule.

        The rule (exact label, then the same text, then ``aliases``), the parameters and
        the errors are those of :func:`advantage.labels.locate_labels`; ``name`` is what
        messages call the labels (default: the axis name, plural).

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"t": [2015, 2020], "r": ["a", "b"], "i": ["0101", "101"],
        ...                    "v": [1.0, 2.0]})
        >>> p = Panel.from_long(df, region="r", activity="i", value="v", time="t")
        >>> p.locate("time", "2020").tolist(), p.match("activity", ["0101"])
        ([1], ['0101'])
        """
        return locate_labels(self.axis(axis), wanted, label=name or _PLURAL[axis],
                             aliases=aliases, texts=self._text_index(axis))

    def match(self, axis: Axis, wanted: Any, *, name: str | None = None,
              aliases: Mapping[Any, Any] | Callable[[Any], Any] | None = None) -> list[Any]:
        """The panel's own labels for the labels asked for (see :meth:`locate`)."""
        index = self.axis(axis)
        return [index[i] for i in self.locate(axis, wanted, name=name, aliases=aliases)]

    def _text_index(self, axis: Axis) -> dict[str, int]:
        """Text form of every label -> position, kept per axis (labels never change)."""
        cache = self.__dict__.setdefault("_texts", {})
        if axis not in cache:
            cache[axis] = text_index(self.axis(axis))
        return cache[axis]

    # ------------------------------------------------------------------ selection
    def select(
        self,
        *,
        times: Sequence[Any] | None = None,
        regions: Sequence[Any] | None = None,
        activities: Sequence[Any] | None = None,
    ) -> Panel:
        """A panel restricted to the given labels (in the panel's order); unknown labels fail."""
        picks = []
        for name, index, wanted in (("times", self.times, times),
                                    ("regions", self.regions, regions),
                                    ("activities", self.activities, activities)):
            if wanted is None:
                picks.append(np.arange(len(index)))
                continue
            axis = {"times": "time", "regions": "region", "activities": "activity"}[name]
            picks.append(np.unique(self.locate(axis, wanted, name=name)))  # type: ignore[arg-type]
        cube = self.cube[np.ix_(*picks)]
        return Panel(self.times[picks[0]], self.regions[picks[1]], self.activities[picks[2]],
                     _dense=cube, has_time=self.has_time, names=dict(self.names),
                     display=self.display)

    def aggregate(self, mapping: dict[Any, Any], *, axis: Literal["activity", "region"]) -> Panel:
        """Sum activities (or regions) into coarser groups given a code -> group mapping.

        Every label must be mapped: unmapped labels raise instead of being dropped.
        """
        check_choice("axis", axis, ["activity", "region"])
        index = self.activities if axis == "activity" else self.regions
        unmapped = [label for label in index if label not in mapping]
        if unmapped:
            raise AdvantageError(
                f"{len(unmapped)} {axis} labels have no group in the mapping, e.g. "
                f"{unmapped[:5]!r}."
            )
        groups = pd.Index(sorted({mapping[label] for label in index}, key=str))
        codes = groups.get_indexer([mapping[label] for label in index])
        onehot = np.zeros((len(index), len(groups)))
        onehot[np.arange(len(index)), codes] = 1.0
        if axis == "activity":
            cube = self.cube @ onehot
            return Panel(self.times, self.regions, groups, _dense=cube, has_time=self.has_time,
                         names=dict(self.names),
                         display={k: v for k, v in self.display.items() if k != axis})
        cube = np.einsum("tra,rg->tga", self.cube, onehot)
        return Panel(self.times, groups, self.activities, _dense=cube, has_time=self.has_time,
                     names=dict(self.names),
                     display={k: v for k, v in self.display.items() if k != axis})

    # ------------------------------------------------------------------ output
    def to_long(self, *, zeros: bool = False) -> pd.DataFrame:
        """The panel as a tidy table ``time, region, activity, value`` (no zeros by default)."""
        frame = cells_frame(self, {"value": self.cube})
        if not zeros:
            frame = frame[frame["value"] != 0].reset_index(drop=True)
        return frame

    def __repr__(self) -> str:
        n_t, n_r, n_a = self.shape
        kind = "sparse" if self.is_sparse else "dense"
        span = f"{self.times[0]}..{self.times[-1]}" if self.has_time else "single period"
        return f"Panel({n_t} times [{span}] x {n_r} regions x {n_a} activities, {kind})"


def cells_frame(panel: Panel, columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """A tidy (time, region, activity, ...) frame from cubes shaped like ``panel``."""
    n_t, n_r, n_a = panel.shape
    data: dict[str, Any] = {}
    if panel.has_time:
        data["time"] = np.repeat(np.asarray(panel.times), n_r * n_a)
    data["region"] = np.tile(np.repeat(np.asarray(panel.regions), n_a), n_t)
    data["activity"] = np.tile(np.asarray(panel.activities), n_t * n_r)
    for name, cube in columns.items():
        data[name] = np.broadcast_to(cube, (n_t, n_r, n_a)).reshape(-1)
    return pd.DataFrame(data)


def axis_frame(panel: Panel, axis: Literal["region", "activity"],
               columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """A tidy (time, region) or (time, activity) frame from arrays shaped (time, axis)."""
    labels = panel.regions if axis == "region" else panel.activities
    n_t, n = len(panel.times), len(labels)
    data: dict[str, Any] = {}
    if panel.has_time:
        data["time"] = np.repeat(np.asarray(panel.times), n)
    data[axis] = np.tile(np.asarray(labels), n_t)
    for name, array in columns.items():
        data[name] = np.broadcast_to(array, (n_t, n)).reshape(-1)
    return pd.DataFrame(data)
