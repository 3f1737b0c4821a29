"""From rows read to a validated panel, with a report of everything rejected and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice
from advantage.io.readers import Table
from advantage.panel import Panel

__all__ = ["IngestReport", "to_panel"]

Normalise = Literal["auto", "china", "none"]


@dataclass
class IngestReport:
    """What an ingest read, used, rejected and could not match.

    Attributes
    ----------
    source : str
        The input (file name or a description).
    rows_read : int
        Rows (or, for wide tables, cells) read from the input.
    rows_used : int
        Rows that went into the panel.
    rejected : pandas.DataFrame
        One row per reason: ``reason``, ``rows`` (count), ``examples`` (first few, as text).
    unmatched : list of str
        Region names the normaliser did not recognise (their rows are in ``rejected``).
    normaliser : str
        ``"china"`` when region names were mapped to GB/T 2260 codes, else ``"none"``.
    region_map : dict
        Raw region name -> canonical code, for the names the normaliser matched.
    encoding : str or None
        Text encoding of the input.
    missing_as_zero : int
        Missing values counted as zero (``missing="zero"``).
    notes : list of str
        Anything else worth knowing.
    """

    source: str
    rows_read: int = 0
    rows_used: int = 0
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {"reason": pd.Series([], dtype=object), "rows": pd.Series([], dtype=np.int64),
         "examples": pd.Series([], dtype=object)}))
    unmatched: list[str] = field(default_factory=list)
    normaliser: str = "none"
    region_map: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    missing_as_zero: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        """Total rows rejected, over all reasons."""
        return int(self.rejected["rows"].sum()) if len(self.rejected) else 0

    def add_rejection(self, reason: str, rows: int, examples: list[str]) -> None:
        """Record ``rows`` rows rejected for ``reason``."""
        extra = pd.DataFrame({"reason": [reason], "rows": [int(rows)],
                              "examples": ["; ".join(examples)]})
        self.rejected = extra if not len(self.rejected) else pd.concat(
            [self.rejected, extra], ignore_index=True)

    def brief(self) -> str:
        """One line: rows rejected by reason and the unmatched names."""
        reasons = ", ".join(f"{r.reason}: {r.rows}" for r in self.rejected.itertuples())
        text = f"{self.rows_rejected} of {self.rows_read} rows rejected ({reasons or 'none'})"
        if self.unmatched:
            text += "; unmatched region names: " + ", ".join(repr(n) for n in self.unmatched[:10])
        return text

    def summary(self) -> str:
        """A few lines for people: rows read, used, rejected and why, unmatched names."""
        lines = [f"source: {self.source}" + (f" (encoding {self.encoding})"
                                             if self.encoding else ""),
                 f"rows read: {self.rows_read}", f"rows used: {self.rows_used}",
                 f"rows rejected: {self.rows_rejected}"]
        for item in self.rejected.itertuples(index=False):
            lines.append(f"  {item.rows} rejected: {item.reason} (e.g. {item.examples})")
        if self.unmatched:
            shown = ", ".join(repr(n) for n in self.unmatched[:20])
            more = f" and {len(self.unmatched) - 20} more" if len(self.unmatched) > 20 else ""
            lines.append(f"unmatched region names ({len(self.unmatched)}): {shown}{more}")
        lines.append(f"region normaliser: {self.normaliser}")
        if self.missing_as_zero:
            lines.append(f"missing values counted as zero: {self.missing_as_zero}")
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join(lines)


def _locate(table: Table, positions: np.ndarray, value: str, keys: list[str],
            frame: pd.DataFrame, limit: int = 5, raw: np.ndarray | None = None) -> list[str]:
    """'row R, column C (key=...): 'cell'' for the first few positions."""
    out = []
    for i in positions[:limit]:
        where = f"row {int(table.rows[i])}" if table.rows is not None else f"data row {i + 1}"
        column = table.cells[i] if table.cells is not None else value
        context = ", ".join(f"{k}={_show(frame[k].iloc[i])}" for k in keys)
        if raw is not None:
            context += f", written {raw[i]!r}"
        out.append(f"{where}, column {column!r} ({context}): {_show(frame[value].iloc[i])}")
    return out


def _show(value: Any) -> str:
    return repr(value.item() if isinstance(value, np.generic) else value)


def _fail(table: Table, message: str, details: list[str], count: int) -> AdvantageError:
    more = f" (and {count - len(details)} more)" if count > len(details) else ""
    return AdvantageError(f"{table.source!r}: {message}: " + "; ".join(details) + more + ".")


def _as_years(series: pd.Series) -> pd.Series:
    """Integer years when every label is an integer written as text or number."""
    if pd.api.types.is_integer_dtype(series):
        return series
    text = series.astype(str).str.strip()
    if text.str.fullmatch(r"[-+]?\d+(\.0+)?").all():
        return text.astype(float).astype(np.int64)
    return series


def to_panel(
    table: Table | Any,
    *,
    region: str | None = None,
    activity: str | None = None,
    value: str | None = None,
    time: str | None = None,
    normalise: Normalise = "auto",
    unmatched: Literal["reject", "error"] = "reject",
    missing: Literal["error", "zero"] = "error",
    negative: Literal["error", "reject"] = "error",
    duplicates: Literal["error", "sum"] = "error",
    include_hk_mo_tw: bool = True,
) -> tuple[Panel, IngestReport]:
    """Validate rows read from a file and build a panel, reporting what was rejected.

    Parameters
    ----------
    table : Table or data frame
        From a reader (:func:`read_long`, :func:`read_wide`, :func:`stream_long`) or any
        pandas/polars/pyarrow frame.
    region, activity, value, time : str, optional
        Column roles; default to the roles the reader knows (wide tables).
    normalise : {"auto", "china", "none"}
        Map region names to GB/T 2260 codes with :func:`advantage.reference.normalise_regions`;
        ``"auto"`` does so when at least half of the distinct names match.
    unmatched : {"reject", "error"}
        Rows whose region the normaliser does not know: leave them out and report them
        (default), or fail.
    missing : {"error", "zero"}
        Missing values (missing-value markers, empty cells): fail (default) or count as zero.
    negative : {"error", "reject"}
        Negative values: fail (default) or leave the rows out and report them.
    duplicates : {"error", "sum"}
        Repeated keys (also after normalisation, e.g. "宁夏" and "Ningxia" in one table).
    include_hk_mo_tw : bool
        Let the China normaliser match Hong Kong, Macao and Taiwan.

    Returns
    -------
    (Panel, IngestReport)

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"prov": ["宁夏回族自治区", "Gansu", "全国"], "ind": ["C", "C", "C"],
    ...                    "v": ["1.5", "2", "3.5"]})
    >>> panel, report = to_panel(df, region="prov", activity="ind", value="v")
    >>> list(panel.regions), report.unmatched, report.rows_rejected
    (['620000', '640000'], ['全国'], 1)
    """
    from advantage.reference.china import match_share, normalise_regions

    check_choice("normalise", normalise, ["auto", "china", "none"])
    check_choice("unmatched", unmatched, ["reject", "error"])
    check_choice("missing", missing, ["error", "zero"])
    check_choice("negative", negative, ["error", "reject"])
    check_choice("duplicates", duplicates, ["error", "sum"])
    if not isinstance(table, Table):
        from advantage.panel import to_pandas
        table = Table(to_pandas(table), "<data frame>")
    roles = {"region": region or table.roles.get("region"),
             "activity": activity or table.roles.get("activity"),
             "value": value or table.roles.get("value"),
             "time": time or table.roles.get("time")}
    for role in ("region", "activity", "value"):
        if roles[role] is None:
            raise AdvantageError(f"{role}= is required: name the column holding the {role}.")
    frame = table.frame
    columns = [c for c in (roles["time"], roles["region"], roles["activity"], roles["value"])
               if c is not None]
    for role, column in roles.items():
        if column is not None and column not in frame.columns:
            shown = ", ".join(repr(str(c)) for c in frame.columns)
            raise AdvantageError(f"{table.source!r}: column {column!r} (given as {role}=) is not "
                                 f"in the table; columns are: {shown}.")
    if len(set(columns)) < len(columns):
        raise AdvantageError(f"each role needs its own column; got {roles}.")
    report = IngestReport(table.source, rows_read=table.stats.get("rows", len(frame)),
                          encoding=table.encoding, notes=list(table.notes))
    for reason, count, examples in table.rejected:
        report.add_rejection(reason, count, examples)
    if len(frame) == 0:
        raise AdvantageError(f"{table.source!r} has no rows.")
    reg, act, val = str(roles["region"]), str(roles["activity"]), str(roles["value"])
    tim = roles["time"]
    keys = [c for c in (tim, reg, act) if c is not None]
    df = frame[columns].reset_index(drop=True)
    for column in keys:
        null = np.flatnonzero(df[column].isna().to_numpy())
        if len(null):
            raise _fail(table, f"column {column!r} has {len(null)} empty labels",
                        _locate(table, null, val, keys, df), len(null))
    if tim is not None:
        df[tim] = _as_years(df[tim])

    raw = df[val]
    numbers = np.array(pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan))
    bad = np.flatnonzero(np.isnan(numbers) & raw.notna().to_numpy())
    if len(bad):
        raise _fail(table, f"{len(bad)} value cells are not numbers",
                    _locate(table, bad, val, keys, df), len(bad))
    nan = np.flatnonzero(np.isnan(numbers))
    if len(nan):
        if missing == "error":
            raise _fail(table, f"{len(nan)} value cells are missing (empty or a missing-value "
                        f"marker); pass missing='zero' (--missing zero) to count them as zero",
                        _locate(table, nan, val, keys, df), len(nan))
        numbers[nan] = 0.0
        report.missing_as_zero = len(nan)
    infinite = np.flatnonzero(np.isinf(numbers))
    if len(infinite):
        raise _fail(table, f"{len(infinite)} value cells are infinite",
                    _locate(table, infinite, val, keys, df), len(infinite))
    keep = np.ones(len(df), dtype=bool)
    neg = np.flatnonzero(numbers < 0)
    if len(neg):
        details = _locate(table, neg, val, keys, df)
        if negative == "error":
            raise _fail(table, f"{len(neg)} values are negative (values must be >= 0); pass "
                        f"negative='reject' (--negative reject) to leave those rows out",
                        details, len(neg))
        keep[neg] = False
        report.add_rejection("negative value", len(neg), details[:3])

    names = df[reg].astype(str).str.strip()
    apply = normalise == "china" or (normalise == "auto" and match_share(list(names)) >= 0.5)
    if apply:
        distinct = list(dict.fromkeys(names))
        codes, missed = normalise_regions(distinct, include_hk_mo_tw=include_hk_mo_tw)
        mapping = {n: c for n, c in zip(distinct, codes, strict=True) if c is not None}
        mapped = names.map(mapping)
        report.normaliser = "china"
        report.region_map = mapping
        report.unmatched = missed
        lost = np.flatnonzero(mapped.isna().to_numpy())
        if len(lost):
            if unmatched == "error":
                raise AdvantageError(
                    f"{table.source!r}: {len(missed)} region names are not Chinese provincial "
                    f"divisions the normaliser knows: {missed[:10]!r}; pass unmatched='reject' "
                    f"to leave their {len(lost)} rows out (they are reported)."
                )
            keep[lost] = False
            report.add_rejection("unmatched region name", len(lost),
                                 _locate(table, lost, val, keys, df, limit=3))
        df[reg] = mapped
    else:
        df[reg] = names
    df[val] = numbers
    written = names.to_numpy() if apply else None
    if not keep.all():
        positions = np.flatnonzero(keep)
        df = df.iloc[positions].reset_index(drop=True)
        written = written[positions] if written is not None else None
        table = Table(df, table.source, table.encoding,
                      table.rows[positions] if table.rows is not None else None,
                      table.cells[positions] if table.cells is not None else None)
    if len(df) == 0:
        raise AdvantageError(f"{table.source!r}: no rows left: {report.brief()}.")
    dup = np.flatnonzero(df.duplicated(keys, keep=False).to_numpy())
    if len(dup) and duplicates == "error":
        hint = " (after mapping names to codes)" if apply else ""
        raise _fail(table, f"{len(dup)} rows repeat a key ({', '.join(keys)}){hint}; pass "
                    f"duplicates='sum' (--duplicates sum) to add them up",
                    _locate(table, dup, val, keys, df, raw=written), len(dup))
    panel = Panel.from_long(df, region=reg, activity=act, value=val, time=tim,
                            duplicates=duplicates)
    report.rows_used = report.rows_read - report.rows_rejected
    return panel, report
