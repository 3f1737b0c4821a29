"""China's provincial input-output sectors: one harmonised list for 2002, 2007, 2012 and 2017.

The provincial input-output tables compiled by the provincial statistical bureaus (published
in *中国地区投入产出表*) use 42 sectors each year, but not the same 42. The 2002 and 2007
lists name *industries* (GB/T 4754-2002), the 2012 and 2017 lists name *products*
(GB/T 4754-2011 and -2017), and the lists split and merge sectors differently. The table
``reference/data/china_io_sectors.csv`` maps every year's sector (``year, sector_code,
sector_name_zh``, the year's own code and name) to one of 38 harmonised sectors (``code``,
``name_zh``, ``name_en``; codes ``"01"`` to ``"38"``, text with leading zeros, numbered in the
2012/2017 order; they are *not* the original codes of any one year).

Where a sector cannot be split without data, the harmonised list keeps the coarsest common
group (every year's sectors add up exactly into it):

====  =====================================================  ===================================
code  merge                                                  why
====  =====================================================  ===================================
16    2012/2017 通用设备 (16) + 专用设备 (17)                  2002/2007 record them as one
                                                             sector, 通用、专用设备制造业 (16).
21    2002/2007 其他制造业 (21) + 废品废料 (22); 2012          2017 merges 2012's other
      其他制造产品 (22) + 废品废料 (23) + 修理服务 (24);          manufacturing and scrap into one
      2017 其他制造产品和废品废料 (22) + 修理服务 (23)              sector; repair, see below.
27    2002/2007 交通运输及仓储业 (27) + 邮政业 (28)              2012/2017 record one sector,
                                                             交通运输、仓储和邮政.
32    2002 租赁和商务服务业 (34) + 旅游业 (35)                  2002 alone has a tourism sector
                                                             (travel agencies), which GB/T
                                                             4754 classes under business
                                                             services, where the other years
                                                             keep it.
33    2002 科学研究事业 (36) + 综合技术服务业 (37); 2007          2012 records one sector,
      研究与试验发展业 (35) + 综合技术服务业 (36); 2017            科学研究和技术服务 (36).
      研究和试验发展 (35) + 综合技术服务 (36)
34    2002 其他社会服务业 (38); 2007/2012/2017 水利、环境和       2002 records water conservancy,
      公共设施管理 (37) + 居民服务(、修理)和其他服务 (38)           environment and public
                                                             facilities together with resident
                                                             and other services.
====  =====================================================  ===================================

Two breaks cannot be closed by merging without losing most of the machinery detail, and are
left open on purpose (both are small):

- *Repair of metal products, machinery and equipment* (金属制品、机械和设备修理服务) is a
  sector of its own from 2012 (GB/T 4754-2011 division 43); in 2002 and 2007 such repair
  was recorded inside the sectors that make the equipment (15-21). The harmonised list puts it
  into 21 (other manufacturing), not back into the machinery sectors it came from: it is
  about 0.1% of national gross output in 2012 and 2017 (at most 0.75% in one province). The
  machinery sectors of 2002/2007 therefore still include their repair work.
- *Office machinery* (文化、办公用机械) belongs to instruments (仪器仪表及文化办公用机械,
  20) in 2002 and 2007 and to general-purpose machinery from 2012 (GB/T 4754-2011); it is not
  moved.

Names that change without a change of scope are kept together (2002 服装皮革羽绒及其制品业 and
2007 纺织服装鞋帽皮革羽绒及其制品业; 非金属矿采选业 and 非金属矿及其他矿采选业; 金融保险业 and
金融业). The English names are descriptive, not an official text.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import pandas as pd

from advantage._checks import AdvantageError

__all__ = ["IO_YEARS", "io_concordance", "io_concordance_table", "io_sector_names", "io_sectors"]

#: The years of China's provincial input-output tables.
IO_YEARS = (2002, 2007, 2012, 2017)


@cache
def _table() -> pd.DataFrame:
    with resources.files("advantage.reference").joinpath(
            "data", "china_io_sectors.csv").open("r", encoding="utf-8") as handle:
        table = pd.read_csv(handle, dtype=str, keep_default_na=False)
    table["year"] = table["year"].astype(int)
    return table


def _year(year: Any) -> int:
    try:
        number = int(str(year).strip())
    except ValueError:
        number = -1
    if number not in IO_YEARS:
        raise AdvantageError(f"year={year!r} is not a year of China's provincial input-output "
                             f"tables; expected one of {', '.join(map(str, IO_YEARS))}.")
    return number


def io_concordance_table() -> pd.DataFrame:
    """The whole concordance: ``year, sector_code, sector_name_zh, code, name_zh, name_en``.

    One row per year and original sector (4 x 42 rows); ``code`` is the harmonised sector.

    Examples
    --------
    >>> table = io_concordance_table()
    >>> len(table), table.groupby("year")["code"].nunique().unique().tolist()
    (168, [38])
    """
    return _table().copy()


def io_concordance(year: Any) -> dict[str, str]:
    """Original sector code (``"01"``-``"42"``) of ``year`` -> harmonised code.

    Usable directly as ``Panel.aggregate(mapping, axis="activity")``.

    Examples
    --------
    >>> mapping = io_concordance(2012)
    >>> mapping["16"], mapping["17"], mapping["24"]
    ('16', '16', '21')
    >>> io_concordance(2002)["35"]  # tourism, with leasing and business services
    '32'
    """
    table = _table()
    rows = table[table["year"] == _year(year)]
    return dict(zip(rows["sector_code"], rows["code"], strict=True))


def io_sectors() -> pd.DataFrame:
    """The 38 harmonised sectors: ``code, name_zh, name_en``.

    Examples
    --------
    >>> sectors = io_sectors().set_index("code")
    >>> len(sectors), sectors.loc["16", "name_en"]
    (38, 'General-purpose and special-purpose machinery')
    """
    table = _table()
    out = table[["code", "name_zh", "name_en"]].drop_duplicates("code")
    return out.sort_values("code").reset_index(drop=True)


def io_sector_names(lang: str = "en") -> dict[str, str]:
    """Harmonised code -> name in English (``"en"``) or Chinese (``"zh"``).

    Examples
    --------
    >>> io_sector_names("zh")["33"]
    '科学研究和技术服务'
    """
    if lang not in ("en", "zh"):
        raise AdvantageError(f"lang={lang!r} is not valid; expected one of 'en', 'zh'.")
    sectors = io_sectors()
    return dict(zip(sectors["code"], sectors[f"name_{lang}"], strict=True))
