"""Input-output linkages: Leontief inverse, backward and forward linkages, key sectors.

From an input-output table's intermediate flows :math:`Z` (row sector sells to column sector)
and gross output :math:`x`. The tables themselves are read by :mod:`advantage.io`
(:func:`advantage.io.read_ionet_table` for China's national tables,
:meth:`advantage.io.ChinaIO.table` of :func:`advantage.io.read_china_io` for its provincial
ones); this module only computes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, check_choice

__all__ = [
    "IOTable",
    "RegionalIOTable",
    "ghosh_inverse",
    "leontief_inverse",
    "linkages_over_tables",
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


@dataclass(frozen=True, eq=False)
class RegionalIOTable:
    r"""One region's input-output table for one year, with what it bought from outside.

    Regional tables in the competitive-import layout (China's provincial tables) record
    intermediate flows *including* the inputs bought from other regions and from abroad; what
    came from outside is recorded once per product, as columns of the final-use block (inflow
    from other regions, imports from abroad), not per using sector.

    Attributes
    ----------
    region, time
        Which table this is.
    flows : pandas.DataFrame
        Intermediate flows :math:`Z`, sector x sector (seller rows, buyer columns), as recorded.
    final_use : pandas.DataFrame
        Final use by product (sectors x categories) as recorded: consumption, capital
        formation, exports and outflow, and the balancing item; inflow and imports are kept
        apart in ``outside``.
    value_added : pandas.DataFrame
        Value-added components (rows) x sectors.
    output : pandas.Series
        Gross output per sector (zero where the region does not produce it).
    outside : pandas.DataFrame or None
        Per product, what the region bought from outside: columns ``inflow`` (other regions),
        ``imports`` (abroad) where the table records them separately, or ``inflow_and_imports``
        where it records only their sum; None where the table records neither (only a net
        outflow).
    names : pandas.Series, optional
        Sector names, for the linkage tables.
    """

    region: Any
    time: Any
    flows: pd.DataFrame
    final_use: pd.DataFrame
    value_added: pd.DataFrame
    output: pd.Series
    outside: pd.DataFrame | None = None
    names: pd.Series | None = None

    def outside_share(self) -> pd.Series:
        r"""Share of each product's supply in the region that came from outside it.

        .. math::

            s_i = \frac{m_i}{x_i + m_i}

        with :math:`m_i` the inflow plus imports of product :math:`i` and :math:`x_i` its
        gross output in the region. The tables record :math:`m_i` per product, not per user,
        so every user of product :math:`i` (other sectors, final demand, and outflow and
        exports, which can re-export what came in) is assumed to draw the same share
        :math:`s_i` from outside: the proportional (pool) assumption of regional
        input-output analysis (Miller and Blair 2009, section 3.3 and ch. 8). NaN where the
        region neither produces nor brings in the product.

        Raises
        ------
        AdvantageError
            When the table records no inflow or imports by product.

        Examples
        --------
        >>> t = RegionalIOTable("A", 2017, pd.DataFrame([[1.0]]), pd.DataFrame({"c": [9.0]}),
        ...                     pd.DataFrame([[9.0]]), pd.Series([10.0]),
        ...                     outside=pd.DataFrame({"inflow": [5.0], "imports": [5.0]}))
        >>> float(t.outside_share().iloc[0])
        0.5
        """
        if self.outside is None:
            raise AdvantageError(f"the table of {self.region} {self.time} records no inflow or "
                                 f"imports by product (only a net outflow), so the share bought "
                                 f"from outside cannot be computed.")
        bought = self.outside.sum(axis=1).to_numpy(dtype=float)
        supply = self.output.to_numpy(dtype=float) + bought
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(supply > 0, bought / supply, np.nan)
        return pd.Series(share, index=self.output.index, name="outside_share")

    def local_flows(self) -> pd.DataFrame:
        r"""Intermediate flows of local origin, :math:`(1 - s_i) z_{ij}` (see outside_share)."""
        share = self.outside_share().fillna(0.0)
        return self.flows.mul(1.0 - share, axis=0)

    def produced(self) -> pd.Index:
        """The sectors with positive gross output in the region."""
        return self.output.index[self.output.to_numpy(dtype=float) > 0]

    def linkages(self, *, forward: Literal["leontief", "ghosh"] = "leontief",
                 block: Literal["total", "local"] = "total") -> pd.DataFrame:
        """Linkages and key sectors of the region's own table (see :func:`sector_linkages`).

        Sectors the region does not produce (gross output zero or below) are left out: their
        use as an input then leaks out of the region, as imports do. ``block="total"`` uses
        the flows as recorded (inputs from outside included); ``block="local"`` only the
        flows of local origin (:meth:`local_flows`).
        """
        check_choice("block", block, ["total", "local"])
        flows = self.flows if block == "total" else self.local_flows()
        keep = self.produced()
        names = None if self.names is None else self.names.loc[keep].to_numpy()
        return sector_linkages(flows.loc[keep, keep], self.output.loc[keep], forward=forward,
                               names=names)


def linkages_over_tables(tables: Iterable[RegionalIOTable], *,
                         forward: Literal["leontief", "ghosh"] = "leontief",
                         block: Literal["total", "local"] = "total") -> pd.DataFrame:
    """Linkages and key sectors of many regional tables, in one tidy table.

    Parameters
    ----------
    tables : iterable of RegionalIOTable
        For example every province and year of China's provincial tables.
    forward, block
        As in :meth:`RegionalIOTable.linkages`.

    Returns
    -------
    pandas.DataFrame
        ``time, region`` and the columns of :meth:`RegionalIOTable.linkages`, one row per
        (table, sector the region produces).
    """
    frames = []
    for table in tables:
        result = table.linkages(forward=forward, block=block)
        result.insert(0, "time", table.time)
        result.insert(1, "region", table.region)
        frames.append(result)
    if not frames:
        raise AdvantageError("linkages_over_tables needs at least one table.")
    return pd.concat(frames, ignore_index=True)
