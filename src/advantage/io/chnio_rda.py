"""Convert the CHNIO R package's ``io{2002,2007,2012,2017}.rda`` files into long flows.

The CHNIO package (GitHub ``common2016/CHNIO``, GPL >= 3) stores China's provincial
input-output tables as one R list per year, one data frame per province (keyed by the
province's short Chinese name): a ``sec`` column naming the rows (``sec01`` ... ``sec42``,
``VA001`` ... ``VA004``, ``TVA``, ``TI``) and one column per sector (``sec01`` ...) or
final-use, trade and total code (``FU101`` ... ``GO``). The files are read with the
pure-Python ``rdata`` package (MIT); no R is needed. Cells that are empty in R (NA: the
value-added rows under the final-use columns, and one cell of Guangxi 2002) are left out,
as in the data folder's CSV.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError
from advantage.reference.china import normalise_regions

__all__ = ["RDA_FILES", "read_chnio_rda"]

#: The CHNIO files, one per year.
RDA_FILES = {2002: "io2002.rda", 2007: "io2007.rda", 2012: "io2012.rda", 2017: "io2017.rda"}

_SECTOR = re.compile(r"^sec(\d{2})$")


def _code(label: str) -> str:
    found = _SECTOR.match(label)
    return found.group(1) if found else label


def _one(path: Path) -> pd.DataFrame:
    try:
        import rdata
    except ImportError:  # pragma: no cover - a declared dependency
        raise AdvantageError("reading .rda files needs the 'rdata' package "
                             "(pip install rdata).") from None
    try:
        content = rdata.read_rda(path)
    except Exception as exc:  # rdata raises assorted errors on foreign input
        raise AdvantageError(f"{str(path)!r} is not a readable R data file: "
                             f"{type(exc).__name__}: {exc}") from None
    names = [n for n in content if re.fullmatch(r"io\d{4}", str(n))]
    if len(names) != 1 or not isinstance(content[names[0]], dict):
        raise AdvantageError(f"{str(path)!r} does not hold one CHNIO table list "
                             f"(io2002 ... io2017); it holds {list(content)!r}.")
    year = int(str(names[0])[2:])
    frames = []
    provinces = [str(p) for p in content[names[0]]]
    codes, unmatched = normalise_regions(provinces, include_hk_mo_tw=False)
    if unmatched:
        raise AdvantageError(f"{str(path)!r}: province names {unmatched!r} are not known.")
    for province, code in zip(provinces, codes, strict=True):
        table = content[names[0]][province]
        if "sec" not in table.columns:
            raise AdvantageError(f"{str(path)!r}: the table of {province} has no 'sec' column.")
        values = table.drop(columns="sec").to_numpy(dtype=np.float64)
        rows = np.array([_code(str(r)) for r in table["sec"]], dtype=object)
        columns = np.array([_code(str(c)) for c in table.columns if c != "sec"], dtype=object)
        keep = ~np.isnan(values)
        where = np.nonzero(keep)
        frames.append(pd.DataFrame({
            "year": year, "province": province, "gb2260": code,
            "row": rows[where[0]], "column": columns[where[1]], "value": values[keep],
        }))
    return pd.concat(frames, ignore_index=True)


def read_chnio_rda(paths: Iterable[str | Path]) -> pd.DataFrame:
    """The tables of the given ``.rda`` files as one long frame.

    Parameters
    ----------
    paths : iterable of path
        CHNIO's ``io2002.rda`` ... ``io2017.rda`` (any subset).

    Returns
    -------
    pandas.DataFrame
        ``year, province, gb2260, row, column, value``, the layout of the data folder's
        ``china/provincial_io_42sec_2002_2017_flows.csv.gz``.
    """
    frames = [_one(Path(p)) for p in paths]
    if not frames:
        raise AdvantageError("no .rda files given.")
    return pd.concat(frames, ignore_index=True)
