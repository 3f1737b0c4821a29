"""Reader for China's national input-output tables in the ``ionet`` layout (NBS, 42 sectors).

The ``ionet`` R package publishes the tables with domestic and imported intermediate use in
separate blocks; :func:`read_ionet_table` turns one file into an
:class:`advantage.measures.linkages.IOTable`, whose computations live in ``measures``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from advantage._checks import AdvantageError
from advantage.config import data_dir
from advantage.io.tables import read_table
from advantage.measures.linkages import IOTable

__all__ = ["read_ionet_table"]


def _resolve(path: str | Path) -> Path:
    candidate = Path(path)
    if candidate.exists() or candidate.is_absolute():
        return candidate
    folder = data_dir()
    if folder is not None and (folder / candidate).exists():
        return folder / candidate
    return candidate


def _numbers(name: str, cells: pd.DataFrame) -> pd.DataFrame:
    """The cells as floats (empty cells missing); any other text is an error naming it."""
    numbers = cells.apply(pd.to_numeric, errors="coerce")
    text = cells.astype("string").apply(lambda c: c.str.strip())
    bad = numbers.isna() & text.notna() & text.ne("")
    if bad.to_numpy().any():
        row, column = bad.stack().loc[lambda s: s].index[0]
        raise AdvantageError(f"{name}: the cell of row {row!r}, column {column!r} is "
                             f"{cells.at[row, column]!r}, not a number; the flows, uses, value "
                             "added and output of an ionet table are numbers.")
    return numbers.astype(float)


def read_ionet_table(path: str | Path, *, rtol: float = 1e-6) -> IOTable:
    """Read a national input-output table in the ``ionet`` layout (China, 42 sectors).

    Rows are ``Code, Description, DescriptionInChinese, Origin`` then one column per sector
    code, final-use columns and ``GO`` (gross output). Rows with ``Origin`` "Domestic" hold
    the use of domestic output, "Imports" the use of imports, and ``VA...`` codes the
    value-added components. The reader checks both accounting identities, column (inputs +
    value added = output) and row (intermediate + final use = output), and fails when a gap
    exceeds ``rtol``; the gaps are kept in ``balance``. A relative path that does not exist is
    looked up in the data folder (:func:`advantage.config.data_dir`).

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV file, e.g. ``ionet_china_2017_42.csv``.
    rtol : float
        Largest relative accounting gap accepted (default 1e-6).

    Returns
    -------
    IOTable

    Notes
    -----
    A bare file name such as ``"ionet_china_2017_42.csv"`` is looked up in the reference data
    folder (``ADVANTAGE_DATA``); ``tests/test_linkages.py`` reads both real tables.
    """
    file = _resolve(path)
    if not file.exists():
        raise AdvantageError(f"input-output table {str(path)!r} does not exist (also not in the "
                             f"data folder).")
    df = read_table(file).frame
    needed = ["Code", "Description", "DescriptionInChinese", "Origin", "GO"]
    absent = [c for c in needed if c not in df.columns]
    if absent:
        raise AdvantageError(f"{file.name} is not an ionet table: it lacks columns {absent!r}.")
    domestic = df[df["Origin"] == "Domestic"].set_index("Code")
    imported = df[df["Origin"] == "Imports"].set_index("Code")
    sectors = list(domestic.index)
    missing = [s for s in sectors if s not in df.columns]
    if not sectors or missing or list(imported.index) != sectors:
        raise AdvantageError(f"{file.name}: the Domestic rows, Imports rows and sector columns "
                             f"do not list the same sectors (e.g. missing columns "
                             f"{missing[:5]!r}).")
    after = list(df.columns[list(df.columns).index(sectors[-1]) + 1:])
    final_cols = [c for c in after if c not in ("TIU", "TFU", "GO")]
    va = df[df["Code"].str.match(r"^VA\d+$", na=False)].set_index("Code")
    if va.empty:
        raise AdvantageError(f"{file.name}: no value-added rows (codes VA001, VA002, ...).")
    index = pd.Index(sectors, name="sector")
    z = _numbers(file.name, domestic[sectors]).set_axis(index).set_axis(index, axis=1)
    m = _numbers(file.name, imported[sectors]).set_axis(index).set_axis(index, axis=1)
    value_added = _numbers(file.name, va[sectors]).set_axis(index, axis=1)
    final_use = _numbers(file.name, domestic[final_cols]).set_axis(index)
    output = _numbers(file.name, domestic[["GO"]])["GO"].set_axis(index).rename("output")
    inputs = z.sum(axis=0) + m.sum(axis=0) + value_added.sum(axis=0)
    uses = z.sum(axis=1) + final_use.sum(axis=1)
    balance = pd.DataFrame({"input_gap": (inputs - output) / output,
                            "use_gap": (uses - output) / output})
    worst = balance.abs().max()
    if (worst > rtol).any():
        raise AdvantageError(f"{file.name} does not balance: largest relative gaps are "
                             f"{worst['input_gap']:.2e} (inputs + value added vs output) and "
                             f"{worst['use_gap']:.2e} (uses vs output), above rtol={rtol}.")
    return IOTable(flows=z, imports=m, value_added=value_added, final_use=final_use,
                   output=output, names=domestic["Description"].set_axis(index).rename("name"),
                   names_zh=domestic["DescriptionInChinese"].set_axis(index).rename("name_zh"),
                   balance=balance)
