"""Firm microdata benchmark: 20 million synthetic records aggregated on DuckDB and on Spark.

Run with ``python benchmarks/bench_microdata.py`` (``--rows`` to change the size). It writes a
seeded synthetic firm register to Parquet in a temporary folder (deleted afterwards), then
aggregates it to a (year, province, GB/T 4754 division) panel with
:func:`advantage.io.aggregate_microdata`, once with ``engine="duckdb"`` and once with
``engine="spark"`` (local mode), each in a fresh interpreter so that its peak memory (VmHWM of
that process) is its own; for Spark the JVM's peak is added to the Python process's.

The records: year 2016-2020; province written as one of 3 aliases of each of the 31 mainland
divisions (Chinese full name, short name, pinyin); a four-digit class code inside one of the
97 divisions; employees (integer, lognormal) and revenue (float). 0.1% of rows carry a
national total ("全国") and are rejected as unmatched; the panel and the rejection report are
checked to be identical between the engines.

Targets (issue 4): DuckDB under 20 s and 4 GB on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def write_records(path: Path, rows: int, seed: int = 20240601, chunk: int = 1_000_000) -> None:
    """A seeded synthetic firm register as Parquet, written chunk by chunk."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from advantage.reference.china import PROVINCES

    mainland = [p for p in PROVINCES if p.code not in ("710000", "810000", "820000")]
    names = [n for p in mainland for n in (p.name_zh, p.short_zh, p.name_en)] + ["全国"]
    weights = np.array([1.0] * (len(names) - 1) + [0.0])
    weights[:-1] = 0.999 / (len(names) - 1)
    weights[-1] = 0.001
    classes = [f"{d:02d}{c:02d}" for d in range(1, 98) for c in range(11, 25)]
    rng = np.random.default_rng(seed)
    schema = pa.schema([("year", pa.int32()), ("province", pa.string()),
                        ("industry", pa.string()), ("employees", pa.int64()),
                        ("revenue", pa.float64())])
    province_dict = pa.array(names)
    class_dict = pa.array(classes)
    with pq.ParquetWriter(path, schema) as writer:
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            province = pa.DictionaryArray.from_arrays(
                pa.array(rng.choice(len(names), n, p=weights).astype(np.int32)), province_dict)
            industry = pa.DictionaryArray.from_arrays(
                pa.array(rng.integers(0, len(classes), n).astype(np.int32)), class_dict)
            table = pa.table({
                "year": pa.array(rng.integers(2016, 2021, n).astype(np.int32)),
                "province": province.cast(pa.string()),
                "industry": industry.cast(pa.string()),
                "employees": pa.array(np.ceil(rng.lognormal(2.5, 1.2, n)).astype(np.int64)),
                "revenue": pa.array(rng.lognormal(8.0, 2.0, n)),
            }, schema=schema)
            writer.write_table(table)


def peak_mb(pid: int | str = "self") -> float:
    """Peak resident memory of a process in MB (Linux VmHWM; else this process's max RSS).

    ``ru_maxrss`` is not used for children: on Linux it carries the parent's high-water mark
    across fork and exec, so a child would report at least the generator's peak.
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_case(engine: str, path: str, out: str) -> None:
    """Aggregate in this process and write time, peak RSS and the result to ``out``."""
    import numpy as np

    from advantage.io import aggregate_microdata

    if engine == "stream":  # the big-CSV reader: pyarrow batches, running sums
        from advantage.io import stream_long, to_panel

        start = time.perf_counter()
        table = stream_long(path, region="province", activity="industry", value="employees",
                            time="year", duplicates="sum")
        panel, report = to_panel(table, duplicates="sum")  # no code truncation here
        seconds = time.perf_counter() - start
        Path(out).write_text(json.dumps({
            "engine": engine, "seconds": seconds, "session_seconds": 0.0,
            "peak_rss_mb": peak_mb(),
            "batches": table.stats["batches"], "rows_read": report.rows_read,
            "shape": list(panel.shape), "rows_rejected": report.rows_rejected}))
        return
    spark = None
    setup = 0.0
    if engine == "spark":
        from advantage.io import spark_session

        start = time.perf_counter()
        spark = spark_session(memory="4g")
        setup = time.perf_counter() - start
    start = time.perf_counter()
    panel, report = aggregate_microdata(path, region="province", activity="industry",
                                        time="year", value="employees", level=2,
                                        engine=engine, spark=spark)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    result = {
        "engine": engine, "seconds": seconds, "session_seconds": setup,
        "peak_rss_mb": peak_mb(),
        "shape": list(panel.shape), "rows_read": report.rows_read,
        "rows_used": report.rows_used, "rows_rejected": report.rows_rejected,
        "unmatched": report.unmatched, "total": float(panel.cube.sum()),
    }
    if spark is not None:  # Spark works in a JVM child: add its peak
        jvm = spark.sparkContext._gateway.proc.pid
        result["python_peak_rss_mb"] = result["peak_rss_mb"]
        result["jvm_peak_rss_mb"] = peak_mb(jvm)
        result["peak_rss_mb"] = result["python_peak_rss_mb"] + result["jvm_peak_rss_mb"]
    np.save(out + ".npy", panel.cube)
    Path(out).write_text(json.dumps(result))
    if spark is not None:
        spark.stop()


def main() -> None:
    """Generate the records, run both engines in fresh interpreters, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--engines", default="duckdb,spark")
    parser.add_argument("--csv", action="store_true",
                        help="also write the records as CSV and time DuckDB and the streaming "
                             "reader on it (about 40 bytes per record)")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        run_case(args.case, args.path, args.out)
        return
    import numpy as np

    folder = Path(tempfile.mkdtemp(prefix="advantage-bench-micro-"))
    try:
        path = folder / "firms.parquet"
        start = time.perf_counter()
        write_records(path, args.rows)
        generated = time.perf_counter() - start
        size_mb = path.stat().st_size / 1e6
        print(f"wrote {args.rows:,} records ({size_mb:.0f} MB Parquet) in {generated:.1f} s",
              flush=True)
        cases = [(engine, path) for engine in args.engines.split(",")]
        if args.csv:
            import pyarrow.csv as pcsv
            import pyarrow.parquet as pq

            csv_path = folder / "firms.csv"
            with pcsv.CSVWriter(csv_path, pq.read_schema(path)) as writer:
                for batch in pq.ParquetFile(path).iter_batches(batch_size=1_000_000):
                    writer.write_batch(batch)
            print(f"wrote {csv_path.stat().st_size / 1e9:.2f} GB CSV", flush=True)
            cases += [("duckdb", csv_path), ("stream", csv_path)]
        results: dict[str, object] = {}
        for engine, source in cases:
            label = engine + ("_csv" if source.suffix == ".csv" else "")
            out = str(folder / f"{label}.json")
            subprocess.run([sys.executable, __file__, "--case", engine, "--path", str(source),
                            "--out", out], check=True)
            r = json.loads(Path(out).read_text())
            results[label] = r
            memory = f"peak RSS {r['peak_rss_mb']:.0f} MB" + (
                f" (JVM {r['jvm_peak_rss_mb']:.0f} MB)" if "jvm_peak_rss_mb" in r else "")
            print(f"{label}: {r['seconds']:.1f} s (session start {r['session_seconds']:.1f} s),"
                  f" {memory}, panel {r['shape']}, {r['rows_rejected']:,} rows rejected",
                  flush=True)
        if "duckdb" in results and "spark" in results:
            a, b = (np.load(str(folder / f"{e}.json.npy")) for e in ("duckdb", "spark"))
            same = bool(np.array_equal(a, b))
            print(f"engines agree: {same}")
            results["engines_agree"] = same
        results["records"] = {"rows": args.rows, "parquet_mb": size_mb,
                              "generate_seconds": generated}
        target = HERE / "results" / "microdata.json"
        target.parent.mkdir(exist_ok=True)
        target.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print(f"results -> {target}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
