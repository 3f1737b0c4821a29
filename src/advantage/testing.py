"""Assert helpers for users' own tests (in the spirit of ``assert_geodataframe_equal``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from advantage.panel import Panel

__all__ = ["assert_indicators_close", "assert_panel_equal"]


def assert_panel_equal(left: Panel, right: Panel, *, rtol: float = 0.0, atol: float = 0.0) -> None:
    """Assert two panels have the same labels (in order) and values within tolerance.

    Examples
    --------
    >>> p = Panel.from_cube(np.ones((1, 2)), regions=["a"], activities=["x", "y"])
    >>> assert_panel_equal(p, p)
    """
    for name in ("times", "regions", "activities"):
        a, b = getattr(left, name), getattr(right, name)
        if not a.equals(b):
            raise AssertionError(f"{name} differ: {list(a[:10])!r} vs {list(b[:10])!r}")
    if left.has_time != right.has_time:
        raise AssertionError(f"has_time differs: {left.has_time} vs {right.has_time}")
    np.testing.assert_allclose(left.cube, right.cube, rtol=rtol, atol=atol,
                               err_msg="panel values differ")


def assert_indicators_close(left: pd.DataFrame, right: pd.DataFrame, *,
                            keys: tuple[str, ...] = ("time", "region", "activity"),
                            rtol: float = 1e-9, atol: float = 1e-9) -> None:
    """Assert two tidy indicator tables agree on their shared numeric columns, row by key.

    Rows are matched on the ``keys`` both tables have; a key present in one table only fails.
    NaN equals NaN.

    Examples
    --------
    >>> a = pd.DataFrame({"region": ["r"], "eci": [0.5]})
    >>> assert_indicators_close(a, a.assign(eci=0.5 + 1e-12))
    """
    on = [k for k in keys if k in left.columns and k in right.columns]
    if not on:
        raise AssertionError(f"the tables share none of the key columns {keys}.")
    merged = left.merge(right, on=on, how="outer", suffixes=("_left", "_right"),
                        indicator=True)
    lonely = merged[merged["_merge"] != "both"]
    if len(lonely):
        raise AssertionError(f"{len(lonely)} keys are in one table only, e.g. "
                             f"{lonely[on].head(3).to_dict('records')}")
    shared = [c for c in left.columns if c in right.columns and c not in on
              and pd.api.types.is_numeric_dtype(left[c])]
    for column in shared:
        np.testing.assert_allclose(merged[f"{column}_left"].to_numpy(float),
                                   merged[f"{column}_right"].to_numpy(float),
                                   rtol=rtol, atol=atol, err_msg=f"column {column!r} differs")
