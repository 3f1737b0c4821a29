"""Region presets: what a country's reference data knows about a panel's regions.

A :class:`RegionPreset` is resolved once, at the edge (command line, report, dashboard, demo),
from the panel's own region labels, and handed to the library as plain data: display names
in each language, aliases for finding a region by another of its names, macro-region groups,
the default transfer groups, centroids for distances, and the boundaries for maps. Planning
and measures never see a country: they receive lists of labels and tables.

China is the first preset (:func:`china_preset`): the 31 mainland provincial divisions, named
by any alias :func:`~advantage.reference.china.normalise_regions` knows (宁夏, Ningxia,
640000, ...), the NBS macro-regions (east, central, west, north-east) and the transfer
direction of China's industrial-transfer guidance: from the east to the central, western and
north-eastern provinces.

:func:`resolve_preset` chooses a preset for a panel. With ``"auto"`` it picks China only when
region *names* match it (at least half of the distinct labels, none of them bare numbers):
numeric codes alone are never taken for Chinese provinces, so a US FIPS code 36 is not
Jiangxi.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from advantage._checks import AdvantageError, check_choice
from advantage.reference.china import MACRO_REGIONS, normalise_regions, provinces

__all__ = [
    "CHINA_DESTINATIONS",
    "CHINA_ENERGY_TAGS",
    "CHINA_SOURCES",
    "PRESETS",
    "RegionPreset",
    "china_preset",
    "resolve_preset",
]

CHINA_SOURCES = ("east",)
CHINA_DESTINATIONS = ("central", "west", "north-east")

#: Worked example for China's western development: energy-hungry activities and the
#: endowments they draw on (an illustration for the capacity data, not a classification).
CHINA_ENERGY_TAGS: dict[str, tuple[str, ...]] = {
    "data centres": ("solar", "wind"),
    "green hydrogen (electrolysers)": ("solar", "wind"),
    "polysilicon and PV wafers": ("solar", "coal"),
    "electrolytic aluminium": ("coal",),
    "ferroalloys and silicon metal": ("coal",),
    "coal chemicals": ("coal",),
    "wind turbine assembly": ("wind",),
}

#: Presets by name.
PRESETS = ("china",)


@dataclass(frozen=True, eq=False)
class RegionPreset:
    """Reference data about a panel's regions, keyed by the panel's own labels.

    Attributes
    ----------
    name : str
        The preset's name (``"china"``).
    table : pandas.DataFrame
        One row per matched panel label: ``region`` (the panel's label), ``code``,
        ``name_en``, ``name_zh``, ``group`` (macro-region), ``lon``, ``lat``.
    sources, destinations : tuple of str
        Groups activities leave and go to by default (transfer).
    boundaries : callable, optional
        Returns GeoJSON boundaries and the feature property holding ``code``.
    unmatched : list
        Panel labels the preset does not know.
    groups : tuple of str
        Every group name the preset defines (whether or not the panel has regions in it).
    """

    name: str
    table: pd.DataFrame
    sources: tuple[str, ...] = ()
    destinations: tuple[str, ...] = ()
    boundaries: Callable[[], tuple[dict[str, Any], str]] | None = None
    unmatched: list[Any] = field(default_factory=list)
    groups: tuple[str, ...] = ()

    def names(self, lang: str) -> dict[Any, str]:
        """Panel label -> display name in ``lang`` (``"en"`` or ``"zh"``)."""
        column = "name_zh" if lang == "zh" else "name_en"
        return dict(zip(self.table["region"], self.table[column], strict=True))

    def alias(self, text: Any) -> Any:
        """The panel label another name of a region stands for (None when unknown).

        Usable as ``aliases=`` of :meth:`advantage.Panel.locate`.
        """
        code = normalise_regions([text], include_hk_mo_tw=True)[0][0]
        if code is None:
            return None
        found = self.table.loc[self.table["code"] == code, "region"]
        return found.iloc[0] if len(found) else None

    def group(self, names: Iterable[str]) -> list[Any]:
        """Panel labels of the regions in the given groups (macro-regions)."""
        known = list(self.groups)
        wanted = list(names)
        bad = [g for g in wanted if g not in known]
        if bad:
            raise AdvantageError(f"groups {bad!r} are not {self.name} region groups; expected "
                                 f"some of {known!r}.")
        return self.table.loc[self.table["group"].isin(wanted), "region"].tolist()

    def transfer_groups(self) -> tuple[list[Any], list[Any]]:
        """The default source and destination labels; raises if either group is empty."""
        src, dst = self.group(self.sources), self.group(self.destinations)
        if not src or not dst:
            raise AdvantageError(
                f"the {self.name} preset needs regions of both transfer groups in the panel; "
                f"found {len(src)} in {list(self.sources)} and {len(dst)} in "
                f"{list(self.destinations)}.")
        return src, dst

    def centroids(self) -> pd.DataFrame:
        """``region, lon, lat`` of every matched label (for distances)."""
        return self.table[["region", "lon", "lat"]].reset_index(drop=True)


def china_preset(regions: Sequence[Any], *, codes: bool = True) -> RegionPreset:
    """The China preset for a panel whose regions are mainland provinces.

    Parameters
    ----------
    regions : sequence
        The panel's region labels (names, aliases or GB/T 2260 codes).
    codes : bool
        Accept bare numeric codes (640000, 64) as well as names.

    Examples
    --------
    >>> preset = china_preset(["宁夏", "Guangdong", "Hubei"])
    >>> preset.names("en")["宁夏"], preset.transfer_groups()
    ('Ningxia', (['Guangdong'], ['宁夏', 'Hubei']))
    """
    from advantage.reference.china import china_geojson

    labels = list(regions)
    found, unmatched = normalise_regions(
        [x if codes or not _numeric(x) else f"\0{x}" for x in labels], include_hk_mo_tw=False)
    table = provinces().set_index("code")
    rows = [(label, code) for label, code in zip(labels, found, strict=True) if code]
    info = table.loc[[c for _, c in rows]]
    frame = pd.DataFrame({
        "region": [label for label, _ in rows], "code": [c for _, c in rows],
        "name_en": info["name_en"].to_numpy(), "name_zh": info["short_zh"].to_numpy(),
        "group": info["macro_region"].to_numpy(), "lon": info["lon"].to_numpy(),
        "lat": info["lat"].to_numpy()})
    return RegionPreset("china", frame, CHINA_SOURCES, CHINA_DESTINATIONS,
                        lambda: (china_geojson(include_hk_mo_tw=False), "code"),
                        [x for x, c in zip(labels, found, strict=True) if c is None],
                        tuple(MACRO_REGIONS))


def resolve_preset(regions: Sequence[Any], preset: str | None = "auto") -> RegionPreset | None:
    """The preset for a panel's regions: by name, or ``"auto"`` when names clearly match.

    Parameters
    ----------
    regions : sequence
        The panel's region labels.
    preset : {"auto", "china", "none"} or None
        ``"auto"`` picks China when at least half of the distinct labels are Chinese
        province *names* (bare numbers never count); ``"china"`` requires every label to be
        a mainland province (names or codes); ``"none"``/None uses no preset.

    Examples
    --------
    >>> resolve_preset(["Ningxia", "Gansu"]).name
    'china'
    >>> resolve_preset(["36", "06", "48"]) is None  # US FIPS codes, not provinces
    True
    """
    choice = "none" if preset is None else preset
    check_choice("preset", choice, ["auto", "none", *PRESETS])
    labels = list(regions)
    if choice == "none" or not labels:
        return None
    if choice == "china":
        found = china_preset(labels)
        if found.unmatched:
            raise AdvantageError(
                f"regions {found.unmatched[:5]!r} are not mainland Chinese provinces; the "
                "China preset needs province names or GB/T 2260 codes.")
        return found
    found = china_preset(labels, codes=False)
    distinct = len(set(map(str, labels)))
    return found if len(found.table) * 2 >= distinct and len(found.table) else None


def _numeric(label: Any) -> bool:
    """True for a bare number (``36``, ``"640000"``, ``64.0``): a code, not a name."""
    text = str(label).strip()
    try:
        float(text)
    except ValueError:
        return False
    return True
