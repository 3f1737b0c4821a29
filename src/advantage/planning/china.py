"""The China preset: macro-region groups, capital-city centroids and capacity endowments.

Region labels of a user's panel may be GB/T 2260 codes, Chinese or English names or any alias
:func:`advantage.reference.china.normalise_regions` knows; every function here maps them and
answers in the panel's own labels. The NBS macro-regions (2011) are ``east`` (10),
``central`` (6), ``west`` (12) and ``north-east`` (3); the transfer preset moves activities
from the east to the central, western and north-eastern provinces, the direction of China's
industrial-transfer guidance to the central and western regions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from advantage._checks import AdvantageError
from advantage.reference.china import normalise_regions, provinces

__all__ = [
    "CHINA_DESTINATIONS",
    "CHINA_SOURCES",
    "china_centroids",
    "china_endowment_strength",
    "china_regions",
    "china_transfer_groups",
]

CHINA_SOURCES = ("east",)
CHINA_DESTINATIONS = ("central", "west", "north-east")


def china_regions(regions: Iterable[Any]) -> pd.DataFrame:
    """Reference data (code, name_en, macro_region, lon, lat) for each panel region label.

    Raises naming the labels that are not mainland provinces.

    Examples
    --------
    >>> china_regions(["宁夏", "Guangdong"])[["region", "code", "macro_region"]].values.tolist()
    [['宁夏', '640000', 'west'], ['Guangdong', '440000', 'east']]
    """
    labels = list(regions)
    codes, unmatched = normalise_regions(labels, include_hk_mo_tw=False)
    if unmatched:
        raise AdvantageError(f"regions {unmatched[:5]!r} are not mainland Chinese provinces; "
                             "the China preset needs province names or GB/T 2260 codes.")
    table = provinces().set_index("code")
    out = table.loc[list(codes), ["name_en", "macro_region", "lon", "lat"]].reset_index()
    out.insert(0, "region", labels)
    return out


def china_transfer_groups(
    regions: Iterable[Any],
    *,
    sources: Sequence[str] = CHINA_SOURCES,
    destinations: Sequence[str] = CHINA_DESTINATIONS,
) -> tuple[list[Any], list[Any]]:
    """Source and destination region labels of a panel by NBS macro-region.

    Examples
    --------
    >>> s, d = china_transfer_groups(["Guangdong", "Ningxia", "Hubei", "Jilin"])
    >>> s, d
    (['Guangdong'], ['Ningxia', 'Hubei', 'Jilin'])
    """
    table = china_regions(regions)
    known = {"east", "central", "west", "north-east"}
    for name, groups in (("sources", sources), ("destinations", destinations)):
        bad = [g for g in groups if g not in known]
        if bad:
            raise AdvantageError(f"{name} {bad!r} are not NBS macro-regions; expected some of "
                                 f"{sorted(known)!r}.")
    src = table.loc[table["macro_region"].isin(sources), "region"].tolist()
    dst = table.loc[table["macro_region"].isin(destinations), "region"].tolist()
    if not src or not dst:
        raise AdvantageError("the China preset needs provinces of both groups in the panel; "
                             f"found {len(src)} source and {len(dst)} destination provinces.")
    return src, dst


def china_centroids(regions: Iterable[Any]) -> pd.DataFrame:
    """Columns region, lon, lat (capital cities) for the panel's region labels."""
    return china_regions(regions)[["region", "lon", "lat"]]


def china_endowment_strength(
    regions: Iterable[Any] | None = None,
    *,
    year: int = 2020,
    folder: str | Path | None = None,
    include: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Endowment strengths from the China capacity data, labelled like ``regions``.

    Parameters
    ----------
    regions : iterable, optional
        The panel's region labels (default the English province names).
    year : {2010, 2015, 2020}
        Capacity year.
    folder : path, optional
        Reference data folder (default :func:`advantage.config.data_dir`).
    include : mapping, optional
        Rename or select endowments, e.g. ``{"solar": "solar", "wind": "wind"}``.

    Returns
    -------
    pandas.DataFrame
        As :func:`~advantage.planning.endowments.endowment_strength`.
    """
    from advantage.io.endowments import read_china_capacity
    from advantage.planning.endowments import endowment_strength

    capacity = read_china_capacity(folder, year=year)
    if include is not None:
        capacity = capacity[capacity["endowment"].isin(include)]
        capacity = capacity.assign(endowment=capacity["endowment"].map(dict(include)))
    strength = endowment_strength(capacity)
    if regions is not None:
        table = china_regions(regions)
        relabel = dict(zip(table["name_en"], table["region"], strict=True))
        strength = strength[strength["region"].isin(relabel)]
        strength = strength.assign(region=strength["region"].map(relabel))
    return strength.reset_index(drop=True)
