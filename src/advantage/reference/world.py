"""World countries: ISO 3166-1 codes, names and their common variants, boundaries for maps.

Each country of the bundled map (Natural Earth's admin-0 countries at 1:50m, 235 shapes)
carries its ISO 3166-1 alpha-3 code (the key), alpha-2 and numeric codes, Natural Earth's
short name ("Dem. Rep. Congo"), the ISO short name ("Congo, The Democratic Republic of the")
and, where ISO has them, the official and common names. :data:`VARIANTS` adds the spellings
statistical offices use (World Bank and IMF "Korea, Rep.", UN "Iran (Islamic Republic of)",
everyday "South Korea", "UK", "UAE").

Sources
-------
- ISO 3166-1 codes and names: the ``iso-codes`` tables as shipped by ``pycountry`` 26.2.16.
- Kosovo, which ISO 3166-1 does not list, has the user-assigned codes ``XK``/``XKX`` used
  by the European Commission and the World Bank.
- Boundaries: Natural Earth 4.1.0 admin-0 countries, 1:50m (public domain), through the npm
  package ``world-atlas`` 2.0.2, simplified by ``scripts/convert_atlas_maps.py``; see
  ``reference/data/ATTRIBUTION.md`` for the shapes merged or left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd

from advantage.reference.names import fold, lookup, share_found

__all__ = ["VARIANTS", "countries", "match_share", "normalise_countries",
           "world_geojson"]

#: Other spellings of country names (alpha-3 -> names), beyond Natural Earth's and ISO's.
VARIANTS: dict[str, tuple[str, ...]] = {
    "USA": ("United States", "U.S.", "U.S.A.", "United States of America", "America"),
    "GBR": ("UK", "U.K.", "Great Britain", "Britain"),
    "RUS": ("Russia", "Russian Federation"),
    "KOR": ("Korea, Rep.", "Republic of Korea", "Rep. of Korea", "Korea (South)",
            "Korea, South"),
    "PRK": ("Korea, Dem. People's Rep.", "Korea, Dem. Rep.", "Korea, DPR", "DPRK",
            "Democratic People's Republic of Korea", "Korea (North)", "Korea, North"),
    "IRN": ("Iran, Islamic Rep.", "Iran (Islamic Republic of)"),
    "EGY": ("Egypt, Arab Rep.", "Arab Republic of Egypt"),
    "VEN": ("Venezuela, RB", "Venezuela (Bolivarian Republic of)"),
    "BOL": ("Bolivia (Plurinational State of)",),
    "YEM": ("Yemen, Rep.", "Republic of Yemen"),
    "GMB": ("Gambia, The", "The Gambia"),
    "BHS": ("Bahamas, The", "The Bahamas"),
    "COD": ("Congo, Dem. Rep.", "Democratic Republic of the Congo", "DR Congo", "DRC",
            "Congo (Kinshasa)", "Congo, Democratic Republic of the", "Congo-Kinshasa"),
    "COG": ("Congo, Rep.", "Republic of the Congo", "Congo (Brazzaville)",
            "Congo-Brazzaville"),
    "FSM": ("Micronesia, Fed. Sts.", "Federated States of Micronesia",
            "Micronesia (Federated States of)"),
    "LAO": ("Lao PDR", "Lao People's Democratic Republic"),
    "KGZ": ("Kyrgyz Republic",),
    "SVK": ("Slovak Republic",),
    "CZE": ("Czech Republic",),
    "TUR": ("Turkey", "Turkiye", "Türkiye"),
    "MKD": ("Macedonia", "Macedonia, FYR", "FYR Macedonia", "North Macedonia",
            "The former Yugoslav Republic of Macedonia"),
    "SWZ": ("Swaziland", "Eswatini"),
    "CIV": ("Ivory Coast", "Cote d'Ivoire"),
    "CPV": ("Cape Verde",),
    "TLS": ("East Timor",),
    "MMR": ("Burma",),
    "VNM": ("Viet Nam",),
    "SYR": ("Syrian Arab Republic",),
    "MDA": ("Republic of Moldova",),
    "TZA": ("United Republic of Tanzania",),
    "HKG": ("Hong Kong SAR, China", "Hong Kong, China", "China, Hong Kong SAR",
            "Hong Kong SAR"),
    "MAC": ("Macao SAR, China", "Macau", "Macao, China", "China, Macao SAR", "Macao SAR",
            "Macau SAR"),
    "TWN": ("Taiwan, China", "Chinese Taipei", "Taiwan Province of China"),
    "PSE": ("West Bank and Gaza", "State of Palestine", "Palestinian Territories",
            "Palestinian Territory"),
    "BRN": ("Brunei Darussalam",),
    "KNA": ("St. Kitts and Nevis", "Saint Kitts and Nevis"),
    "LCA": ("St. Lucia",),
    "VCT": ("St. Vincent and the Grenadines", "Saint Vincent and the Grenadines"),
    "STP": ("Sao Tome and Principe",),
    "BIH": ("Bosnia and Herzegovina", "Bosnia-Herzegovina"),
    "CAF": ("Central African Republic",),
    "DOM": ("Dominican Republic",),
    "GNQ": ("Equatorial Guinea",),
    "SLB": ("Solomon Islands",),
    "SSD": ("South Sudan",),
    "ATG": ("Antigua and Barbuda",),
    "VAT": ("Holy See", "Vatican City"),
    "CUW": ("Curacao",),
    "MAF": ("St. Martin (French part)", "Saint Martin"),
    "SXM": ("Sint Maarten (Dutch part)",),
    "FRO": ("Faroe Islands",),
    "VIR": ("Virgin Islands (U.S.)", "US Virgin Islands"),
    "VGB": ("Virgin Islands (British)",),
    "MNP": ("Northern Mariana Islands",),
    "ATF": ("French Southern Territories",),
    "ESH": ("Western Sahara",),
    "ARE": ("UAE",),
    "XKX": ("Republic of Kosovo",),
}


@cache
def _geojson_text() -> str:
    return resources.files("advantage.reference").joinpath(
        "data", "world_countries.geojson").read_text(encoding="utf-8")


def world_geojson() -> dict[str, Any]:
    """Country outlines as a GeoJSON FeatureCollection keyed by ``properties.iso_a3``.

    Natural Earth 4.1.0 admin-0 countries at 1:50m through ``world-atlas`` 2.0.2 (public
    domain), simplified; see ``reference/data/ATTRIBUTION.md``. Each call returns a fresh
    copy.

    Examples
    --------
    >>> features = world_geojson()["features"]
    >>> len(features), sorted(features[0]["properties"])
    (235, ['iso_a2', 'iso_a3', 'iso_n3', 'name', 'name_iso'])
    """
    data: dict[str, Any] = json.loads(_geojson_text())
    return data


@cache
def _properties() -> tuple[dict[str, str], ...]:
    return tuple(f["properties"] for f in world_geojson()["features"])


def countries() -> pd.DataFrame:
    """The countries of the map with their codes and names, one row per country.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso_a3, iso_a2, iso_n3, name, name_iso`` (``iso_n3`` is empty for Kosovo).

    Examples
    --------
    >>> table = countries().set_index("iso_a3")
    >>> table.loc["KOR", ["iso_a2", "iso_n3", "name"]].tolist()
    ['KR', '410', 'South Korea']
    """
    columns = ["iso_a3", "iso_a2", "iso_n3", "name", "name_iso"]
    return pd.DataFrame([[p.get(c, "") for c in columns] for p in _properties()],
                        columns=columns)


def _aliases(properties: dict[str, str]) -> list[str]:
    names = [properties[k] for k in ("iso_a3", "iso_a2", "name", "name_iso", "name_official",
                                     "name_common") if properties.get(k)]
    if properties.get("iso_n3"):
        names.append(properties["iso_n3"])
    return names + list(VARIANTS.get(properties["iso_a3"], ()))


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for properties in _properties():
        code = properties["iso_a3"]
        for alias in _aliases(properties):
            key = fold(alias)
            if index.setdefault(key, code) != code:  # pragma: no cover - table invariant
                raise AssertionError(f"alias {alias!r} maps to {index[key]} and {code}")
    return index


def normalise_countries(names: Iterable[Any]) -> tuple[list[str | None], list[str]]:
    """Map country names or ISO 3166-1 codes to alpha-3 codes.

    Accepted for each country: the alpha-3 and alpha-2 codes, the numeric code as its three
    digits of text (``"076"``; the number 76 is not a code), Natural Earth's and ISO's
    names and :data:`VARIANTS`, matched on the folded key of
    :func:`advantage.reference.names.fold` (case, accents, spaces and punctuation ignored).
    Nothing is guessed: every other name is reported.

    Parameters
    ----------
    names : iterable
        Country names or codes.

    Returns
    -------
    codes : list of str or None
        One entry per name: the alpha-3 code, or None.
    unmatched : list of str
        The distinct names that did not match, in first-seen order.

    Examples
    --------
    >>> normalise_countries(["deu", "FR", "076", "Korea, Rep.", "Côte d'Ivoire", "World"])
    (['DEU', 'FRA', 'BRA', 'KOR', 'CIV', None], ['World'])
    """
    return lookup(names, _index())


def match_share(names: Sequence[Any]) -> float:
    """Share of the distinct ``names`` that :func:`normalise_countries` recognises."""
    return share_found(names, normalise_countries)
