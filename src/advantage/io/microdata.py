"""Firm and plant microdata summed to a region x activity x year panel, on DuckDB or Spark.

One record per firm (or plant, or establishment) with a region, an activity code (GB/T 4754,
NAICS, ...), a year and a size measure (employees, revenue, registered capital) is aggregated
to a :class:`~advantage.panel.Panel`:

- activity codes are cut to the first ``level`` digits (``level=2``: four-digit GB/T 4754 classes
  to two-digit divisions);
- region names are mapped to canonical codes by the China normaliser when they are Chinese
  (``normalise="auto"``);
- rows that cannot be used are left out and *reported* by reason (missing or non-integer year,
  missing region, unmatched region name, missing or malformed activity code, missing,
  non-numeric, non-finite or negative value), never dropped silently.

The same SQL runs on DuckDB (``engine="duckdb"``, embedded, the default) and on Apache Spark
(``engine="spark"``, PySpark; local mode unless given a session), so both give the same panel.
"""

from __future__ import annotations

import codecs
import csv
import re
import tempfile
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice
from advantage.io.encoding import open_binary, resolve_encoding
from advantage.io.prepare import IngestReport
from advantage.panel import Panel

__all__ = ["aggregate_microdata", "spark_session"]

Engine = Literal["duckdb", "spark"]


@dataclass(frozen=True)
class _Dialect:
    quote: str
    digits: str  # format with {x}
    finite: str

    def q(self, name: str) -> str:
        return f"{self.quote}{name.replace(self.quote, self.quote * 2)}{self.quote}"


_DUCKDB = _Dialect('"', "regexp_full_match({x}, '[0-9]+')", "isfinite({x})")
_SPARK = _Dialect("`", "({x} RLIKE '^[0-9]+$')",
                  "NOT (isnan({x}) OR {x} = double('inf') OR {x} = double('-inf'))")


def _sql(d: _Dialect, types: dict[str, str], *, region: str, activity: str, time: str,
         value: str | None, level: int | None, code_width: int | None) -> str:
    """One query over view ``records``: sums of usable rows, counts of rejected ones."""
    code = f"trim(CAST({d.q(activity)} AS VARCHAR))"
    if code_width:
        code = f"lpad({code}, {int(code_width)}, '0')"
    checks = []
    if value is None:
        v, v_raw = "CAST(1.0 AS DOUBLE)", "'1'"
    elif _is_number(types[value]):
        v = v_raw = f"CAST({d.q(value)} AS DOUBLE)"
        checks.append("WHEN v_raw IS NULL THEN 'missing value'")
    else:
        v_raw = f"trim(CAST({d.q(value)} AS VARCHAR))"
        v = f"TRY_CAST({v_raw} AS DOUBLE)"
        checks.append("WHEN v_raw IS NULL OR v_raw = '' THEN 'missing value'")
    checks += ["WHEN v IS NULL THEN 'value not numeric'",
               f"WHEN NOT {d.finite.format(x='v')} THEN 'value not finite'",
               "WHEN v < 0 THEN 'negative value'"]
    if level:
        checks = [f"WHEN NOT {d.digits.format(x='a_full')} THEN 'activity code not all digits'",
                  f"WHEN length(a_full) < {int(level)} THEN "
                  f"'activity code shorter than {int(level)} digits'", *checks]
    if _is_integer(types[time]):
        t = t_raw = f"CAST({d.q(time)} AS BIGINT)"
        time_checks = "WHEN t_raw IS NULL THEN 'missing year'"
    elif _is_number(types[time]):  # 2020.0 is a year; 2020.5 is rejected, never rounded
        t_raw = f"CAST({d.q(time)} AS DOUBLE)"
        t = f"CASE WHEN {t_raw} = floor({t_raw}) THEN CAST({t_raw} AS BIGINT) END"
        time_checks = ("WHEN t_raw IS NULL THEN 'missing year' "
                       "WHEN t IS NULL THEN 'year not an integer'")
    else:  # text: digits only, so '2020.5' is rejected, never rounded
        t_raw = f"trim(CAST({d.q(time)} AS VARCHAR))"
        t = (f"CASE WHEN {d.digits.format(x=t_raw)} THEN TRY_CAST({t_raw} AS BIGINT) END")
        time_checks = ("WHEN t_raw IS NULL OR t_raw = '' THEN 'missing year' "
                       "WHEN t IS NULL THEN 'year not an integer'")
    cut = f"substr(a_full, 1, {int(level)})" if level else "a_full"
    tagged = f"""
    WITH src AS (
      SELECT {t} AS t, {t_raw} AS t_raw,
             trim(CAST({d.q(region)} AS VARCHAR)) AS r_raw,
             {code} AS a_full, {v} AS v, {v_raw} AS v_raw
      FROM records),
    tagged AS (
      SELECT src.*, m.code AS r,
        CASE {time_checks}
             WHEN r_raw IS NULL OR r_raw = '' THEN 'missing region'
             WHEN m.code IS NULL THEN 'unmatched region name'
             WHEN a_full IS NULL OR a_full = '' THEN 'missing activity code'
             {' '.join(checks)}
             ELSE NULL END AS reason
      FROM src LEFT JOIN region_map m ON src.r_raw = m.raw)"""
    # one pass: usable rows grouped by (t, r, a); rejected rows grouped by reason alone
    def keep(x: str) -> str:
        return f"CASE WHEN reason IS NULL THEN {x} END"

    def example(x: str) -> str:
        return f"min(CASE WHEN reason IS NOT NULL THEN CAST({x} AS VARCHAR) END)"

    return (f"{tagged} SELECT reason, {keep('t')} AS t, {keep('r')} AS r, {keep(cut)} AS a, "
            f"sum({keep('v')}) AS v, count(*) AS n, {example('t_raw')} AS ex_time, "
            f"{example('r_raw')} AS ex_region, {example('a_full')} AS ex_code, "
            f"{example('v_raw')} AS ex_value FROM tagged GROUP BY 1, 2, 3, 4")


def _kind(path: Path) -> str:
    names = [s.lower() for s in path.suffixes]
    if ".parquet" in names or ".pq" in names or (path.is_dir()
                                                   and any(path.glob("*.parquet"))):
        return "parquet"
    if path.is_dir():
        raise AdvantageError(f"{str(path)!r} is a folder with no .parquet files; microdata "
                             "are read from a CSV file, a Parquet file or a folder of them.")
    if names and names[-1] in (".xlsx", ".xlsm", ".xls", ".json", ".zip"):
        raise AdvantageError(f"microdata are read from CSV or Parquet, and {str(path)!r} is a "
                             f"{names[-1]} file: save it as CSV, or ingest it without "
                             "--microdata.")
    return "csv"


def _csv_header(path: Path, delimiter: str) -> list[str]:
    """The header row of a UTF-8 CSV (refusing an empty file, blank or repeated names)."""
    with open_binary(path) as handle:
        first = handle.readline(1 << 20).decode("utf-8-sig", errors="replace")
    if not first.strip():
        raise AdvantageError(f"{str(path)!r} is empty or starts with a blank line; the first "
                             "line must be the header (column names).")
    names = next(csv.reader([first.rstrip("\r\n")], delimiter=delimiter))
    blank = [i + 1 for i, n in enumerate(names) if not n.strip()]
    if blank:
        raise AdvantageError(f"{str(path)!r}: header cell {blank[0]} is empty; every column "
                             "needs a name.")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise AdvantageError(f"{str(path)!r}: the header repeats the column name(s) "
                             f"{', '.join(repr(n) for n in repeated)}; give each its own.")
    return names


def _engine_error(exc: Exception, source: str) -> AdvantageError:
    """One line for a DuckDB or Spark error about the file (ragged row, corrupt Parquet ...)."""
    text = str(exc)
    ragged = re.search(r"CSV Error on Line: (\d+).*?Expected Number of Columns: (\d+) Found: "
                       r"(\d+)", text, re.S)
    if ragged:
        line, want, found = ragged.groups()
        return AdvantageError(f"{source!r} line {line} has {found} fields where the header has "
                              f"{want}; ragged rows are refused, never padded or cut.")
    malformed = re.search(r"Malformed CSV record: (.*?)(?: SQLSTATE|\n)", text)
    if malformed:
        return AdvantageError(f"{source!r} has a ragged row ({malformed.group(1)[:200]!r}): "
                              "its number of fields differs from the header's; ragged rows "
                              "are refused, never padded or cut.")
    java = re.search(r"\b(?:org\.apache|java)\.[\w.$]+(?:Exception|Error): ([^\n]+)", text)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    first = java.group(1) if java else lines[0] if lines else type(exc).__name__
    first = re.sub(r"^(Invalid Input Error|IO Error|Binder Error|Conversion Error): ", "", first)
    return AdvantageError(f"cannot read {source!r}: {first[:300]}")


def _utf8_copy(path: Path, encoding: str, folder: str) -> Path:
    """Stream a non-UTF-8 CSV into a UTF-8 copy (both engines read UTF-8 natively)."""
    target = Path(folder) / "records.csv"
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    done = 0
    with open_binary(path) as source, target.open("w", encoding="utf-8") as out:
        try:
            while chunk := source.read(1 << 22):
                out.write(decoder.decode(chunk))
                done += len(chunk)
            out.write(decoder.decode(b"", final=True))
        except UnicodeDecodeError as exc:
            byte = exc.object[exc.start:exc.start + 1].hex()
            raise AdvantageError(f"cannot decode {str(path)!r} as {encoding}: byte 0x{byte} "
                                 f"near byte {done + exc.start + 1:,} of the file does not "
                                 "decode; pass --encoding with the file's encoding.") from None
    return target


def _progress(enabled: bool, description: str, poll: Callable[[], float | None],
              work: Callable[[], Any]) -> Any:
    """Run ``work`` in a thread; show ``poll()`` (percent) as a Rich bar on stderr."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = work()
        except BaseException as exc:  # re-raised in the caller's thread
            result["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    if not enabled:
        target()
    else:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                      console=console, transient=True, disable=not console.is_terminal) as bar:
            task = bar.add_task(description, total=100)
            thread.start()
            while thread.is_alive():
                thread.join(0.2)
                percent = poll()
                if percent is not None and percent >= 0:
                    bar.update(task, completed=percent)
    if "error" in result:
        raise result["error"]
    return result.get("value")


def spark_session(*, app_name: str = "advantage", shuffle_partitions: int = 2,
                  memory: str = "2g", config: dict[str, str] | None = None) -> Any:
    """A local-mode Spark session tuned for one machine (UI off, few shuffle partitions).

    ``config`` adds or overrides Spark settings (for example
    ``{"spark.sql.codegen.wholeStage": "false"}`` to skip code generation on tiny inputs).
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise AdvantageError("engine='spark' needs PySpark: pip install 'advantage[spark]' "
                             "(and a Java 17+ runtime).") from None
    settings = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
                "spark.sql.shuffle.partitions": str(shuffle_partitions),
                "spark.driver.memory": memory, **(config or {})}
    builder = SparkSession.builder.master("local[*]").appName(app_name)
    for key, value in settings.items():
        builder = builder.config(key, value)
    with warnings.catch_warnings():
        # PySpark 4.0 warns once that it has not been validated on pandas 3; nothing here
        # converts through pandas (results are collected as rows).
        warnings.filterwarnings("ignore", "PySpark does not yet fully support pandas",
                                FutureWarning)
        session = builder.getOrCreate()
    session.sparkContext.setLogLevel("OFF")  # failures reach the user as one clear line
    return session


def aggregate_microdata(
    source: str | Path,
    *,
    region: str,
    activity: str,
    time: str,
    value: str | None = None,
    level: int | None = None,
    code_width: int | None = None,
    normalise: Literal["auto", "china", "none"] = "none",
    include_hk_mo_tw: bool = True,
    engine: Engine = "duckdb",
    encoding: str = "auto",
    delimiter: str = ",",
    progress: bool = False,
    spark: Any = None,
) -> tuple[Panel, IngestReport]:
    r"""Sum firm or plant records to a (year, region, activity) panel.

    Parameters
    ----------
    source : str or Path
        A CSV file (``.gz`` allowed), a Parquet file, or a folder of Parquet files.
    region, activity, time : str
        Columns holding the region, the activity code and the year.
    value : str, optional
        Column holding the size measure (employees, revenue, capital); omit to count records.
    level : int, optional
        Keep the first ``level`` digits of the activity code (2 for GB/T 4754 divisions);
        codes that are not all digits or are shorter are rejected and reported.
    code_width : int, optional
        Left-pad codes with zeros to this width first. Needed when codes were stored as
        integers (``0111`` became ``111``): without it such a column is refused.
    normalise : {"none", "auto", "china"}
        Rename Chinese province names to their English names
        (:func:`~advantage.io.prepare.region_mapping`); unmatched names are rejected and
        reported. Default: keep region names as they are.
    include_hk_mo_tw : bool
        Let the renaming accept Hong Kong, Macao and Taiwan.
    engine : {"duckdb", "spark"}
        Where the aggregation runs.
    encoding : str
        CSV text encoding (``"auto"`` detects UTF-8 / GB18030).
    delimiter : str
        CSV field separator.
    progress : bool
        Show a progress bar on stderr.
    spark : pyspark.sql.SparkSession, optional
        Session to use with ``engine="spark"`` (default: :func:`spark_session`).

    Returns
    -------
    (Panel, IngestReport)
        The panel, and the report of rows read, used and rejected (by reason, with an example)
        and unmatched region names.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> text = "year,prov,code,emp\n2020,宁夏,3011,10\n2020,Ningxia,3012,5\n2020,全国,3011,9\n"
    >>> _ = (folder / "firms.csv").write_text(text, encoding="utf-8")
    >>> panel, report = aggregate_microdata(folder / "firms.csv", region="prov",
    ...     activity="code", time="year", value="emp", level=2, normalise="china")
    >>> panel.to_long().values.tolist(), report.unmatched
    ([[2020, 'Ningxia', '30', 15.0]], ['全国'])
    """
    check_choice("engine", engine, ["duckdb", "spark"])
    check_choice("normalise", normalise, ["auto", "china", "none"])
    if level is not None and (not isinstance(level, int) or level < 1):
        raise AdvantageError(f"level={level!r} is not valid; expected a positive integer.")
    if code_width is not None and (not isinstance(code_width, int) or code_width < 1):
        raise AdvantageError(f"code_width={code_width!r} is not valid; expected a positive "
                             f"integer.")
    path = Path(source)
    if not path.exists():
        raise AdvantageError(f"input {str(path)!r} does not exist.")
    kind = _kind(path)
    with tempfile.TemporaryDirectory(prefix="advantage-micro-") as folder:
        used = None
        if kind == "csv":
            used = resolve_encoding(path, encoding)
            if used.replace("-", "").replace("_", "").lower() != "utf8":  # BOM stripped too
                path = _utf8_copy(path, used, folder)
        header = _csv_header(path, delimiter) if kind == "csv" else None
        try:
            runner = (_DuckRunner(path, kind, delimiter, progress, header)
                      if engine == "duckdb" else
                      _SparkRunner(path, kind, delimiter, progress, spark, header))
        except AdvantageError:
            raise
        except Exception as exc:  # the engine's own error about the file, as one line
            raise _engine_error(exc, str(source)) from None
        try:
            return _aggregate(runner, str(source), used, region=region, activity=activity,
                              time=time, value=value, level=level, code_width=code_width,
                              normalise=normalise, include_hk_mo_tw=include_hk_mo_tw,
                              engine=engine)
        except AdvantageError:
            raise
        except Exception as exc:
            if engine == "duckdb" and not _is_engine_error(exc):
                raise
            raise _engine_error(exc, str(source)) from None
        finally:
            runner.close()


def _aggregate(runner: Any, source: str, used: str | None, *, region: str, activity: str,
               time: str, value: str | None, level: int | None, code_width: int | None,
               normalise: str, include_hk_mo_tw: bool, engine: str) -> tuple[Panel, IngestReport]:
    from advantage.io.prepare import region_mapping

    types = runner.types()
    wanted = [c for c in (time, region, activity, value) if c is not None]
    missing = [c for c in wanted if c not in types]
    if missing:
        shown = ", ".join(repr(c) for c in types)
        raise AdvantageError(f"{source!r}: column(s) {missing!r} are not in the records; "
                             f"columns are: {shown}.")
    nested = [c for c in wanted if _is_nested(types[c])]
    if nested:
        raise AdvantageError(f"{source!r}: columns {nested!r} hold nested values (lists, "
                             "structs or maps); a record needs one plain value per cell.")
    if level and code_width is None and _is_integer(types[activity]):
        raise AdvantageError(
            f"{source!r}: activity column {activity!r} is stored as integers ({types[activity]}), "
            f"so codes with leading zeros (0111) have lost them; pass code_width= (e.g. 4) "
            f"to pad them back before cutting to {level} digits."
        )
    names = [n for n in runner.distinct_regions(region) if n not in (None, "")]
    renamed, unmatched, apply = region_mapping(names, normalise,  # type: ignore[arg-type]
                                               include_hk_mo_tw=include_hk_mo_tw)
    pairs = list(renamed.items()) if apply else [(n, n) for n in names]
    mapping = pd.DataFrame({"raw": [p[0] for p in pairs], "code": [p[1] for p in pairs]},
                           dtype=object)
    runner.register_map(mapping)
    query = _sql(runner.dialect, types, region=region, activity=activity, time=time,
                 value=value, level=level, code_width=code_width)
    result = runner.query(query, "aggregating records")
    usable = result["reason"].isna().to_numpy()
    cells = result[usable]
    reasons = result[~usable].sort_values("reason")
    report = IngestReport(source, encoding=used, normaliser="china" if apply else "none",
                          unmatched=unmatched)
    if apply:
        report.region_map = dict(pairs)
    for row in reasons.itertuples(index=False):
        example = (f"year={row.ex_time!r}, region={row.ex_region!r}, code={row.ex_code!r}, "
                   f"value={row.ex_value!r}")
        report.add_rejection(str(row.reason), int(row.n), [example])
    used_rows = int(cells["n"].sum()) if len(cells) else 0
    report.rows_read = used_rows + report.rows_rejected
    report.rows_used = used_rows
    report.notes.append(f"engine: {engine}" + (f"; activity codes cut to {level} digits"
                                               if level else ""))
    if not len(cells):
        raise AdvantageError(f"{source!r}: no usable records: {report.brief()}.")
    sums = cells["v"].to_numpy(dtype=float)
    if not np.isfinite(sums).all():
        bad = cells.iloc[int(np.flatnonzero(~np.isfinite(sums))[0])]
        raise AdvantageError(f"{source!r}: the values of year {bad['t']}, region {bad['r']!r}, "
                             f"activity {bad['a']!r} sum to infinity (values must stay well "
                             "below 1e308 once summed); rescale them (e.g. to thousands).")
    frame = pd.DataFrame({"time": cells["t"].astype(np.int64), "region": cells["r"].astype(str),
                          "activity": cells["a"].astype(str),
                          "value": cells["v"].astype(float)})
    panel = Panel.from_long(frame, region="region", activity="activity", value="value",
                            time="time")
    return panel, report


def _is_engine_error(exc: Exception) -> bool:
    """True for DuckDB's and Spark's errors (raised by the query, not by our code)."""
    module = type(exc).__module__
    return module.startswith(("duckdb", "_duckdb", "pyspark", "py4j"))


def _is_integer(type_name: str) -> bool:
    upper = type_name.upper()
    return any(t in upper for t in ("INT", "LONG", "SHORT", "BYTE")) and "INTERVAL" not in upper


def _is_number(type_name: str) -> bool:
    upper = type_name.upper()
    return _is_integer(type_name) or any(t in upper for t in ("DOUBLE", "FLOAT", "DECIMAL",
                                                              "REAL"))


def _is_nested(type_name: str) -> bool:
    """True for DuckDB and Spark list, array, struct and map types."""
    upper = type_name.upper()
    return upper.endswith("]") or upper.startswith(("STRUCT", "MAP", "ARRAY", "LIST", "UNION"))


class _DuckRunner:
    dialect = _DUCKDB

    def __init__(self, path: Path, kind: str, delimiter: str, progress: bool,
                 header: list[str] | None) -> None:
        import duckdb

        self.con = duckdb.connect()
        self.progress = progress
        self.con.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false;"
                         " SET progress_bar_time = 0")
        literal = str(path).replace("'", "''")
        if kind == "parquet":
            target = f"{literal}/*.parquet" if path.is_dir() else literal
            scan = f"read_parquet('{target}')"
        else:
            sep = delimiter.replace("'", "''")
            columns = ", ".join("'{}': 'VARCHAR'".format(n.replace("'", "''"))
                                for n in header or [])
            # the header gives the columns, so a ragged row is an error with its line number
            scan = (f"read_csv('{literal}', header = true, auto_detect = false, "
                    f"columns = {{{columns}}}, delim = '{sep}', quote = '\"', escape = '\"', "
                    f"strict_mode = true)")
        self.con.execute(f"CREATE VIEW records AS SELECT * FROM {scan}")

    def types(self) -> dict[str, str]:
        rows = self.con.execute("DESCRIBE records").fetchall()
        return {str(r[0]): str(r[1]) for r in rows}

    def distinct_regions(self, region: str) -> list[Any]:
        sql = (f"SELECT DISTINCT trim(CAST({self.dialect.q(region)} AS VARCHAR)) FROM records")
        return [r[0] for r in self.con.execute(sql).fetchall()]

    def register_map(self, mapping: pd.DataFrame) -> None:
        self.con.register("region_map", mapping)

    def query(self, sql: str, description: str) -> pd.DataFrame:
        return _progress(self.progress, description, self.con.query_progress,
                         lambda: self.con.execute(sql).fetch_df())

    def close(self) -> None:
        self.con.close()


class _SparkRunner:
    dialect = _SPARK

    def __init__(self, path: Path, kind: str, delimiter: str, progress: bool,
                 session: Any, header: list[str] | None) -> None:
        self.spark = session if session is not None else spark_session()
        self.progress = progress
        reader = self.spark.read
        if kind == "parquet":
            frame = reader.parquet(str(path))
        else:
            from pyspark.sql.types import StringType, StructField, StructType

            schema = StructType([StructField(n, StringType()) for n in header or []])
            # FAILFAST: a ragged row is an error, never padded with nulls or cut
            frame = (reader.option("header", "true").option("sep", delimiter)
                     .option("encoding", "UTF-8").option("mode", "FAILFAST")
                     .schema(schema).csv(str(path)))
        frame.createOrReplaceTempView("records")
        self.frame = frame

    def types(self) -> dict[str, str]:
        return {f.name: f.dataType.simpleString() for f in self.frame.schema.fields}

    def distinct_regions(self, region: str) -> list[Any]:
        sql = f"SELECT DISTINCT trim(CAST({self.dialect.q(region)} AS STRING)) AS r FROM records"
        return [r[0] for r in self.spark.sql(sql).collect()]

    def register_map(self, mapping: pd.DataFrame) -> None:
        from pyspark.sql.types import StringType, StructField, StructType

        schema = StructType([StructField("raw", StringType()), StructField("code", StringType())])
        rows = list(mapping.itertuples(index=False, name=None))
        self.spark.createDataFrame(rows, schema).createOrReplaceTempView("region_map")

    def _poll(self) -> float | None:
        tracker = self.spark.sparkContext.statusTracker()
        done = total = 0
        for stage in tracker.getActiveStageIds():
            info = tracker.getStageInfo(stage)
            if info is not None:
                done += info.numCompletedTasks
                total += info.numTasks
        return 100.0 * done / total if total else None

    def query(self, sql: str, description: str) -> pd.DataFrame:
        sql = sql.replace("AS VARCHAR", "AS STRING")
        def work() -> pd.DataFrame:
            result = self.spark.sql(sql)
            rows = result.collect()
            return pd.DataFrame([tuple(r) for r in rows], columns=result.columns)

        return _progress(self.progress, description, self._poll, work)

    def close(self) -> None:
        for view in ("records", "region_map"):
            self.spark.catalog.dropTempView(view)

