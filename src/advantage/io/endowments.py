"""Reader for the China provincial capacity data used as the endowment worked example.

The files (``china/*_capacity_MW_*.csv`` and the population tables in the reference data
folder; China Electricity Council via PyPSA-China, NBS yearbook via PyPSA-China and
gcam-china) give installed capacity by province in MW and year-end population in 10k persons.
:func:`read_china_capacity` returns one tidy table that
:func:`advantage.measures.endowments.endowment_strength` turns into strengths per person.

Installed capacity is a *proxy* for the endowment: solar and wind capacity show where the
resource has been developed, coal and CHP capacity where coal power is.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from advantage._checks import AdvantageError, check_choice
from advantage.config import data_dir
from advantage.reference.china import normalise_regions, provinces
from advantage.reference.presets import RegionPreset

__all__ = ["CHINA_CAPACITY_FILES", "china_endowment_strength", "china_province_name",
           "read_china_capacity"]

#: Endowment name -> capacity files (summed) in the ``china`` folder.
CHINA_CAPACITY_FILES: dict[str, tuple[str, ...]] = {
    "solar": ("solar_capacity_MW_2010_2015_2020.csv",),
    "wind": ("onwind_capacity_MW_2010_2015_2020.csv", "offwind_capacity_MW_2010_2015_2020.csv"),
    "coal": ("coal_capacity_MW_1995_2020.csv",),
    "chp": ("CHP_capacity_MW_1995_2020.csv",),
}


def china_province_name(name: str) -> str:
    """The English name of a mainland province, from any alias ("InnerMongolia", "内蒙古").

    Uses :func:`advantage.reference.china.normalise_regions`; unknown names raise.

    Examples
    --------
    >>> china_province_name("InnerMongolia")
    'Inner Mongolia'
    """
    codes, _ = normalise_regions([name], include_hk_mo_tw=False)
    if codes[0] is None:
        raise AdvantageError(f"{name!r} is not a mainland Chinese province name or code.")
    return str(_english_names()[codes[0]])


def _english_names() -> dict[str, str]:
    table = provinces()
    return dict(zip(table["code"], table["name_en"], strict=True))


def read_china_capacity(folder: str | Path | None = None, *, year: int = 2020) -> pd.DataFrame:
    """Installed capacity (MW) and population (10k persons) by province for one year.

    Parameters
    ----------
    folder : path, optional
        The reference data folder (holding ``china/``) or the ``china`` folder itself;
        default :func:`advantage.config.data_dir`.
    year : {2010, 2015, 2020}
        The capacity year (the years every file covers). Population is the same year-end
        figure (``population_2020_10k.csv`` for 2020, the yearbook table otherwise).

    Returns
    -------
    pandas.DataFrame
        Columns region, endowment, year, value (MW), population (10k persons); endowments
        solar, wind (onshore + offshore), coal and chp.

    Examples
    --------
    >>> from advantage.measures.endowments import endowment_strength
    >>> cap = read_china_capacity()  # doctest: +SKIP
    >>> endowment_strength(cap).query("endowment == 'solar'").nlargest(3, "strength")
    ... # doctest: +SKIP
    """
    check_choice("year", year, [2010, 2015, 2020])
    china = _china_folder(folder)
    population = _population(china, year)
    frames = []
    for endowment, files in CHINA_CAPACITY_FILES.items():
        total: pd.Series | None = None
        for name in files:
            part = _wide_by_province(china / name)
            if str(year) not in part.columns:
                raise AdvantageError(f"{name} has no column for {year}.")
            series = pd.to_numeric(part[str(year)], errors="raise")
            total = series if total is None else total.add(series, fill_value=0.0)
        assert total is not None
        frames.append(pd.DataFrame({"region": total.index, "endowment": endowment,
                                    "year": year, "value": total.to_numpy()}))
    out = pd.concat(frames, ignore_index=True)
    out["population"] = out["region"].map(population)
    if out["population"].isna().any():
        lacking = sorted(out.loc[out["population"].isna(), "region"].unique())
        raise AdvantageError(f"no {year} population for provinces {lacking}.")
    return out


def _china_folder(folder: str | Path | None) -> Path:
    base = Path(folder) if folder is not None else data_dir()
    if base is None:
        raise AdvantageError("reference data folder not found: pass folder= or set "
                             "ADVANTAGE_DATA.")
    china = base if (base / "population_2020_10k.csv").exists() else base / "china"
    if not (china / "population_2020_10k.csv").exists():
        raise AdvantageError(f"{str(china)!r} does not hold the China capacity files "
                             "(population_2020_10k.csv and *_capacity_MW_*.csv).")
    return china


def _wide_by_province(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, comment="#")
    first = frame.columns[0]
    frame = frame[frame[first].astype(str).str.lower() != "national total"]
    frame.index = pd.Index([china_province_name(n) for n in frame[first]], name="region")
    if not frame.index.is_unique:
        raise AdvantageError(f"{path.name} lists a province twice.")
    return frame.drop(columns=first)


def _population(china: Path, year: int) -> pd.Series:
    if year == 2020:
        table = _wide_by_province(china / "population_2020_10k.csv")
    else:
        table = _wide_by_province(china / "China_Statistics_Yearbook_population_10k_2000_2019.csv")
    return pd.to_numeric(table[str(year)], errors="raise")


def china_endowment_strength(
    preset: RegionPreset | None = None,
    *,
    year: int = 2020,
    folder: str | Path | None = None,
    include: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Endowment strengths from the China capacity data, labelled like a panel's regions.

    Parameters
    ----------
    preset : RegionPreset, optional
        The China preset of the panel (:func:`advantage.reference.presets.china_preset`):
        rows are relabelled with the panel's own labels and limited to its provinces.
        Default: every province, by English name.
    year : {2010, 2015, 2020}
        Capacity year.
    folder : path, optional
        Reference data folder (default :func:`advantage.config.data_dir`).
    include : mapping, optional
        Rename or select endowments, e.g. ``{"solar": "solar", "wind": "wind"}``.

    Returns
    -------
    pandas.DataFrame
        As :func:`~advantage.measures.endowments.endowment_strength`.
    """
    from advantage.measures.endowments import endowment_strength

    capacity = read_china_capacity(folder, year=year)
    if include is not None:
        capacity = capacity[capacity["endowment"].isin(include)]
        capacity = capacity.assign(endowment=capacity["endowment"].map(dict(include)))
    strength = endowment_strength(capacity)
    if preset is not None:
        relabel = dict(zip(preset.table["name_en"], preset.table["region"], strict=True))
        strength = strength[strength["region"].isin(relabel)]
        strength = strength.assign(region=strength["region"].map(relabel))
    return strength.reset_index(drop=True)
