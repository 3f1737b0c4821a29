"""An Excel workbook of a report's tables: one sheet per table, headers in the chosen language.

Written with openpyxl: bold frozen header rows, widened columns, and a first sheet that says
what the data was and what each sheet holds. Every table passes through
:func:`~advantage.report.safe.excel_safe_frame` first, so a label such as ``=HYPERLINK(...)``
is written as text, never as a formula.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

import advantage
from advantage.i18n import check_lang, t, translate_columns, translate_values
from advantage.report.results import Results
from advantage.report.safe import excel_safe_frame
from advantage.report.sections import display_names

__all__ = ["SHEETS", "excel_tables", "sheet_title", "write_excel"]

#: Sheets in order (``report.sheet.<name>`` gives the title in each language).
SHEETS = ("summary", "advantages", "opportunities", "similarity", "shiftshare", "eci",
          "transfer", "regions", "activities")


def sheet_title(name: str, lang: str) -> str:
    """The sheet's title in ``lang``, made legal for Excel (<= 31 characters, no ``[]:*?/``)."""
    return re.sub(r"[\[\]:*?/\\]", "-", t(f"report.sheet.{name}", lang))[:31]


def excel_tables(results: Results, focus: Sequence[Any], lang: str) -> dict[str, pd.DataFrame]:
    """The tables of the workbook, keyed by sheet name, with display headers and names."""
    focus = results.check_regions(list(focus))
    names = display_names(results, lang)

    def named(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
        out = frame.copy()
        for column in columns:
            if column in out.columns:
                out[column] = [names.get(v, str(v)) for v in out[column]]
        return out

    panel = results.panel
    years = (f"{panel.times[0]}–{panel.times[-1]}" if panel.has_time
             else t("report.single_year", lang))
    region_title = ("、" if lang == "zh" else ", ").join(names[r] for r in focus)
    about = [("", t("report.title", lang, region=region_title)),
             ("", t("report.subtitle", lang, n_regions=panel.shape[1],
                    n_activities=panel.shape[2], years=years)),
             ("", t("report.generated", lang, version=advantage.__version__))]
    about += [(sheet_title(s, lang), t(f"report.about.{s}", lang)) for s in SHEETS[1:]]
    summary = pd.DataFrame(about, columns=["sheet", "contents"])
    adv = results.region_rows("advantages", focus)
    if "class" in adv.columns:
        adv = adv.assign(**{"class": translate_values(adv["class"].astype(str), "class", lang)})
    if "quadrant" in adv.columns:
        adv = adv.assign(quadrant=translate_values(adv["quadrant"].astype(str), "quadrant",
                                                   lang))
    similarity = results.similarity.copy()
    similarity.index = [names.get(r, str(r)) for r in similarity.index]
    similarity.columns = [names.get(r, str(r)) for r in similarity.columns]
    similarity = similarity.reset_index(names=t("col.region", lang))
    eci = named(results.eci, "region")
    if panel.has_time and len(eci):
        eci = eci.pivot(index="time", columns="region", values="eci").reset_index()
    transfer = results.transfer
    tables = {
        "summary": summary,
        "advantages": named(adv, "region"),
        "opportunities": named(results.region_rows("opportunities", focus), "region"),
        "similarity": similarity,
        "shiftshare": named(results.shiftshare, "region"),
        "eci": eci,
        "transfer": named(transfer, "origin", "destination"),
        "regions": named(results.regions, "region"),
        "activities": results.activities,
    }
    return {name: translate_columns(frame, lang) for name, frame in tables.items()}


def write_excel(results: Results, focus: Sequence[Any], path: Path, *,
                lang: str = "en") -> Path:
    """Write the workbook for the focus regions to ``path`` (one sheet per table).

    Text cells and headers that start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return get a leading ``'`` (:func:`~advantage.report.safe.excel_text`, as OWASP
    recommends), so no label from the data runs as a formula.

    Parameters
    ----------
    results : Results
    focus : sequence
        One region or a group of regions.
    path : pathlib.Path
        Output ``.xlsx`` file (its folder is created).
    lang : {"en", "zh"}

    Returns
    -------
    pathlib.Path
    """
    check_lang(lang)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tables = {name: excel_safe_frame(frame)
              for name, frame in excel_tables(results, focus, lang).items()}
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8EEF7")
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in tables.items():
            title = sheet_title(name, lang)
            frame.to_excel(writer, sheet_name=title, index=False)
            sheet = writer.sheets[title]
            sheet.freeze_panes = "A2"
            for cell in sheet[1]:
                cell.font = bold
                cell.fill = fill
            for i, column in enumerate(frame.columns, start=1):
                sample = [str(column), *(str(v) for v in frame[column].head(50))]
                width = min(60, max(8, max(_width(s) for s in sample) + 2))
                sheet.column_dimensions[get_column_letter(i)].width = width
    return path


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
