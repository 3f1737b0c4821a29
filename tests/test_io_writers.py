"""The Arrow writer: CSV, Parquet and Excel streamed by record batches."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from advantage import AdvantageError
from advantage.io import format_of, write_batches
from advantage.io.writers import EXCEL_MAX_ROWS


def batches() -> list[pa.RecordBatch]:
    """Three batches: text codes with leading zeros, a comma and a quote in a label, NaN."""
    out = []
    for year in (2019, 2020, 2021):
        out.append(pa.RecordBatch.from_pydict({
            "time": pa.array([year] * 3),
            "activity": pa.array(["0101", "a, b", 'say "x"']),
            "value": pa.array(np.array([1.5, np.nan, 1e-300 * year]), from_pandas=True),
        }))
    return out


def expected() -> pd.DataFrame:
    return pd.DataFrame({
        "time": np.repeat([2019, 2020, 2021], 3),
        "activity": ["0101", "a, b", 'say "x"'] * 3,
        "value": np.concatenate([[1.5, np.nan, 1e-300 * y] for y in (2019, 2020, 2021)]),
    })


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_round_trip_keeps_text_codes_and_numbers(tmp_path, fmt):
    path = write_batches(batches(), tmp_path / f"t.{fmt}")
    assert format_of(path) == fmt
    read = {"csv": lambda p: pd.read_csv(p, dtype={"activity": str}),
            "parquet": pd.read_parquet,
            "xlsx": lambda p: pd.read_excel(p, dtype={"activity": str})}[fmt]
    frame = read(path)
    want = expected()
    assert frame.columns.tolist() == want.columns.tolist()
    assert frame["activity"].astype(str).tolist() == want["activity"].tolist()
    assert frame["time"].tolist() == want["time"].tolist()
    # Shortest round-trip text in CSV: the doubles come back bit for bit.
    np.testing.assert_array_equal(frame["value"].to_numpy(float), want["value"].to_numpy())


def test_csv_text_matches_what_pandas_reads_and_header_is_plain(tmp_path):
    path = write_batches(batches(), tmp_path / "t.csv", names={"value": "数值"})
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "time,activity,数值"
    assert lines[1] == '2019,"0101",1.5'
    assert lines[2] == '2019,"a, b",'  # a missing value is an empty field
    assert len(lines) == 10


def test_names_rename_columns_in_parquet(tmp_path):
    path = write_batches(batches(), tmp_path / "t.parquet", names={"time": "年份"})
    assert pd.read_parquet(path).columns.tolist() == ["年份", "activity", "value"]


def test_excel_refuses_more_rows_than_a_worksheet_holds(tmp_path):
    target = tmp_path / "big.xlsx"
    with pytest.raises(AdvantageError, match=r"1,048,576 rows do not fit in an Excel "
                                             r"worksheet \(1,048,575 rows at most\)"):
        write_batches(batches(), target, rows=EXCEL_MAX_ROWS + 1)
    assert not target.exists()
    # Without the count, the batch that overflows is refused before any row of it is written.
    huge = pa.RecordBatch.from_pydict({"x": pa.array(np.zeros(EXCEL_MAX_ROWS + 1))})
    with pytest.raises(AdvantageError, match="do not fit in an Excel worksheet"):
        write_batches([huge], target)
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_a_failing_stream_leaves_no_file(tmp_path):
    def broken():
        yield batches()[0]
        raise AdvantageError("stopped")

    for fmt in ("csv", "parquet"):
        with pytest.raises(AdvantageError, match="stopped"):
            write_batches(broken(), tmp_path / f"t.{fmt}")
    assert list(tmp_path.iterdir()) == []


def test_no_batch_writes_the_header_from_the_schema(tmp_path):
    schema = pa.schema([("region", pa.string()), ("eci", pa.float64())])
    path = write_batches([], tmp_path / "empty.csv", schema=schema, names={"eci": "ECI"})
    assert path.read_text() == "region,ECI\n"
    assert pd.read_parquet(write_batches([], tmp_path / "e.parquet", schema=schema)).empty


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(AdvantageError, match="fmt='json' is not valid"):
        write_batches(batches(), tmp_path / "t.json", fmt="json")


def test_parquet_dictionary_encodes_the_labels_only(tmp_path):
    import pyarrow.parquet as pq

    batch = pa.RecordBatch.from_pydict({"region": ["r1", "r2"] * 50, "value": [0.5, 1.5] * 50})
    path = write_batches([batch], tmp_path / "t.parquet", fmt="parquet")
    row_group = pq.ParquetFile(path).metadata.row_group(0)
    encodings = {row_group.column(i).path_in_schema: row_group.column(i).encodings
                 for i in range(row_group.num_columns)}
    assert any("DICTIONARY" in e for e in encodings["region"])
    assert not any("DICTIONARY" in e for e in encodings["value"])
    assert pq.read_table(path).to_pydict() == pa.Table.from_batches([batch]).to_pydict()
