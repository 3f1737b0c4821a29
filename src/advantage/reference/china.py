"""China's provincial-level divisions: GB/T 2260 codes, names, aliases, macro-regions, maps.

The table covers the 31 provinces, autonomous regions and municipalities of the mainland and,
as optional entries, Hong Kong (810000), Macao (820000) and Taiwan (710000).

Sources
-------
- Codes and official names: GB/T 2260 *Codes for the administrative divisions of the People's
  Republic of China* (provincial level, ``xx0000``), as published by the Ministry of Civil
  Affairs.
- ISO 3166-2:CN subdivision codes (``CN-BJ`` ...), revision of 2017.
- Macro-regions: National Bureau of Statistics, *东西中部和东北地区划分方法* (division of the
  east, central, west and north-east regions, 2011): east 10, central 6, west 12, north-east 3.
- Western development (西部大开发): the 12 provincial-level divisions covered by the State
  Council's strategy, the same set as NBS's west.
- Centroids: approximate longitude/latitude of each division's capital city (seat of the
  provincial government), rounded to 0.01 degree; good enough for inter-provincial distances,
  not for anything finer. Each point is checked to fall inside its province's outline in
  :func:`china_geojson` by the test suite.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd

from advantage.reference.names import lookup, share_found

__all__ = [
    "MACRO_REGIONS",
    "WESTERN_DEVELOPMENT",
    "Province",
    "china_geojson",
    "macro_region_mapping",
    "match_share",
    "normalise_regions",
    "province_aliases",
    "provinces",
]


@dataclass(frozen=True)
class Province:
    """One provincial-level division."""

    code: str
    name_en: str
    name_zh: str
    short_zh: str
    kind: str
    macro_region: str | None
    iso: str
    capital: str
    lon: float
    lat: float
    aliases: tuple[str, ...] = ()


# kind: province / municipality / autonomous region / SAR; macro_region per NBS (None outside it)
_P = Province
PROVINCES: tuple[Province, ...] = (
    _P("110000", "Beijing", "北京市", "北京", "municipality", "east", "CN-BJ", "Beijing",
       116.40, 39.90, ("Peking",)),
    _P("120000", "Tianjin", "天津市", "天津", "municipality", "east", "CN-TJ", "Tianjin",
       117.20, 39.13),
    _P("130000", "Hebei", "河北省", "河北", "province", "east", "CN-HE", "Shijiazhuang",
       114.51, 38.04),
    _P("140000", "Shanxi", "山西省", "山西", "province", "central", "CN-SX", "Taiyuan",
       112.55, 37.87),
    _P("150000", "Inner Mongolia", "内蒙古自治区", "内蒙古", "autonomous region", "west",
       "CN-NM", "Hohhot", 111.75, 40.84,
       ("Nei Mongol", "Nei Menggu", "Neimenggu", "Nei Mongol Autonomous Region",
        "Inner Mongolia Autonomous Region", "Neimenggu Zizhiqu", "内蒙")),
    _P("210000", "Liaoning", "辽宁省", "辽宁", "province", "north-east", "CN-LN", "Shenyang",
       123.43, 41.80),
    _P("220000", "Jilin", "吉林省", "吉林", "province", "north-east", "CN-JL", "Changchun",
       125.32, 43.82),
    _P("230000", "Heilongjiang", "黑龙江省", "黑龙江", "province", "north-east", "CN-HL",
       "Harbin", 126.53, 45.80),
    _P("310000", "Shanghai", "上海市", "上海", "municipality", "east", "CN-SH", "Shanghai",
       121.47, 31.23),
    _P("320000", "Jiangsu", "江苏省", "江苏", "province", "east", "CN-JS", "Nanjing",
       118.80, 32.06),
    _P("330000", "Zhejiang", "浙江省", "浙江", "province", "east", "CN-ZJ", "Hangzhou",
       120.16, 30.27),
    _P("340000", "Anhui", "安徽省", "安徽", "province", "central", "CN-AH", "Hefei",
       117.23, 31.82),
    _P("350000", "Fujian", "福建省", "福建", "province", "east", "CN-FJ", "Fuzhou",
       119.30, 26.08),
    _P("360000", "Jiangxi", "江西省", "江西", "province", "central", "CN-JX", "Nanchang",
       115.86, 28.68),
    _P("370000", "Shandong", "山东省", "山东", "province", "east", "CN-SD", "Jinan",
       117.00, 36.65),
    _P("410000", "Henan", "河南省", "河南", "province", "central", "CN-HA", "Zhengzhou",
       113.63, 34.75),
    _P("420000", "Hubei", "湖北省", "湖北", "province", "central", "CN-HB", "Wuhan",
       114.31, 30.59),
    _P("430000", "Hunan", "湖南省", "湖南", "province", "central", "CN-HN", "Changsha",
       112.94, 28.23),
    _P("440000", "Guangdong", "广东省", "广东", "province", "east", "CN-GD", "Guangzhou",
       113.26, 23.13),
    _P("450000", "Guangxi", "广西壮族自治区", "广西", "autonomous region", "west", "CN-GX",
       "Nanning", 108.37, 22.82,
       ("Guangxi Zhuang", "Guangxi Zhuang Autonomous Region", "Guangxi Zhuangzu Zizhiqu",
        "广西自治区")),
    _P("460000", "Hainan", "海南省", "海南", "province", "east", "CN-HI", "Haikou",
       110.35, 20.02),
    _P("500000", "Chongqing", "重庆市", "重庆", "municipality", "west", "CN-CQ", "Chongqing",
       106.55, 29.56),
    _P("510000", "Sichuan", "四川省", "四川", "province", "west", "CN-SC", "Chengdu",
       104.07, 30.57),
    _P("520000", "Guizhou", "贵州省", "贵州", "province", "west", "CN-GZ", "Guiyang",
       106.63, 26.65),
    _P("530000", "Yunnan", "云南省", "云南", "province", "west", "CN-YN", "Kunming",
       102.83, 24.88),
    _P("540000", "Tibet", "西藏自治区", "西藏", "autonomous region", "west", "CN-XZ", "Lhasa",
       91.11, 29.65,
       ("Xizang", "Tibet Autonomous Region", "Xizang Autonomous Region", "Xizang Zizhiqu")),
    _P("610000", "Shaanxi", "陕西省", "陕西", "province", "west", "CN-SN", "Xi'an",
       108.94, 34.34),
    _P("620000", "Gansu", "甘肃省", "甘肃", "province", "west", "CN-GS", "Lanzhou",
       103.83, 36.06),
    _P("630000", "Qinghai", "青海省", "青海", "province", "west", "CN-QH", "Xining",
       101.78, 36.62),
    _P("640000", "Ningxia", "宁夏回族自治区", "宁夏", "autonomous region", "west", "CN-NX",
       "Yinchuan", 106.23, 38.49,
       ("Ningxia Hui", "Ningxia Hui Autonomous Region", "Ningxia Huizu Zizhiqu",
        "宁夏自治区")),
    _P("650000", "Xinjiang", "新疆维吾尔自治区", "新疆", "autonomous region", "west", "CN-XJ",
       "Urumqi", 87.62, 43.83,
       ("Xinjiang Uygur", "Xinjiang Uyghur", "Xinjiang Uighur", "Xinjiang Uygur Autonomous Region",
        "Xinjiang Uyghur Autonomous Region", "Xinjiang Weiwuer Zizhiqu", "新疆自治区")),
    _P("710000", "Taiwan", "台湾省", "台湾", "province", None, "CN-TW", "Taipei",
       121.56, 25.04, ("Taiwan Province", "臺灣", "臺灣省", "台灣")),
    _P("810000", "Hong Kong", "香港特别行政区", "香港", "SAR", None, "CN-HK", "Hong Kong",
       114.17, 22.32, ("Hong Kong SAR", "Hong Kong, China", "Hongkong", "HKSAR",
                       "Hong Kong Special Administrative Region", "香港特區",
                       "香港特別行政區")),
    _P("820000", "Macao", "澳门特别行政区", "澳门", "SAR", None, "CN-MO", "Macao",
       113.54, 22.19, ("Macau", "Macao SAR", "Macau SAR", "Macao, China",
                       "Macao Special Administrative Region", "澳門", "澳門特別行政區")),
)

#: Codes of the optional entries outside the 31 mainland divisions.
EXTRA_CODES = ("710000", "810000", "820000")

#: NBS macro-regions (2011 division): region -> GB/T 2260 codes.
MACRO_REGIONS: dict[str, tuple[str, ...]] = {
    name: tuple(p.code for p in PROVINCES if p.macro_region == name)
    for name in ("east", "central", "west", "north-east")
}

#: The 12 provincial-level divisions of the western development strategy (西部大开发).
WESTERN_DEVELOPMENT: tuple[str, ...] = (
    "150000", "450000", "500000", "510000", "520000", "530000",
    "540000", "610000", "620000", "630000", "640000", "650000",
)

_SUFFIXES = {
    "province": ("{en} Province", "{en} Sheng"),
    "municipality": ("{en} Municipality", "{en} Shi", "{en} City"),
    "autonomous region": (),
    "SAR": (),
}


def provinces(*, include_hk_mo_tw: bool = False) -> pd.DataFrame:
    """The provincial-level divisions as a table, one row per division.

    Parameters
    ----------
    include_hk_mo_tw : bool
        Add Hong Kong, Macao and Taiwan to the 31 mainland divisions.

    Returns
    -------
    pandas.DataFrame
        Columns ``code, name_en, name_zh, short_zh, kind, macro_region, western_development,
        iso, capital, lon, lat``.

    Examples
    --------
    >>> table = provinces()
    >>> len(table), table.set_index("code").loc["640000", "name_zh"]
    (31, '宁夏回族自治区')
    """
    rows = [p for p in PROVINCES if include_hk_mo_tw or p.code not in EXTRA_CODES]
    return pd.DataFrame({
        "code": [p.code for p in rows],
        "name_en": [p.name_en for p in rows],
        "name_zh": [p.name_zh for p in rows],
        "short_zh": [p.short_zh for p in rows],
        "kind": [p.kind for p in rows],
        "macro_region": [p.macro_region for p in rows],
        "western_development": [p.code in WESTERN_DEVELOPMENT for p in rows],
        "iso": [p.iso for p in rows],
        "capital": [p.capital for p in rows],
        "lon": [p.lon for p in rows],
        "lat": [p.lat for p in rows],
    })


def macro_region_mapping(*, western_development: bool = False) -> dict[str, str]:
    """Code -> NBS macro-region (or ``"west"``/``"other"`` for the western development split).

    Usable directly as ``Panel.aggregate(mapping, axis="region")`` on a panel whose regions
    are the 31 mainland codes.

    Examples
    --------
    >>> macro_region_mapping()["640000"]
    'west'
    >>> macro_region_mapping(western_development=True)["110000"]
    'other'
    """
    mainland = [p for p in PROVINCES if p.code not in EXTRA_CODES]
    if western_development:
        return {p.code: "west" if p.code in WESTERN_DEVELOPMENT else "other" for p in mainland}
    return {p.code: str(p.macro_region) for p in mainland}


def _key(name: Any) -> str:
    """Canonical matching key: NFKC (full-width -> half-width), case-folded, no whitespace.

    Hyphens, apostrophes, full stops and underscores are dropped too ("Xi'an", "Inner-Mongolia").
    """
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-_'.·")


@cache
def _alias_index(include_hk_mo_tw: bool) -> dict[str, str]:
    index: dict[str, str] = {}
    for p in PROVINCES:
        if not include_hk_mo_tw and p.code in EXTRA_CODES:
            continue
        for alias in province_aliases(p):
            key = _key(alias)
            if index.setdefault(key, p.code) != p.code:  # pragma: no cover - table invariant
                raise AssertionError(f"alias {alias!r} maps to {index[key]} and {p.code}")
    return index


def province_aliases(province: Province) -> list[str]:
    """Every name the normaliser accepts for ``province`` (before case/width folding)."""
    names = [province.code, province.code[:2], province.name_en, province.name_zh,
             province.short_zh, province.iso, *province.aliases]
    names += [pattern.format(en=province.name_en) for pattern in _SUFFIXES[province.kind]]
    return names


def normalise_regions(
    names: Iterable[Any], *, include_hk_mo_tw: bool = True
) -> tuple[list[str | None], list[str]]:
    """Map region names (any alias) to six-digit GB/T 2260 codes; report what does not match.

    Matching is exact on a folded key (Unicode NFKC so full-width letters and spaces become
    half-width, case-insensitive, whitespace and ``- _ ' . ·`` ignored), so "宁夏回族自治区",
    "宁  夏", "Ningxia", "NINGXIA HUI AUTONOMOUS REGION", "CN-NX", "640000" and 64 all give
    ``"640000"``. There is no fuzzy matching: a name that is not a known alias is reported,
    never guessed. "Shanxi" (140000) and "Shaanxi" (610000) stay distinct.

    Parameters
    ----------
    names : iterable
        Region names or codes, in any order, with repeats.
    include_hk_mo_tw : bool
        Accept Hong Kong, Macao and Taiwan; when False their names are reported as unmatched.

    Returns
    -------
    codes : list of str or None
        One entry per input name: the code, or None where the name did not match.
    unmatched : list of str
        The distinct names that did not match, in first-seen order.

    Examples
    --------
    >>> normalise_regions(["宁夏回族自治区", "Ningxia", "Inner Mongolia", "全国"])
    (['640000', '640000', '150000', None], ['全国'])
    """
    return lookup(names, _alias_index(include_hk_mo_tw), key=_key)


def match_share(names: Sequence[Any]) -> float:
    """Share of the distinct ``names`` that the China normaliser recognises (0 for none)."""
    return share_found(names, normalise_regions)


@cache
def _geojson_text() -> str:
    return resources.files("advantage.reference").joinpath(
        "data", "china_provinces.geojson").read_text(encoding="utf-8")


def china_geojson(*, include_hk_mo_tw: bool = True) -> dict[str, Any]:
    """Province outlines as a GeoJSON FeatureCollection keyed by ``properties.code``.

    Decoded from ECharts 4.9.0's ``map/json/china.json`` (Apache-2.0); see
    ``reference/data/ATTRIBUTION.md``. Each call returns a fresh copy that callers may modify.

    Examples
    --------
    >>> len(china_geojson()["features"]), len(china_geojson(include_hk_mo_tw=False)["features"])
    (34, 31)
    """
    data = json.loads(_geojson_text())
    if not include_hk_mo_tw:
        data["features"] = [f for f in data["features"]
                            if f["properties"]["code"] not in EXTRA_CODES]
    return data
