"""Seeded fuzz of every sub-command with bad (and a few good) input files.

The inputs follow the input catalogue of the reliability review (``shared/reviews/
reliability.md``, "Test inputs used in the table"): empty and blank files, broken headers,
ragged rows, binary junk, byte-order marks, mixed and legacy encodings, NUL bytes, huge,
negative, NaN and infinite values, non-integer years, labels that look like missing values,
formulas or markup, codes with leading zeros, damaged workbooks and Parquet files, gzip
junk, a folder where a file belongs. Every sub-command that reads a file gets a seeded
sample of them (``numpy.random.default_rng(SEED)``: the same cases on every run).

For each case the promise is checked: either a non-zero exit with exactly one ``error:``
line and no traceback, or success with the right result (the labels of a good table come
back exactly); and neither the input nor the workspace changes by a byte when the command
fails. Warnings a user would see on stderr count as a failure too.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import shutil
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer

from advantage.cli import main
from advantage.io.workspace import Workspace

#: The seed of the sample; ``ADVANTAGE_FUZZ_SEED`` draws another one (the cases keep their
#: names, so a failure found that way is rerun with the same variable).
SEED = int(os.environ.get("ADVANTAGE_FUZZ_SEED", "20240917"))
ROLES = ["--region", "reg", "--activity", "act", "--value", "val", "--time", "year"]
YEARS = (2015, 2018, 2020)
REGIONS = [f"R{i}" for i in range(5)]
ACTIVITIES = [f"A{j}" for j in range(6)]
#: Each input meets this many commands, chosen by the seeded generator, so the run stays
#: well under a minute; ``ADVANTAGE_FUZZ_ALL=1`` runs every input against every command.
COMMANDS_PER_INPUT = 6
#: Inputs every command meets: the good table, the empty file, junk, a folder and each kind
#: of damaged container.
ALWAYS = {"good", "empty", "whitespace_only", "header_only", "binary_junk", "folder",
          "corrupt_xlsx", "legacy_xls", "corrupt_parquet", "struct_parquet",
          "gz_header_then_junk"}
#: Warnings Python shows a user by default (DeprecationWarning and the like are hidden).
SHOWN = (UserWarning, FutureWarning, RuntimeWarning, SyntaxWarning, UnicodeWarning,
         BytesWarning)


# ------------------------------------------------------------------ inputs
@dataclass(frozen=True)
class Input:
    """A generated input: its file suffix, its bytes (None: a folder) and, when it is a
    good table, the regions and activities a correct result holds."""

    suffix: str
    content: bytes | None
    labels: tuple[list[str], list[str]] | None = None
    #: Firm records are aggregated and bad records left out and reported (the documented
    #: rule of ``--microdata``): when microdata accept the file, stdout must say this.
    #: Every other reader refuses such a file.
    microdata_says: str | None = None


def _rows(regions: list[str], activities: list[str], rng: np.random.Generator
          ) -> list[tuple[int, str, str, float]]:
    rows = []
    for year in YEARS:
        for region in regions:
            for activity in activities:
                rows.append((year, region, activity, float(rng.integers(1, 60))))
    return rows


def _csv(rows: Sequence[tuple[object, ...]], header: str = "year,reg,act,val",
         encoding: str = "utf-8", newline: str = "\n") -> bytes:
    frame = pd.DataFrame(rows, columns=header.split(","))
    return frame.to_csv(index=False, lineterminator=newline).encode(encoding)


def _good(rng: np.random.Generator) -> list[tuple[int, str, str, float]]:
    return _rows(REGIONS, ACTIVITIES, rng)


def _replace(rng: np.random.Generator, column: int, value: object) -> bytes:
    rows = [list(r) for r in _good(rng)]
    rows[int(rng.integers(len(rows)))][column] = value
    return _csv([tuple(r) for r in rows])


def _excel(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    return buffer.getvalue()


def _parquet(table: object) -> bytes:
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def _struct_parquet(rng: np.random.Generator) -> bytes:
    import pyarrow as pa

    return _parquet(pa.table({"year": [2020, 2020], "reg": pa.array([{"a": 1}, {"a": 2}]),
                              "act": ["A1", "A1"], "val": [1.0, 2.0]}))


def _list_parquet(rng: np.random.Generator) -> bytes:
    import pyarrow as pa

    return _parquet(pa.table({"year": [2020, 2020], "reg": ["R1", "R2"], "act": ["A1", "A1"],
                              "val": pa.array([[1.0], [2.0]])}))


def _labelled(regions: list[str], activities: list[str]) -> Callable[..., Input]:
    def build(rng: np.random.Generator) -> Input:
        return Input(".csv", _csv(_rows(regions, activities, rng)),
                     (sorted(regions), sorted(activities)))
    return build


def _text_input(build: Callable[[np.random.Generator], bytes], suffix: str = ".csv"
                ) -> Callable[[np.random.Generator], Input]:
    return lambda rng: Input(suffix, build(rng))


def _bad_record(column: int, value: object) -> Callable[[np.random.Generator], Input]:
    return lambda rng: Input(".csv", _replace(rng, column, value), GOOD,
                             microdata_says="rows rejected: 1")


def _mixed_encodings(rng: np.random.Generator) -> Input:
    """UTF-8 and GBK rows in one file: as a whole it is valid GB18030, and the documented
    rule (``advantage.io.encoding``) reads it so; the UTF-8 name comes out as GB18030 text."""
    data = (_csv(_rows(REGIONS, ACTIVITIES, rng)) + "2020,宁夏,A1,5\n".encode("gbk")
            + "2020,甘肃,A1,5\n".encode())
    as_gb18030 = "甘肃".encode().decode("gb18030")
    return Input(".csv", data, (sorted([*REGIONS, "宁夏", as_gb18030]), sorted(ACTIVITIES)))


GOOD = (sorted(REGIONS), sorted(ACTIVITIES))
GOOD_TABLES = {"good", "good_crlf", "good_bom", "good_utf16", "good_gz", "good_xlsx",
               "good_parquet"}
INPUTS: dict[str, Callable[[np.random.Generator], Input]] = {
    # good tables: success must bring every label back exactly
    "good": lambda rng: Input(".csv", _csv(_good(rng)), GOOD),
    "good_crlf": lambda rng: Input(".csv", _csv(_good(rng), newline="\r\n"), GOOD),
    "good_bom": lambda rng: Input(".csv", b"\xef\xbb\xbf" + _csv(_good(rng)), GOOD),
    "good_utf16": lambda rng: Input(".csv", _csv(_good(rng), encoding="utf-16"), GOOD),
    "good_gz": lambda rng: Input(".csv.gz", gzip.compress(_csv(_good(rng))), GOOD),
    "good_xlsx": lambda rng: Input(".xlsx", _excel(pd.DataFrame(
        _good(rng), columns=["year", "reg", "act", "val"]).astype({"year": str})), GOOD),
    "good_parquet": lambda rng: Input(".parquet", pd.DataFrame(
        _good(rng), columns=["year", "reg", "act", "val"]).to_parquet(index=False), GOOD),
    "latin1": _labelled(["Zürich", "Genève", "Köln", "Malmö"], ["A1", "A2", "A3"]),
    "leading_zeros": _labelled(["R1", "R2", "R3"], ["0101", "101", "011", "11"]),
    "na_like_labels": _labelled(["NA", "None", "null", "nan", "N/A"], ["A1", "A2", "A3"]),
    "formula_and_markup_labels": _labelled(
        ["=1+2", "@cmd", "-2+3", '<a href="https://evil.example">x</a>', "<script>"],
        ["+A1", "A2", "<b>A3</b>"]),
    "long_label": _labelled(["R" * 300, "R2", "R3"], ["A1", "A2", "A3"]),
    "nul_in_label": _labelled(["R\x001", "R2", "R3"], ["A1", "A2", "A3"]),
    "mixed_encodings": _mixed_encodings,
    # shapes
    "empty": _text_input(lambda rng: b""),
    "whitespace_only": _text_input(lambda rng: b"  \n\t\n   \r\n\n"),
    "header_only": _text_input(lambda rng: b"year,reg,act,val\n"),
    "merged_header": _text_input(lambda rng: b"year,reg,,\n,,act,val\n"
                                             + _csv(_good(rng)).split(b"\n", 1)[1]),
    "duplicate_columns": _text_input(lambda rng: _csv(_good(rng), header="year,reg,reg,val")),
    "ragged_short": _text_input(lambda rng: _csv(_good(rng)) + b"2020,R1,A1\n"),
    "ragged_long": _text_input(lambda rng: _csv(_good(rng)) + b"2020,R1,A9,5,99\n"),
    "semicolons": _text_input(lambda rng: _csv(_good(rng)).replace(b",", b";")),
    "binary_junk": _text_input(lambda rng: rng.integers(0, 256, 3000, dtype=np.uint8)
                               .tobytes()),
    "utf16_no_bom": _text_input(lambda rng: _csv(_good(rng)).decode().encode("utf-16-le")),
    "bom_then_latin1": _text_input(lambda rng: b"\xef\xbb\xbf"
                                   + _csv(_rows(["Zürich", "R2"], ["A1"], rng),
                                          encoding="latin-1")),
    # values and years
    "huge_values": _text_input(lambda rng: _csv([(2020, r, a, 1e308) for r in REGIONS[:2]
                                                 for a in ACTIVITIES[:2]])),
    "negative_value": _bad_record(3, -3.0),
    "nan_value": _bad_record(3, "NaN"),
    "inf_value": _bad_record(3, "inf"),
    "text_value": _bad_record(3, "abc"),
    "fractional_year": _bad_record(0, "2020.5"),
    "text_year": _bad_record(0, "abc"),
    "empty_label": _bad_record(1, ""),
    "duplicate_keys": lambda rng: Input(".csv", _csv(_good(rng)) + b"2020,R1,A1,5\n", GOOD,
                                        microdata_says="rows used: 91"),
    # damaged containers
    "corrupt_xlsx": _text_input(lambda rng: b"PK\x03\x04"
                                + rng.integers(0, 256, 2000, dtype=np.uint8).tobytes(),
                                ".xlsx"),
    "text_as_xlsx": _text_input(lambda rng: _csv(_good(rng)), ".xlsx"),
    "legacy_xls": _text_input(lambda rng: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                              + rng.integers(0, 256, 500, dtype=np.uint8).tobytes(), ".xls"),
    "empty_sheet_xlsx": _text_input(lambda rng: _excel(pd.DataFrame()), ".xlsx"),
    "corrupt_parquet": _text_input(lambda rng: b"PAR1"
                                   + rng.integers(0, 256, 800, dtype=np.uint8).tobytes()
                                   + b"PAR1", ".parquet"),
    "struct_parquet": _text_input(_struct_parquet, ".parquet"),
    "list_parquet": _text_input(_list_parquet, ".parquet"),
    "gz_of_junk": _text_input(lambda rng: gzip.compress(
        rng.integers(0, 256, 2000, dtype=np.uint8).tobytes()), ".csv.gz"),
    "gz_header_then_junk": _text_input(lambda rng: b"\x1f\x8b\x08\x00"
                                       + rng.integers(0, 256, 300, dtype=np.uint8).tobytes(),
                                       ".csv.gz"),
    "folder": lambda rng: Input(".csv", None),
}


# ------------------------------------------------------------------ commands
@dataclass(frozen=True)
class Command:
    """How a sub-command is called on an input ``IN``, writing under ``OUT``, and whether it
    stores into the workspace ``WS`` (which then holds a data set 'base' beforehand)."""

    argv: tuple[str, ...]
    workspace: bool = False
    ingests: str | None = None  # the data set name a successful run stores


def _cmd(*argv: str, workspace: bool = False, ingests: str | None = None) -> Command:
    return Command(tuple(argv), workspace, ingests)


COMMANDS: dict[str, Command] = {
    "indicators": _cmd("indicators", "IN", *ROLES, "--out", "OUT/ind"),
    "indicators_stata": _cmd("indicators", "IN", *ROLES, "--convention", "stata", "--out",
                             "OUT/ind"),
    "structure": _cmd("structure", "IN", *ROLES, "--base-year", "2015", "--final-year",
                      "2020", "--out", "OUT/st"),
    "advantages": _cmd("advantages", "IN", *ROLES, "--out", "OUT/adv.xlsx"),
    "opportunities": _cmd("opportunities", "IN", *ROLES, "--scorer", "density", "--out",
                          "OUT/opp.csv"),
    "transfer": _cmd("transfer", "IN", *ROLES, "--from-year", "2015", "--to-year", "2020",
                     "--out", "OUT/tr.csv"),
    "pairs": _cmd("pairs", "IN", *ROLES, "--from-year", "2015", "--to-year", "2020",
                  "--out", "OUT/pairs.csv"),
    "backtest": _cmd("backtest", "IN", *ROLES, "--methods", "random,density", "--out",
                     "OUT/bt"),
    "report": _cmd("report", "IN", *ROLES, "--focus", "R1", "--out", "OUT/r.html"),
    "linkages": _cmd("linkages", "IN", "--out", "OUT/lk"),
    "chains": _cmd("chains", "IN", "--focus", "Ningxia", "--out", "OUT/ch.csv"),
    "serve": _cmd("serve", "--input", "IN", *ROLES),
    "ingest": _cmd("ingest", "IN", "--workspace", "WS", "--name", "new", *ROLES,
                   workspace=True, ingests="new"),
    "ingest_stream": _cmd("ingest", "IN", "--workspace", "WS", "--name", "new", *ROLES,
                          "--stream", workspace=True, ingests="new"),
    "ingest_wide": _cmd("ingest", "IN", "--workspace", "WS", "--name", "new", "--wide",
                        "--region", "reg", "--year", "2020", workspace=True),
    "ingest_microdata": _cmd("ingest", "IN", "--workspace", "WS", "--name", "new",
                             "--microdata", *ROLES, workspace=True, ingests="new"),
    "ingest_over_base": _cmd("ingest", "IN", "--workspace", "WS", "--name", "base", *ROLES,
                             workspace=True, ingests="base"),
    # the input file given where a workspace belongs: it must be refused and left alone
    "export_from": _cmd("export", "--workspace", "IN", "--name", "base", "--out",
                        "OUT/e.csv"),
    "ingest_into": _cmd("ingest", "IN", "--workspace", "IN", "--name", "x", *ROLES),
    "datasets_list": _cmd("datasets", "list", "--workspace", "IN"),
    "datasets_remove": _cmd("datasets", "remove", "base", "--workspace", "IN"),
    "datasets_panel": _cmd("datasets", "panel", "IN", "--out", "OUT/p.csv"),
}


def _cases() -> list[tuple[str, str]]:
    """Every input with a seeded sample of commands (every command for :data:`ALWAYS`)."""
    rng = np.random.default_rng(SEED)
    names = sorted(COMMANDS)
    every = os.environ.get("ADVANTAGE_FUZZ_ALL", "") not in ("", "0")
    cases: set[tuple[str, str]] = set()
    for source in sorted(INPUTS):
        chosen = names if every or source in ALWAYS else rng.choice(
            names, size=COMMANDS_PER_INPUT, replace=False)
        cases.update((source, str(c)) for c in chosen)
    return sorted(cases)


CASES = _cases()


# ------------------------------------------------------------------ the run
def _digest(path: Path) -> str:
    if path.is_dir():
        return "folder:" + ",".join(sorted(p.name for p in path.iterdir()))
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def base_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace holding one good data set, 'base' (copied for each case)."""
    folder = tmp_path_factory.mktemp("base")
    table = folder / "base.csv"
    table.write_bytes(_csv(_good(np.random.default_rng(SEED))))
    ws = folder / "ws.duckdb"
    with pytest.raises(SystemExit) as done:
        main(["ingest", str(table), "--workspace", str(ws), "--name", "base", *ROLES])
    assert done.value.code in (0, None)
    return ws


def _would_serve(host: str, port: int) -> None:
    """In place of binding a socket: the inputs were accepted, so stop with success."""
    raise typer.Exit(0)


@pytest.mark.parametrize(("source", "command"), CASES, ids=[f"{s}-{c}" for s, c in CASES])
def test_cli_fuzz(source: str, command: str, tmp_path: Path, base_workspace: Path,
                  capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng([SEED, sorted(INPUTS).index(source)])
    spec = INPUTS[source](rng)
    call = COMMANDS[command]
    inputs = tmp_path / "in"
    inputs.mkdir()
    path = inputs / f"{source}{spec.suffix}"
    if spec.content is None:
        path.mkdir()
    else:
        path.write_bytes(spec.content)
    ws = inputs / "ws.duckdb"
    if call.workspace:
        shutil.copyfile(base_workspace, ws)
    out = tmp_path / "out"
    before = {p.name: _digest(p) for p in inputs.iterdir()}
    argv = [a.replace("IN", str(path)).replace("OUT", str(out)).replace("WS", str(ws))
            if a in ("IN", "WS") or a.startswith("OUT") else a for a in call.argv]
    monkeypatch.setattr("advantage.cli.serve._bind", _would_serve)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
    code = int(exit_info.value.code or 0)
    stdout, stderr = capfd.readouterr()
    shown = [f"{w.category.__name__}: {w.message}" for w in caught
             if issubclass(w.category, SHOWN)]

    assert "Traceback" not in stderr and 'File "' not in stderr, stderr
    assert "This is a bug" not in stderr, stderr
    assert not shown, f"warnings reach stderr: {shown}"
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    if code != 0:
        assert len(errors) == 1, stderr
        after = {p.name: _digest(p) for p in inputs.iterdir()}
        assert after == before, "a failed command changed its input or the workspace"
        written = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
        assert not written, f"a failed command left files behind: {written}"
        return
    assert not errors, stderr
    assert _digest(path) == before[path.name], "the input changed"
    _check_success(spec, call, stdout, out, ws, base_workspace)


def _check_success(spec: Input, call: Command, stdout: str, out: Path, ws: Path,
                   base: Path) -> None:
    """A success must be right: a bad input accepted, or a label changed, is a failure."""
    assert spec.labels is not None, "a damaged input was accepted"
    if spec.microdata_says is not None:
        assert "--microdata" in call.argv, "a table with a bad or repeated row was accepted"
        assert spec.microdata_says in stdout, stdout
    regions, activities = spec.labels
    if call.ingests is not None:
        stored = Workspace(ws)
        panel = stored.panel(call.ingests)
        assert sorted(map(str, panel.regions)) == regions
        assert sorted(map(str, panel.activities)) == activities
        if call.ingests != "base":  # the data set already there is untouched
            assert (stored.panel("base").cube == Workspace(base).panel("base").cube).all()
    if call.argv[0] == "indicators":
        table = pd.read_csv(out / "ind" / "regions.csv", dtype=str, keep_default_na=False)
        assert sorted(set(table["region"])) == regions
        cells = pd.read_csv(out / "ind" / "cells.csv", dtype=str, keep_default_na=False)
        assert sorted(set(cells["activity"])) == activities
