"""US states: FIPS codes, postal codes, names and boundaries for maps.

The table covers the 50 states, the District of Columbia and the five inhabited territories
(American Samoa, Guam, the Northern Mariana Islands, Puerto Rico, the US Virgin Islands).

Sources
-------
- FIPS state codes and USPS postal abbreviations: US Census Bureau, *FIPS codes for the
  states and the District of Columbia* (ANSI INCITS 38:2009, the former FIPS PUB 5-2), and
  the USPS *Publication 28*, appendix B.
- ISO 3166-2:US subdivision codes are ``US-`` followed by the postal code.
- Boundaries: US Census Bureau cartographic boundary files (2017, 1:10,000,000), through the
  npm package ``us-atlas`` 3.0.1, simplified by ``scripts/convert_atlas_maps.py``; see
  ``reference/data/ATTRIBUTION.md``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from advantage.reference.names import fold, lookup, share_found

__all__ = ["STATES", "State", "match_share", "normalise_states", "state_aliases",
           "us_states_geojson"]


@dataclass(frozen=True)
class State:
    """One state, the District of Columbia or an inhabited territory."""

    fips: str
    postal: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


_S = State
STATES: tuple[State, ...] = (
    _S("01", "AL", "Alabama", "state"), _S("02", "AK", "Alaska", "state"),
    _S("04", "AZ", "Arizona", "state"), _S("05", "AR", "Arkansas", "state"),
    _S("06", "CA", "California", "state"), _S("08", "CO", "Colorado", "state"),
    _S("09", "CT", "Connecticut", "state"), _S("10", "DE", "Delaware", "state"),
    _S("11", "DC", "District of Columbia", "district",
       ("Washington DC", "Washington, D.C.", "Washington D.C.", "D.C.",
        "Dist. of Columbia", "Washington (DC)")),
    _S("12", "FL", "Florida", "state"), _S("13", "GA", "Georgia", "state"),
    _S("15", "HI", "Hawaii", "state", ("Hawai'i", "Hawaiʻi")),
    _S("16", "ID", "Idaho", "state"), _S("17", "IL", "Illinois", "state"),
    _S("18", "IN", "Indiana", "state"), _S("19", "IA", "Iowa", "state"),
    _S("20", "KS", "Kansas", "state"), _S("21", "KY", "Kentucky", "state"),
    _S("22", "LA", "Louisiana", "state"), _S("23", "ME", "Maine", "state"),
    _S("24", "MD", "Maryland", "state"), _S("25", "MA", "Massachusetts", "state"),
    _S("26", "MI", "Michigan", "state"), _S("27", "MN", "Minnesota", "state"),
    _S("28", "MS", "Mississippi", "state"), _S("29", "MO", "Missouri", "state"),
    _S("30", "MT", "Montana", "state"), _S("31", "NE", "Nebraska", "state"),
    _S("32", "NV", "Nevada", "state"), _S("33", "NH", "New Hampshire", "state"),
    _S("34", "NJ", "New Jersey", "state"), _S("35", "NM", "New Mexico", "state"),
    _S("36", "NY", "New York", "state", ("New York State",)),
    _S("37", "NC", "North Carolina", "state"), _S("38", "ND", "North Dakota", "state"),
    _S("39", "OH", "Ohio", "state"), _S("40", "OK", "Oklahoma", "state"),
    _S("41", "OR", "Oregon", "state"), _S("42", "PA", "Pennsylvania", "state"),
    _S("44", "RI", "Rhode Island", "state"), _S("45", "SC", "South Carolina", "state"),
    _S("46", "SD", "South Dakota", "state"), _S("47", "TN", "Tennessee", "state"),
    _S("48", "TX", "Texas", "state"), _S("49", "UT", "Utah", "state"),
    _S("50", "VT", "Vermont", "state"), _S("51", "VA", "Virginia", "state"),
    _S("53", "WA", "Washington", "state", ("Washington State",)),
    _S("54", "WV", "West Virginia", "state"), _S("55", "WI", "Wisconsin", "state"),
    _S("56", "WY", "Wyoming", "state"),
    _S("60", "AS", "American Samoa", "territory"),
    _S("66", "GU", "Guam", "territory"),
    _S("69", "MP", "Northern Mariana Islands", "territory",
       ("Commonwealth of the Northern Mariana Islands",)),
    _S("72", "PR", "Puerto Rico", "territory"),
    _S("78", "VI", "United States Virgin Islands", "territory",
       ("U.S. Virgin Islands", "US Virgin Islands", "Virgin Islands of the United States",
        "Virgin Islands (U.S.)")),
)


def state_aliases(state: State) -> list[str]:
    """Every name :func:`normalise_states` accepts for ``state`` (before folding)."""
    return [state.fips, state.postal, f"US-{state.postal}", state.name, *state.aliases]


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for state in STATES:
        for alias in state_aliases(state):
            key = fold(alias)
            if index.setdefault(key, state.fips) != state.fips:  # pragma: no cover
                raise AssertionError(f"alias {alias!r} maps to {index[key]} and {state.fips}")
    return index


def normalise_states(names: Iterable[Any]) -> tuple[list[str | None], list[str]]:
    """Map state names, postal codes or FIPS codes to two-digit FIPS codes.

    Matching is exact on a folded key (:func:`advantage.reference.names.fold`: Unicode NFKC,
    case-insensitive, spaces and ``- _ ' ’ . , ( )`` ignored), so "District of Columbia",
    "Washington DC", "Washington, D.C.", "DC" and "US-DC" all give ``"11"``. A FIPS code
    matches only as the two digits of its text: ``"06"`` (or the number 36, whose text is
    ``"36"``) is a FIPS code, the number 6 is not. Nothing is guessed: every other name is
    reported.

    Parameters
    ----------
    names : iterable
        Region names or codes.

    Returns
    -------
    codes : list of str or None
        One entry per name: the FIPS code, or None.
    unmatched : list of str
        The distinct names that did not match, in first-seen order.

    Examples
    --------
    >>> normalise_states(["California", "CA", "06", "Washington DC", "United States"])
    (['06', '06', '06', '11', None], ['United States'])
    """
    return lookup(names, _index())


def match_share(names: Sequence[Any]) -> float:
    """Share of the distinct ``names`` that :func:`normalise_states` recognises."""
    return share_found(names, normalise_states)


@cache
def _geojson_text() -> str:
    return resources.files("advantage.reference").joinpath(
        "data", "us_states.geojson").read_text(encoding="utf-8")


def us_states_geojson() -> dict[str, Any]:
    """State outlines as a GeoJSON FeatureCollection keyed by ``properties.fips``.

    The 50 states, DC and the five inhabited territories; US Census Bureau cartographic
    boundaries through ``us-atlas`` 3.0.1 (public domain), simplified; see
    ``reference/data/ATTRIBUTION.md``. Each call returns a fresh copy.

    Examples
    --------
    >>> features = us_states_geojson()["features"]
    >>> len(features), features[4]["properties"]
    (56, {'fips': '06', 'postal': 'CA', 'name': 'California'})
    """
    data: dict[str, Any] = json.loads(_geojson_text())
    return data
