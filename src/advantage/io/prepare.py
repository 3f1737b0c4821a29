"""From rows read to a validated panel, with a report of everything rejected and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice, plain
from advantage.io.tables import DEFAULT_NA, Table
from advantage.panel import Panel, to_pandas

__all__ = ["NAME_LANGUAGES", "IngestReport", "region_mapping", "to_panel"]

#: Language suffixes of display-name columns (``activity_zh``).
NAME_LANGUAGES = ("en", "zh")

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
        ``"china"`` when region names were renamed to the provinces' English names, else
        ``"none"``.
    region_map : dict
        Raw region name -> canonical name, for the names the renaming matched.
    encoding : str or None
        Text encoding of the input.
    missing_as_zero : int
        Missing values counted as zero (``missing="zero"``).
    notes : list of str
        Anything else worth knowing.
    units : dict
        Units by column, as a wide table's units rows gave them.
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
    units: dict[str, str] = field(default_factory=dict)

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


def _examples(table: Table, positions: np.ndarray, columns: list[str], frame: pd.DataFrame,
              limit: int = 3, raw: np.ndarray | None = None) -> list[str]:
    """'line N (key=..., ...)' for the first few positions, for a rejection report."""
    out = []
    for i in positions[:limit]:
        context = ", ".join(f"{k}={plain(frame[k].iloc[i])!r}" for k in columns)
        if raw is not None:
            context += f", written {raw[i]!r}"
        out.append(f"{table.where(int(i))} ({context})")
    return out


def _as_years(series: pd.Series, table: Table, column: str) -> pd.Series:
    """Integer years when every label is an integer written as text or number.

    Periods of one other form (``2020Q1``) stay labels; a column that mixes whole years with
    anything else (``2020.5``, ``abc``) is an error naming the first such line, since as text
    it would sort after the years and silently become the latest period.
    """
    if pd.api.types.is_integer_dtype(series):
        return series
    # The text rules run once per distinct period, not once per row.
    codes, uniques = pd.factorize(series)
    if (codes < 0).any():
        return series  # empty periods are named by the validator
    text = pd.Series(uniques).astype(str).str.strip()
    whole = text.str.fullmatch(r"[-+]?\d+(\.0+)?").to_numpy(dtype=bool)
    if whole.all():
        years = text.astype(float).astype(np.int64).to_numpy()
        return pd.Series(years[codes], index=series.index, name=series.name)
    present = text.ne("").to_numpy()[codes]
    if whole.any() and present.all():
        first = int(np.flatnonzero(~whole[codes])[0])
        raise AdvantageError(f"{table.source!r}: column {column!r} mixes whole years with "
                             f"other periods: {table.where(first)} holds "
                             f"{plain(series.iloc[first])!r}. Give every period as a whole "
                             "year (2020), or every period in one other form (2020Q1).")
    return series  # empty periods are named by the validator


def region_mapping(names: Sequence[Any], normalise: Normalise = "none", *,
                   include_hk_mo_tw: bool = True) -> tuple[dict[Any, Any], list[str], bool]:
    """How region labels are renamed: the mapping, the names not matched, and whether applied.

    ``"china"`` maps every Chinese province alias or GB/T 2260 code to the province's English
    name as :mod:`advantage.reference.china` spells it (宁夏, 宁夏回族自治区, 640000 ->
    ``"Ningxia"``). ``"auto"`` does so only when at least half of the distinct labels are
    province *names* (bare numbers never count, so US FIPS codes are not provinces);
    ``"none"`` keeps labels as they are.

    Examples
    --------
    >>> region_mapping(["宁夏回族自治区", "Gansu", "全国"], "auto")
    ({'宁夏回族自治区': 'Ningxia', 'Gansu': 'Gansu'}, ['全国'], True)
    >>> region_mapping(["36", "06"], "auto")
    ({}, [], False)
    """
    from advantage.reference.china import normalise_regions, provinces
    from advantage.reference.presets import resolve_preset

    check_choice("normalise", normalise, ["auto", "china", "none"])
    if normalise == "none":
        return {}, [], False
    distinct = list(dict.fromkeys(names))
    if normalise == "auto" and resolve_preset(distinct, "auto") is None:
        return {}, [], False
    codes, missed = normalise_regions([str(n) for n in distinct],
                                      include_hk_mo_tw=include_hk_mo_tw)
    english = dict(zip(provinces(include_hk_mo_tw=True)["code"],
                       provinces(include_hk_mo_tw=True)["name_en"], strict=True))
    mapping = {n: english[c] for n, c in zip(distinct, codes, strict=True) if c is not None}
    return mapping, missed, True


def to_panel(
    table: Table | Any,
    *,
    region: str | None = None,
    activity: str | None = None,
    value: str | None = None,
    time: str | None = None,
    normalise: Normalise = "none",
    unmatched: Literal["reject", "error"] = "error",
    missing: Literal["error", "zero"] = "error",
    negative: Literal["error", "reject"] = "error",
    duplicates: Literal["error", "sum"] = "error",
    na: Sequence[str] = DEFAULT_NA,
    include_hk_mo_tw: bool = True,
) -> tuple[Panel, IngestReport]:
    """Build a panel from rows read from a file: the file-specific steps, then the validator.

    Only what depends on the file happens here; everything else is
    :meth:`advantage.Panel.from_long`, the one validator, told each row's file line:

    - column roles default to those the reader knows (wide tables);
    - cells of the *value* column equal to a missing-value marker (``na``, after stripping)
      become missing (labels are never markers: ``NA`` may be Namibia);
    - text years (``"2020"``) become integer years;
    - negative values are an error, or (``negative="reject"``) rows left out and reported;
    - region labels are renamed only when asked (:func:`region_mapping`); names the renaming
      does not know are an error, or (``unmatched="reject"``) rows left out and reported;
    - columns named after a region or activity column with a language suffix (``activity_zh``,
      ``activity_en`` beside ``activity``) give the labels' display names in that language
      (:meth:`advantage.Panel.with_display`); a label with two names is an error.

    Parameters
    ----------
    table : Table or data frame
        From :func:`advantage.io.read_table` (or another reader), or any pandas, polars or
        pyarrow frame.
    region, activity, value, time : str, optional
        Column roles; default to the roles the reader knows (wide tables).
    normalise : {"none", "auto", "china"}
        Rename Chinese province names (see :func:`region_mapping`).
    unmatched : {"error", "reject"}
        Region names the renaming does not know: fail (default) or leave their rows out.
    missing, duplicates : str
        As in :meth:`advantage.Panel.from_long`.
    negative : {"error", "reject"}
        Negative values: fail (default) or leave the rows out and report them.
    na : sequence of str
        Value cells meaning "missing".
    include_hk_mo_tw : bool
        Let the China renaming match Hong Kong, Macao and Taiwan.

    Returns
    -------
    (Panel, IngestReport)

    Examples
    --------
    >>> df = pd.DataFrame({"prov": ["宁夏回族自治区", "Gansu", "全国"], "ind": ["C", "C", "C"],
    ...                    "v": ["1.5", "2", "3.5"]})
    >>> panel, report = to_panel(df, region="prov", activity="ind", value="v",
    ...                          normalise="auto", unmatched="reject")
    >>> list(panel.regions), report.unmatched, report.rows_rejected
    (['Gansu', 'Ningxia'], ['全国'], 1)
    """
    check_choice("normalise", normalise, ["auto", "china", "none"])
    check_choice("unmatched", unmatched, ["reject", "error"])
    check_choice("negative", negative, ["error", "reject"])
    if not isinstance(table, Table):
        table = Table(to_pandas(table), "<data frame>")
    roles = {"region": region or table.roles.get("region"),
             "activity": activity or table.roles.get("activity"),
             "value": value or table.roles.get("value"),
             "time": time or table.roles.get("time")}
    for role in ("region", "activity", "value"):
        if roles[role] is None:
            raise AdvantageError(f"{role}= is required: name the column holding the {role}.")
    reg, act, val = str(roles["region"]), str(roles["activity"]), str(roles["value"])
    tim = roles["time"]
    report = IngestReport(table.source, rows_read=table.stats.get("rows", len(table.frame)),
                          encoding=table.encoding, notes=list(table.notes),
                          units=dict(table.units))
    for reason, count, examples in table.rejected:
        report.add_rejection(reason, count, examples)
    frame = table.frame
    columns = [c for c in (tim, reg, act, val) if c is not None]
    absent = [c for c in columns if c not in frame.columns]
    if absent or len(frame) == 0 or len(set(columns)) < len(columns):
        return _validated(table, frame, reg, act, val, tim, missing, duplicates), report
    named = {(axis, lang): f"{column}_{lang}" for axis, column in (("region", reg),
                                                                   ("activity", act))
             for lang in NAME_LANGUAGES if f"{column}_{lang}" in frame.columns}
    df = frame[list(dict.fromkeys([*columns, *named.values()]))].reset_index(drop=True)
    keys = [c for c in (tim, reg, act) if c is not None]
    if tim is not None:
        df[tim] = _as_years(df[tim], table, tim)
    if df[val].dtype == object or pd.api.types.is_string_dtype(df[val]):
        text = df[val].astype("string").str.strip()
        df[val] = text.where(~text.isin(list(na)), None)
    keep = np.ones(len(df), dtype=bool)
    if negative == "reject":
        _reject_negative(table, df, keys, val, keep, report)
    written = _rename_regions(table, df, reg, keys, keep, report, normalise, unmatched,
                              include_hk_mo_tw)
    lines = table.rows
    if not keep.all():
        positions = np.flatnonzero(keep)
        df = df.iloc[positions].reset_index(drop=True)
        lines = lines[positions] if lines is not None else None
        written = written[positions] if written is not None else None
        if len(df) == 0:
            raise AdvantageError(f"{table.source!r}: no rows left: {report.brief()}.")
    if written is not None and duplicates == "error":
        _refuse_merged_keys(Table(df, table.source, rows=lines), keys, written)
    panel = Panel.from_long(df, region=reg, activity=act, value=val, time=tim,
                            missing=missing, duplicates=duplicates, lines=lines,
                            source=table.source)
    for (axis, lang), column in named.items():
        panel = panel.with_display("region" if axis == "region" else "activity", lang,
                                   _names(df, reg if axis == "region" else act, column,
                                          table.source))
    report.missing_as_zero = int(df[val].isna().sum()) if missing == "zero" else 0
    report.rows_used = report.rows_read - report.rows_rejected
    return panel, report


def _reject_negative(table: Table, df: pd.DataFrame, keys: list[str], value: str,
                     keep: np.ndarray, report: IngestReport) -> None:
    """Mark rows with negative values as left out, and report them."""
    numbers = pd.to_numeric(df[value], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    neg = np.flatnonzero(numbers < 0)
    if len(neg):
        keep[neg] = False
        report.add_rejection("negative value", len(neg),
                             _examples(table, neg, [*keys, value], df))


def _rename_regions(table: Table, df: pd.DataFrame, region: str, keys: list[str],
                    keep: np.ndarray, report: IngestReport, normalise: Normalise,
                    unmatched: str, include_hk_mo_tw: bool) -> np.ndarray | None:
    """Rename regions in place when asked; returns the names as written (None: untouched)."""
    mapping, missed, applied = region_mapping(df[region].unique().tolist(), normalise,
                                              include_hk_mo_tw=include_hk_mo_tw)
    if not applied:
        return None
    written = df[region].to_numpy()
    mapped = df[region].map(mapping)
    report.normaliser, report.region_map = "china", {str(k): v for k, v in mapping.items()}
    report.unmatched = missed
    lost = np.flatnonzero(mapped.isna().to_numpy() & keep)
    if len(lost):
        if unmatched == "error":
            raise AdvantageError(
                f"{table.source!r}: {len(missed)} region names are not Chinese provinces "
                f"the renaming knows: {missed[:10]!r}; pass unmatched='reject' "
                f"(--unmatched reject) to leave their {len(lost)} rows out (they are "
                "reported), or normalise='none' (--normalise none) to keep names as they "
                "are.")
        keep[lost] = False
        report.add_rejection("unmatched region name", len(lost),
                             _examples(table, lost, keys, df))
    df[region] = mapped.where(mapped.notna(), df[region])
    return written


def _refuse_merged_keys(table: Table, keys: list[str], written: np.ndarray) -> None:
    """Renaming can make two rows one key (宁夏 and Ningxia): say so with both spellings."""
    df = table.frame
    dup = df.duplicated(keys, keep=False).to_numpy()
    if dup.any():
        shown = _examples(table, np.flatnonzero(dup), keys, df, limit=5, raw=written)
        raise AdvantageError(
            f"{table.source!r}: {int(dup.sum())} rows repeat a key ({', '.join(keys)}) "
            f"after renaming regions; to add them up pass duplicates='sum' (--duplicates "
            f"sum). First: {'; '.join(shown)}.")


def _names(df: pd.DataFrame, label: str, name: str, source: str) -> dict[Any, str]:
    """Label -> name from two columns; one name per label."""
    pairs = df[[label, name]].dropna().drop_duplicates()
    clash = pairs[label].duplicated(keep=False)
    if clash.any():
        first = pairs[clash].head(4).to_dict("records")
        raise AdvantageError(f"{source!r}: column {name!r} gives one {label} several names, "
                             f"e.g. {first}; a name column needs one name per label.")
    return dict(zip(pairs[label], pairs[name].astype(str), strict=True))


def _validated(table: Table, frame: pd.DataFrame, reg: str, act: str, val: str,
               tim: str | None, missing: Any, duplicates: Any) -> Panel:
    """Let the validator name a missing column, an empty table or a shared column."""
    return Panel.from_long(frame, region=reg, activity=act, value=val, time=tim,
                           missing=missing, duplicates=duplicates, lines=table.rows,
                           source=table.source)
