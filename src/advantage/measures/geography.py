r"""Distances between regions: the one great-circle distance of the project.

Every distance in Advantage (transfer matching, region presets, reports) comes from
:func:`great_circle_km`, the haversine formula on a sphere of the mean Earth radius
(IUGG, :data:`EARTH_RADIUS_KM` = 6371.0088 km, Moritz 2000). The sphere differs from the
ellipsoid by at most about 0.5 %, far below what a regional planning comparison resolves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from advantage._checks import AdvantageError, plain
from advantage.panel import to_pandas

__all__ = ["EARTH_RADIUS_KM", "distance_matrix", "great_circle_km"]

#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088


def great_circle_km(lon1: Any, lat1: Any, lon2: Any, lat2: Any) -> np.ndarray:
    r"""Great-circle distance in km by the haversine formula (broadcasting over arrays).

    .. math:: d = 2R \arcsin\sqrt{\sin^2\tfrac{\Delta\varphi}{2} + \cos\varphi_1
              \cos\varphi_2 \sin^2\tfrac{\Delta\lambda}{2}}

    with longitudes :math:`\lambda` and latitudes :math:`\varphi` in degrees.

    Examples
    --------
    >>> round(float(great_circle_km(116.4, 39.9, 121.47, 31.23)))  # Beijing - Shanghai
    1067
    """
    lam1, phi1, lam2, phi2 = (np.radians(np.asarray(v, dtype=float))
                              for v in (lon1, lat1, lon2, lat2))
    h = np.sin((phi2 - phi1) / 2) ** 2 + np.cos(phi1) * np.cos(phi2) \
        * np.sin((lam2 - lam1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def distance_matrix(centroids: Any, origins: Sequence[Any],
                    destinations: Sequence[Any]) -> np.ndarray:
    """Great-circle km between every origin and destination, from a ``region, lon, lat`` table.

    Examples
    --------
    >>> c = pd.DataFrame({"region": ["bj", "sh"], "lon": [116.4, 121.47], "lat": [39.9, 31.23]})
    >>> distance_matrix(c, ["bj"], ["bj", "sh"]).round().tolist()
    [[0.0, 1067.0]]
    """
    frame = to_pandas(centroids)
    need = {"region", "lon", "lat"}
    if not need <= set(frame.columns):
        raise AdvantageError(f"centroids needs columns region, lon, lat; it has "
                             f"{list(frame.columns)!r}.")
    table = frame.set_index("region")[["lon", "lat"]]
    coords = table.apply(pd.to_numeric, errors="coerce")
    off = ~(coords["lon"].between(-180, 180) & coords["lat"].between(-90, 90))
    if off.any():
        region = off[off].index[0]
        raise AdvantageError(
            f"centroids of {plain(region)!r} are lon={table.loc[region, 'lon']!r}, "
            f"lat={table.loc[region, 'lat']!r}; longitude must lie in [-180, 180] and "
            f"latitude in [-90, 90] (degrees).")
    table = coords
    index = pd.Index(table.index)
    missing = [r for r in [*origins, *destinations] if r not in index]
    if missing:
        raise AdvantageError(f"centroids has no coordinates for {missing[:5]!r}.")
    s = table.loc[list(origins)].to_numpy(float)
    d = table.loc[list(destinations)].to_numpy(float)
    return great_circle_km(s[:, 0][:, None], s[:, 1][:, None], d[:, 0][None], d[:, 1][None])
