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
from advantage.i18n import t, translate_columns
from advantage.planning.profile import Profile
from advantage.report.display import Display
from advantage.report.safe import excel_safe_frame
from advantage.report.sections import named

__all__ = ["SHEETS", "excel_tables", "sheet_title", "write_excel"]

#: Sheets in order (``report.sheet.<name>`` gives the title in each language).
SHEETS = ("summary", "advantages", "opportunities", "portfolio", "pswot", "similarity",
          "shiftshare", "eci", "transfer", "diagnostics", "stability", "regions", "activities")


def sheet_title(name: str, lang: str) -> str:
    """The sheet's title in ``lang``, made legal for Excel (<= 31 characters, no ``[]:*?/``)."""
    return re.sub(r"[\[\]:*?/\\]", "-", t(f"report.sheet.{name}", lang))[:31]


def excel_tables(profile: Profile, focus: Sequence[Any],
                 display: Display) -> dict[str, pd.DataFrame]:
    """The tables of the workbook, keyed by sheet name, readable in the display's language."""
    lang = display.lang
    focus = profile.panel.match("region", list(focus), name="focus")
    panel = profile.panel
    years = (f"{panel.times[0]}–{panel.times[-1]}" if panel.has_time
             else t("report.single_year", lang))
    region_title = ("、" if lang == "zh" else ", ").join(display.show("region", r)
                                                        for r in focus)
    about = [("", t("report.title", lang, region=region_title)),
             ("", t("report.subtitle", lang, n_regions=panel.shape[1],
                    n_activities=panel.shape[2], years=years)),
             ("", t("report.generated", lang, version=advantage.__version__))]
    about += [(sheet_title(s, lang), t(f"report.about.{s}", lang)) for s in SHEETS[1:]]
    summary = pd.DataFrame(about, columns=["sheet", "contents"])
    similarity = profile.similarity.copy()
    similarity.index = [display.show("region", r) for r in similarity.index]
    similarity.columns = [display.show("region", r) for r in similarity.columns]
    similarity = similarity.reset_index(names=t("col.region", lang))
    eci = profile.eci
    if panel.has_time and len(eci):
        eci = named(eci, display, region="region").pivot(index="time", columns="region",
                                                         values="eci").reset_index()
        eci = translate_columns(eci, lang)
    else:
        eci = display.table(eci, headers=True, names="replace")

    def readable(frame: pd.DataFrame) -> pd.DataFrame:
        return display.table(frame, headers=True, names="replace")

    return {
        "summary": translate_columns(summary, lang),
        "advantages": readable(profile.region_rows("advantages", focus)),
        "opportunities": readable(profile.region_rows("opportunities", focus)),
        "portfolio": readable(profile.portfolio_of(focus)),
        "pswot": readable(profile.pswot_of(focus)),
        "similarity": similarity,
        "shiftshare": readable(profile.shiftshare),
        "eci": eci,
        "transfer": readable(profile.transfer),
        "diagnostics": readable(profile.diagnostics),
        "stability": readable(profile.stability_of(focus)),
        "regions": readable(profile.regions),
        "activities": readable(profile.activities),
    }


def write_excel(profile: Profile, focus: Sequence[Any], path: Path, *,
                display: Display | None = None) -> Path:
    """Write the workbook for the focus regions to ``path`` (one sheet per table).

    Text cells and headers that start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return get a leading ``'`` (:func:`~advantage.report.safe.excel_text`, as OWASP
    recommends), so no label from the data runs as a formula.

    Parameters
    ----------
    profile : Profile
    focus : sequence
        One region or a group of regions.
    path : pathlib.Path
        Output ``.xlsx`` file (its folder is created).
    display : Display, optional
        Language and names (default English, labels as they are).

    Returns
    -------
    pathlib.Path
    """
    display = display if display is not None else Display()
    lang = display.lang
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tables = {name: excel_safe_frame(frame)
              for name, frame in excel_tables(profile, focus, display).items()}
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
