"""Input-output linkages: Leontief inverse, backward and forward linkages, key sectors.

From an input-output table's intermediate flows :math:`Z` (row sector sells to column sector)
and gross output :math:`x`. Also a reader for China's national 42-sector tables as published by
the ``ionet`` R package (NBS China), which separate domestic and imported intermediate use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice
from advantage.config import data_dir

__all__ = [
    "IOTable",
    "ghosh_inverse",
    "leontief_inverse",
    "read_ionet_table",
    "sector_linkages",
    "technical_coefficients",
]


def _square(flows: Any, output: Any) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """Validated (Z, x, sector labels) from frames/series or arrays."""
    labels = flows.index if isinstance(flows, pd.DataFrame) else None
    z = np.asarray(flows, dtype=float)
    x = np.asarray(output, dtype=float).reshape(-1)
    if z.ndim != 2 or z.shape[0] != z.shape[1]:
        raise AdvantageError(f"flows must be a square sector x sector matrix, got shape "
                             f"{z.shape}.")
    if x.shape[0] != z.shape[0]:
        raise AdvantageError(f"output has {x.shape[0]} sectors but flows has {z.shape[0]}.")
    if isinstance(flows, pd.DataFrame) and not flows.index.equals(flows.columns):
        raise AdvantageError("flows must have the same sectors, in the same order, as rows and "
                             "columns.")
    if isinstance(output, pd.Series) and labels is not None and not output.index.equals(labels):
        raise AdvantageError("output must be labelled by the same sectors as flows.")
    if not (np.isfinite(z).all() and np.isfinite(x).all()):
        raise AdvantageError("flows and output must be finite numbers.")
    index = pd.Index(labels if labels is not None else range(len(x)), name="sector")
    if (x <= 0).any():
        raise AdvantageError(f"gross output must be positive; it is not for sectors "
                             f"{list(index[x <= 0][:5])!r}.")
    return z, x, index


def technical_coefficients(flows: Any, output: Any) -> pd.DataFrame:
    r"""Input coefficients :math:`a_{ij} = z_{ij} / x_j` (inputs per unit of the buyer's output).

    Parameters
    ----------
    flows : pandas.DataFrame or numpy.ndarray
        Intermediate flows :math:`Z`, sector x sector (seller rows, buyer columns).
    output : pandas.Series or array-like
        Gross output :math:`x` per sector, positive.

    Returns
    -------
    pandas.DataFrame
        :math:`A`, labelled by sector.

    References
    ----------
    Leontief, W. (1936) Quantitative input and output relations in the economic system of the
    United States, *Review of Economics and Statistics* 18(3). Miller and Blair (2009), ch. 2.

    Examples
    --------
    >>> technical_coefficients(np.array([[10.0, 20.0], [30.0, 0.0]]), [100.0, 200.0]).values
    array([[0.1, 0.1],
           [0.3, 0. ]])
    """
    z, x, index = _square(flows, output)
    return pd.DataFrame(z / x[None, :], index=index, columns=index)


def _inverse(matrix: np.ndarray, what: str) -> np.ndarray:
    n = matrix.shape[0]
    try:
        inverse = np.linalg.solve(np.eye(n) - matrix, np.eye(n))
    except np.linalg.LinAlgError:
        raise AdvantageError(f"I - {what} is singular: the table is not productive.") from None
    if (inverse < -1e-9).any():
        raise AdvantageError(f"the inverse of I - {what} has negative entries: the table is not "
                             f"productive (some column of coefficients sums to 1 or more).")
    return inverse


def leontief_inverse(coefficients: Any) -> pd.DataFrame:
    r"""The Leontief inverse :math:`L = (I - A)^{-1}` of a technical-coefficient matrix.

    :math:`l_{ij}` is the output of sector :math:`i` needed per unit of final demand for
    sector :math:`j`. Fails when :math:`I - A` is singular or its inverse has negative
    entries (the table is not productive).

    References
    ----------
    Leontief (1936); Miller, R. E. and Blair, P. D. (2009) *Input-Output Analysis*, 2nd ed.,
    Cambridge, section 2.3.

    Examples
    --------
    >>> leontief_inverse(np.array([[0.5, 0.0], [0.0, 0.0]])).values
    array([[2., 0.],
           [0., 1.]])
    """
    a = np.asarray(coefficients, dtype=float)
    index = coefficients.index if isinstance(coefficients, pd.DataFrame) else None
    inverse = _inverse(a, "A")
    return pd.DataFrame(inverse, index=index, columns=index)


def ghosh_inverse(flows: Any, output: Any) -> pd.DataFrame:
    r"""The Ghosh inverse :math:`G = (I - B)^{-1}`, :math:`b_{ij} = z_{ij} / x_i` (allocation).

    The supply-side counterpart of the Leontief inverse; :math:`G = \hat x^{-1} L \hat x`.

    References
    ----------
    Ghosh, A. (1958) Input-output approach in an allocation system, *Economica* 25(97).
    Miller and Blair (2009), section 12.1.

    Examples
    --------
    >>> ghosh_inverse(np.array([[50.0, 0.0], [0.0, 0.0]]), [100.0, 10.0]).values
    array([[2., 0.],
           [0., 1.]])
    """
    z, x, index = _square(flows, output)
    return pd.DataFrame(_inverse(z / x[:, None], "B"), index=index, columns=index)


def sector_linkages(flows: Any, output: Any, *,
                    forward: Literal["leontief", "ghosh"] = "leontief",
                    names: Any = None) -> pd.DataFrame:
    r"""Backward and forward linkages of every sector, and the key sectors.

    With the Leontief inverse :math:`L = (I - A)^{-1}` of :math:`A = Z \hat x^{-1}`:

    .. math::

        BL_j = \frac{\sum_i l_{ij}}{\frac1n \sum_{i,k} l_{ik}}, \qquad
        FL_i = \frac{\sum_j l_{ij}}{\frac1n \sum_{k,j} l_{kj}}

    the power and sensitivity of dispersion (Rasmussen 1956). The default forward linkage is
    Rasmussen's row sums of :math:`L`; ``forward="ghosh"`` uses the row sums of the Ghosh inverse
    :math:`(I - \hat x^{-1} Z)^{-1}` instead, which many authors prefer because it measures
    supply-side push rather than the demand-driven model's row sums (Miller and Blair 2009,
    section 12.2). A sector with both linkages above 1 is a key sector (Hirschman 1958).

    Parameters
    ----------
    flows : pandas.DataFrame or numpy.ndarray
        Intermediate flows :math:`Z`, sector x sector (seller rows, buyer columns).
    output : pandas.Series or array-like
        Gross output :math:`x` per sector, positive.
    forward : {"leontief", "ghosh"}
        Which inverse the forward linkage uses.
    names : sequence or pandas.Series, optional
        Sector names, in the sectors' order, reported in a ``name`` column.

    Returns
    -------
    pandas.DataFrame
        ``sector, [name,] output, backward, forward, key_sector, type, output_multiplier,
        forward_sum`` where ``type`` is "key", "backward" (only BL > 1), "forward" (only
        FL > 1) or "weak", ``output_multiplier`` the column sums of :math:`L` and
        ``forward_sum`` the unnormalised row sums.

    References
    ----------
    Rasmussen, P. N. (1956) *Studies in Inter-Sectoral Relations*, Copenhagen. Hirschman, A. O.
    (1958) *The Strategy of Economic Development*, Yale. Miller, R. E. and Blair, P. D. (2009)
    *Input-Output Analysis*, 2nd ed., Cambridge.

    Examples
    --------
    >>> z = np.array([[20.0, 40.0], [10.0, 10.0]])
    >>> out = sector_linkages(z, [100.0, 100.0])
    >>> out[["backward", "forward", "type"]].round(3).values.tolist()
    [[0.909, 1.182, 'forward'], [1.091, 0.818, 'backward']]
    """
    check_choice("forward", forward, ["leontief", "ghosh"])
    z, x, index = _square(flows, output)
    leontief = _inverse(z / x[None, :], "A")
    n = len(x)
    column_sums = leontief.sum(axis=0)
    backward = column_sums / (column_sums.sum() / n)
    rows = (leontief if forward == "leontief" else _inverse(z / x[:, None], "B")).sum(axis=1)
    forward_index = rows / (rows.sum() / n)
    key = (backward > 1.0) & (forward_index > 1.0)
    kind = np.where(key, "key", np.where(backward > 1.0, "backward",
                                         np.where(forward_index > 1.0, "forward", "weak")))
    out = pd.DataFrame({"sector": np.asarray(index)})
    if names is not None:
        name_values = np.asarray(names)
        if len(name_values) != n:
            raise AdvantageError(f"names has {len(name_values)} entries for {n} sectors.")
        out["name"] = name_values
    out["output"] = x
    out["backward"] = backward
    out["forward"] = forward_index
    out["key_sector"] = key
    out["type"] = kind
    out["output_multiplier"] = column_sums
    out["forward_sum"] = rows
    return out


@dataclass(frozen=True, eq=False)
class IOTable:
    """A national input-output table with domestic and imported intermediate use.

    Attributes
    ----------
    flows : pandas.DataFrame
        Domestic intermediate flows, sector x sector (seller rows, buyer columns).
    imports : pandas.DataFrame
        Imported intermediate use, same shape.
    value_added : pandas.DataFrame
        Value-added components (rows, e.g. compensation of employees) x sectors.
    final_use : pandas.DataFrame
        Final use of domestic output, sectors x categories (consumption, capital formation,
        inventories, exports).
    output : pandas.Series
        Gross output per sector.
    names, names_zh : pandas.Series
        Sector names in English and Chinese.
    balance : pandas.DataFrame
        Per sector, the relative gaps ``input_gap`` = (domestic + imported intermediate
        inputs + value added - output) / output (column balance) and ``use_gap`` =
        (intermediate + final use of domestic output - output) / output (row balance).
    """

    flows: pd.DataFrame
    imports: pd.DataFrame
    value_added: pd.DataFrame
    final_use: pd.DataFrame
    output: pd.Series
    names: pd.Series
    names_zh: pd.Series
    balance: pd.DataFrame

    def linkages(self, *, forward: Literal["leontief", "ghosh"] = "leontief",
                 block: Literal["domestic", "total"] = "domestic") -> pd.DataFrame:
        """Linkages of this table from domestic (default) or domestic + imported flows."""
        check_choice("block", block, ["domestic", "total"])
        flows = self.flows if block == "domestic" else self.flows + self.imports
        return sector_linkages(flows, self.output, forward=forward,
                               names=self.names.to_numpy())


def _resolve(path: str | Path) -> Path:
    candidate = Path(path)
    if candidate.exists() or candidate.is_absolute():
        return candidate
    folder = data_dir()
    if folder is not None and (folder / candidate).exists():
        return folder / candidate
    return candidate


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
    df = pd.read_csv(file, dtype={"Code": str})
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
    z = domestic[sectors].astype(float).set_axis(index).set_axis(index, axis=1)
    m = imported[sectors].astype(float).set_axis(index).set_axis(index, axis=1)
    value_added = va[sectors].astype(float).set_axis(index, axis=1)
    final_use = domestic[final_cols].astype(float).set_axis(index)
    output = domestic["GO"].astype(float).set_axis(index).rename("output")
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
