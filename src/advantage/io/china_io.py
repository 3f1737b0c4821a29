"""China's provincial input-output tables (31 provinces x 42 sectors, 2002-2017), harmonised.

The tables (compiled by the provincial statistical bureaus, via the CHNIO R package; data set
``china_provincial_io`` of the catalogue) are read whole, as long flows, from the data folder's
CSV or from CHNIO's ``.rda`` files. Values are 10,000 yuan (万元) at current producer prices.

What the tables record differs by year, and this module says so rather than fill gaps:

=================  ===================================  =============================
measure            what                                 years recorded
=================  ===================================  =============================
gross_output       gross output (column GO)             2002, 2007, 2012, 2017
value_added        value added (row TVA)                2002, 2007, 2012, 2017
exports            exports abroad (EX)                  2012, 2017
imports            imports from abroad (IM)             2012, 2017
outflow            outflow to other provinces (OF)      2012, 2017
inflow             inflow from other provinces (IF)     2012, 2017
total_outflow      outflow incl. exports                2007 (FU302), 2012, 2017 (EX + OF)
total_inflow       inflow incl. imports                 2007 (FU304), 2012, 2017 (IM + IF)
net_outflow        total outflow - total inflow         all (2002 records only this, NOF)
=================  ===================================  =============================

Asking for a measure in a year that does not record it is an error naming the years that do.
Tibet has no table in 2002 and 2007. Four value-added cells (Inner Mongolia and Jilin 2002,
Xinjiang 2007, Hainan 2017) and two gross-output cells of 2002 (Hunan and Qinghai, below
0.01 万元) are negative as published; :meth:`ChinaIO.negative_cells` lists them and
:meth:`ChinaIO.panel` refuses them unless told ``negative="zero"``. One published cell is
empty (Guangxi 2002, operating surplus VA004 of sector 42): it stays NaN in that table's
``value_added``. Sectors are harmonised to
the 38 sectors of :mod:`advantage.reference.china_io`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice
from advantage.io.prepare import to_panel
from advantage.measures.linkages import RegionalIOTable
from advantage.panel import Panel
from advantage.reference.china import normalise_regions, provinces
from advantage.reference.china_io import IO_YEARS, io_concordance, io_sectors

__all__ = ["MEASURES", "ChinaIO", "is_flows_file", "read_china_io", "region_alias"]

_ALL = IO_YEARS
_NEW = (2012, 2017)
#: measure -> {year: [(code, sign), ...]}: codes are columns (by product row) or rows (TVA).
MEASURES: dict[str, dict[int, list[tuple[str, int]]]] = {
    "gross_output": {y: [("GO", 1)] for y in _ALL},
    "value_added": {y: [("TVA", 1)] for y in _ALL},
    "exports": {y: [("EX", 1)] for y in _NEW},
    "imports": {y: [("IM", 1)] for y in _NEW},
    "outflow": {y: [("OF", 1)] for y in _NEW},
    "inflow": {y: [("IF", 1)] for y in _NEW},
    "total_outflow": {2007: [("FU302", 1)], **{y: [("EX", 1), ("OF", 1)] for y in _NEW}},
    "total_inflow": {2007: [("FU304", 1)], **{y: [("IM", 1), ("IF", 1)] for y in _NEW}},
    "net_outflow": {2002: [("NOF", 1)], 2007: [("FU302", 1), ("FU304", -1)],
                    **{y: [("EX", 1), ("OF", 1), ("IM", -1), ("IF", -1)] for y in _NEW}},
}
_ROW_CODES = {"TVA", "VA001", "VA002", "VA003", "VA004", "TI"}
_OUTSIDE = {"IF": "inflow", "IM": "imports", "FU304": "inflow_and_imports"}
_SECTORS = [f"{i:02d}" for i in range(1, 43)]
_COLUMNS = ["year", "gb2260", "row", "column", "value"]
_REGIONS = provinces().set_index("code")


def region_alias(label: Any) -> str | None:
    """The English province name (as :mod:`advantage.reference.china` spells it) of any alias.

    Use as ``aliases=`` of :meth:`advantage.panel.Panel.match` on a panel of these tables.

    Examples
    --------
    >>> region_alias("宁夏"), region_alias(640000), region_alias("nowhere")
    ('Ningxia', 'Ningxia', None)
    """
    code = normalise_regions([label], include_hk_mo_tw=False)[0][0]
    return None if code is None else str(_REGIONS.loc[code, "name_en"])


@dataclass(frozen=True, eq=False)
class ChinaIO:
    """The provincial tables as long flows ``year, gb2260, row, column, value`` (10k CNY).

    Made by :func:`read_china_io`. :meth:`long` and :meth:`panel` give one measure over
    every province and year, :meth:`table` one province-year table whole.
    """

    flows: pd.DataFrame
    source: str = ""
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    def _coverage(self) -> dict[int, list[str]]:
        if "coverage" not in self._cache:
            pairs = self.flows[["year", "gb2260"]].drop_duplicates()
            self._cache["coverage"] = {int(str(y)): sorted(g["gb2260"]) for y, g in
                                       pairs.groupby("year")}
        return dict(self._cache["coverage"])

    @property
    def years(self) -> list[int]:
        """The years present."""
        return sorted(self._coverage())

    def regions(self, year: int | None = None) -> list[str]:
        """GB/T 2260 codes of the provinces with a table (in ``year``, or in any year)."""
        coverage = self._coverage()
        if year is None:
            return sorted({code for codes in coverage.values() for code in codes})
        return list(coverage.get(int(year), []))

    def region_years(self, region: Any) -> list[int]:
        """The years with a table of ``region`` (any alias: 宁夏, Ningxia, 640000)."""
        code = normalise_regions([region], include_hk_mo_tw=False)[0][0]
        if code is None:
            raise AdvantageError(f"region {region!r} is not a Chinese province; give a name, "
                                 f"short name or GB/T 2260 code (e.g. 'Ningxia', '宁夏', "
                                 f"'640000').")
        return [y for y in self.years if code in self.regions(y)]

    # ------------------------------------------------------------------ measures
    def _check_years(self, measure: str, years: Sequence[Any] | None) -> list[int]:
        check_choice("measure", measure, list(MEASURES))
        recorded = sorted(y for y in MEASURES[measure] if y in self.years)
        if years is None:
            return recorded
        wanted = []
        for year in years:
            try:
                number = int(str(year).strip())
            except ValueError:
                number = -1
            if number not in self.years:
                raise AdvantageError(f"year {year!r} has no provincial tables; the tables cover "
                                     f"{', '.join(map(str, self.years))}.")
            if number not in recorded:
                raise AdvantageError(
                    f"measure {measure!r} is not recorded in {number}; it is recorded in "
                    f"{', '.join(map(str, recorded)) or 'no year of these tables'}"
                    f"{_hint(measure, number)}.")
            wanted.append(number)
        return sorted(set(wanted))

    def long(self, measure: str, years: Sequence[Any] | None = None) -> pd.DataFrame:
        """One measure, harmonised to the 38 sectors, as a tidy long table.

        Columns ``time, region, region_code, region_zh, activity, activity_zh, activity_en,
        value`` (see the module's table of measures for what each measure is).

        Raises
        ------
        AdvantageError
            For an unknown measure, or a year that does not record it (naming the years
            that do).
        """
        frames = []
        for year in self._check_years(measure, years):
            rows = self.flows[self.flows["year"] == year]
            parts = []
            for code, sign in MEASURES[measure][year]:
                if code in _ROW_CODES:
                    cells = rows[(rows["row"] == code) & rows["column"].isin(_SECTORS)]
                    sector = cells["column"]
                else:
                    cells = rows[(rows["column"] == code) & rows["row"].isin(_SECTORS)]
                    sector = cells["row"]
                parts.append(pd.DataFrame({"region_code": cells["gb2260"].to_numpy(),
                                           "sector": sector.to_numpy(),
                                           "value": sign * cells["value"].to_numpy()}))
            part = pd.concat(parts, ignore_index=True)
            part["activity"] = part["sector"].map(io_concordance(year))
            summed = part.groupby(["region_code", "activity"], as_index=False)["value"].sum()
            summed.insert(0, "time", year)
            frames.append(summed)
        out = pd.concat(frames, ignore_index=True)
        names = io_sectors().set_index("code")
        out["region"] = out["region_code"].map(_REGIONS["name_en"])
        out["region_zh"] = out["region_code"].map(_REGIONS["short_zh"])
        out["activity_zh"] = out["activity"].map(names["name_zh"])
        out["activity_en"] = out["activity"].map(names["name_en"])
        columns = ["time", "region", "region_code", "region_zh", "activity", "activity_zh",
                   "activity_en", "value"]
        ordered = pd.DataFrame(out.loc[:, columns])
        return ordered.sort_values(["time", "region_code", "activity"]).reset_index(drop=True)

    def negative_cells(self, measure: str) -> pd.DataFrame:
        """The published cells behind ``measure`` that are below zero, before harmonisation.

        Columns ``time, region, region_code, sector_code, code, value`` (``code`` the table
        row or column, e.g. ``TVA``).
        """
        years = self._check_years(measure, None)
        codes = {code for y in years for code, sign in MEASURES[measure][y] if sign > 0}
        rows = self.flows[self.flows["year"].isin(years) & (self.flows["value"] < 0)]
        by_row = rows["row"].isin(codes) & rows["column"].isin(_SECTORS)
        by_column = rows["column"].isin(codes) & rows["row"].isin(_SECTORS)
        found = rows[by_row | by_column]
        return pd.DataFrame({
            "time": found["year"].to_numpy(),
            "region": found["gb2260"].map(_REGIONS["name_en"]).to_numpy(),
            "region_code": found["gb2260"].to_numpy(),
            "sector_code": np.where(by_row[by_row | by_column], found["column"], found["row"]),
            "code": np.where(by_row[by_row | by_column], found["row"], found["column"]),
            "value": found["value"].to_numpy(),
        })

    def panel(self, measure: str, years: Sequence[Any] | None = None, *,
              negative: Literal["error", "zero"] = "error") -> Panel:
        """A :class:`~advantage.panel.Panel` of one measure: regions are English province names.

        The panel carries display names (:attr:`advantage.Panel.display`): provinces in
        Chinese, sectors in Chinese and English.

        Parameters
        ----------
        measure : str
            One of :data:`MEASURES` whose values are not negative by construction
            (``net_outflow`` is not).
        years : sequence, optional
            Years to keep (default every year that records the measure).
        negative : {"error", "zero"}
            Harmonised cells below zero (a few published cells are): fail, naming them
            (default), or count them as zero.
        """
        check_choice("negative", negative, ["error", "zero"])
        long = self.long(measure, years)
        below = long["value"] < 0
        if below.any() and negative == "error":
            shown = "; ".join(f"{r.region} {r.time} sector {r.activity}: {r.value:g}"
                              for r in long[below].head(5).itertuples())
            raise AdvantageError(f"{int(below.sum())} harmonised cells of {measure!r} are "
                                 f"negative as published ({shown}); pass negative='zero' to "
                                 f"count them as zero.")
        long.loc[below, "value"] = 0.0
        panel, _ = to_panel(long, region="region", activity="activity", value="value",
                            time="time")  # region_zh, activity_zh, activity_en name labels
        return panel

    # ------------------------------------------------------------------ whole tables
    def table(self, region: Any, year: Any, *, harmonised: bool = True) -> RegionalIOTable:
        """One province-year table (any region alias: 宁夏, Ningxia, 640000).

        With ``harmonised=True`` (default) rows and columns are summed into the 38 harmonised
        sectors; otherwise the year's own 42 sectors are kept.
        """
        years = self.region_years(region)
        code = str(normalise_regions([region], include_hk_mo_tw=False)[0][0])
        if str(year).strip() not in {str(y) for y in years}:
            raise AdvantageError(f"{_region_name(code)} has no table for {year!r}; "
                                 f"its tables cover {', '.join(map(str, years))}.")
        number = int(str(year).strip())
        wide = self._wide(number, code)
        sectors = pd.Index(_SECTORS, name="sector")
        flows = wide.loc[_SECTORS, _SECTORS]
        columns = [c for c in wide.columns if c not in _SECTORS and c != "GO"]
        final = wide.loc[_SECTORS, [c for c in columns if c not in _OUTSIDE]]
        outside_codes = [c for c in columns if c in _OUTSIDE]
        outside = (wide.loc[_SECTORS, outside_codes].rename(columns=_OUTSIDE)
                   if outside_codes else None)
        value_added = wide.loc[["VA001", "VA002", "VA003", "VA004"], _SECTORS]
        output = wide.loc[_SECTORS, "GO"].rename("output")
        names = pd.Series(_SECTORS, index=sectors)
        if harmonised:
            mapping = io_concordance(number)
            flows = _merge(_merge(flows, mapping, 0), mapping, 1)
            final = _merge(final, mapping, 0)
            outside = None if outside is None else _merge(outside, mapping, 0)
            value_added = _merge(value_added, mapping, 1)
            output = _merge(output.to_frame(), mapping, 0)["output"]
            names = io_sectors().set_index("code")["name_en"]
        index = pd.Index(output.index, name="sector")
        return RegionalIOTable(
            region=_region_name(code), time=number,
            flows=flows.set_axis(index).set_axis(index, axis=1),
            final_use=final.set_axis(index), value_added=value_added.set_axis(index, axis=1),
            output=output.set_axis(index),
            outside=None if outside is None else outside.set_axis(index),
            names=names.reindex(index) if harmonised else None)

    def _wide(self, year: int, code: str) -> pd.DataFrame:
        if "groups" not in self._cache:
            self._cache["groups"] = {(int(str(y)), str(c)): rows for (y, c), rows in
                                     self.flows.groupby(["year", "gb2260"])}
        rows = self._cache["groups"][(year, code)]
        return rows.pivot(index="row", columns="column", values="value")


def _merge(frame: pd.DataFrame, mapping: dict[str, str], axis: int) -> pd.DataFrame:
    """Sum the rows (axis 0) or columns (axis 1) of ``frame`` into harmonised sectors."""
    labels = frame.index if axis == 0 else frame.columns
    groups = pd.Index(sorted(set(mapping.values())))
    onehot = np.zeros((len(labels), len(groups)))
    onehot[np.arange(len(labels)), groups.get_indexer(pd.Index([mapping[x] for x in labels]))] = 1.0
    values = frame.to_numpy(dtype=float)
    empty = np.isnan(values).astype(float)
    values = np.nan_to_num(values, nan=0.0)
    if axis == 0:  # a group with an empty (NaN) member stays empty
        summed = np.where(onehot.T @ empty > 0, np.nan, onehot.T @ values)
        return pd.DataFrame(summed, index=groups, columns=frame.columns)
    summed = np.where(empty @ onehot > 0, np.nan, values @ onehot)
    return pd.DataFrame(summed, index=frame.index, columns=groups)


def _region_name(code: str) -> str:
    return str(_REGIONS.loc[code, "name_en"])


def _hint(measure: str, year: int) -> str:
    if measure in ("outflow", "exports") and year == 2007:
        return "; 2007 records only outflow including exports (measure 'total_outflow')"
    if measure in ("inflow", "imports") and year == 2007:
        return "; 2007 records only inflow including imports (measure 'total_inflow')"
    if year == 2002 and measure != "net_outflow":
        return "; 2002 records only the net outflow (measure 'net_outflow')"
    return ""


def _checked(flows: pd.DataFrame, where: str) -> pd.DataFrame:
    absent = [c for c in _COLUMNS if c not in flows.columns]
    if absent:
        raise AdvantageError(f"{where} is not a table of provincial input-output flows: it "
                             f"lacks columns {absent!r} (expected {', '.join(_COLUMNS)}).")
    flows = flows[_COLUMNS].copy()
    years = pd.to_numeric(flows["year"], errors="coerce")
    values = pd.to_numeric(flows["value"], errors="coerce")
    given = flows["value"].astype("string").str.strip().fillna("").ne("")
    for column, bad in (("year", years.isna() | (years % 1 != 0)),
                        ("value", values.isna() & given)):
        if bad.any():
            first = int(np.flatnonzero(bad.to_numpy())[0])
            raise AdvantageError(f"{where}: column {column!r} holds "
                                 f"{flows[column].iloc[first]!r} in data row {first + 1}; "
                                 f"the {column}s of provincial flows are numbers.")
    flows["year"] = years.astype(int)
    flows["value"] = values.astype(float)
    for column in ("gb2260", "row", "column"):
        flows[column] = flows[column].astype(str)
    odd = sorted(set(flows["year"]) - set(IO_YEARS))
    if odd:
        raise AdvantageError(f"{where} has years {odd!r}; the harmonised sectors cover "
                             f"{', '.join(map(str, IO_YEARS))}.")
    go = flows[flows["column"].eq("GO") & flows["row"].isin(_SECTORS)]
    ti = flows[flows["row"].eq("TI") & flows["column"].isin(_SECTORS)]
    totals = pd.DataFrame({"go": go.groupby(["year", "gb2260"])["value"].sum(),
                           "ti": ti.groupby(["year", "gb2260"])["value"].sum()})
    gap = ((totals["go"] - totals["ti"]).abs() / totals["go"].abs()).fillna(np.inf)
    if (gap > 1e-6).any():
        raise AdvantageError(f"{where}: gross output and total input differ by more than 1e-6 "
                             f"for {list(gap[gap > 1e-6].index[:5])!r}.")
    return flows.reset_index(drop=True)


def read_china_io(source: str | Path | None = None) -> ChinaIO:
    """Read the provincial tables: from the catalogue (default), a flows file, or ``.rda`` files.

    Parameters
    ----------
    source : path, optional
        None: the catalogue's ``china_provincial_io`` (data folder, then cache, mirror and
        CHNIO's ``.rda`` files; see :func:`advantage.io.catalogue.fetch`). A file: a CSV in the
        data folder's flows layout (``year, province, gb2260, row, column, value``). A folder:
        CHNIO's ``io2002.rda`` ... ``io2017.rda`` inside it.

    Returns
    -------
    ChinaIO
    """
    if source is None:
        from advantage.io.catalogue import fetch_files

        files = fetch_files("china_provincial_io", progress=False)
        rda = all(f.suffix == ".rda" for f in files)
        source = files[0].parent if rda else files[0]
    path = Path(source)
    if path.is_dir():
        from advantage.io.chnio_rda import RDA_FILES, read_chnio_rda

        found = [path / f for f in RDA_FILES.values() if (path / f).is_file()]
        if not found:
            raise AdvantageError(f"folder {str(path)!r} holds none of CHNIO's files "
                                 f"{', '.join(RDA_FILES.values())}.")
        return ChinaIO(_checked(read_chnio_rda(found), str(path)), str(path))
    if not path.is_file():
        raise AdvantageError(f"provincial input-output flows {str(path)!r} do not exist.")
    from advantage.io.tables import read_table

    return ChinaIO(_checked(read_table(path).frame, str(path)), str(path))


def is_flows_file(path: Path) -> bool:
    """True when ``path`` is a CSV (optionally gzipped) in the provincial flows layout.

    Only the header line is read: it must name ``year, gb2260, row, column, value``.
    """
    from advantage.io.encoding import open_binary

    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        with open_binary(path) as handle:
            first = handle.readline(4096).decode("utf-8-sig", errors="replace")
    except (OSError, EOFError):
        return False
    columns = {c.strip().strip('"') for c in first.split(",")}
    return {"year", "gb2260", "row", "column", "value"} <= columns
