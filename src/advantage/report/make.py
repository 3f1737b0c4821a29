"""One call from a panel to report files: what the command line and the demo use."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advantage._checks import AdvantageError
from advantage.i18n import check_lang
from advantage.panel import Panel
from advantage.report.excel import write_excel
from advantage.report.html import write_html
from advantage.report.maps import resolve_map
from advantage.report.results import Results, compute_results

__all__ = ["make_report"]


def make_report(panel: Panel, focus: Sequence[Any], *, html: Path | None = None,
                excel: Path | None = None, lang: str = "en",
                geojson: dict[str, Any] | None = None, geo_key: str | None = None,
                results: Results | None = None, map_measure: str = "eci",
                **options: Any) -> list[Path]:
    """Write the HTML report and/or the Excel workbook for one region or a group.

    Parameters
    ----------
    panel : Panel
    focus : sequence
        Region labels the report is about (one region or a group).
    html, excel : pathlib.Path, optional
        Files to write (at least one).
    lang : {"en", "zh"}
    geojson, geo_key : optional
        Boundaries and the feature property matching the regions; China's provinces, US
        states and world countries are built in (used when the regions match them; see
        :func:`~advantage.report.maps.resolve_map`).
    map_measure : str
        Region-level value on the map: ``eci``, ``diversity``, ``coi`` or ``value``.
    results : Results, optional
        Precomputed :func:`~advantage.report.results.compute_results` of ``panel`` (to
        write several reports from one computation); compute it with the same ``lang`` for
        the reason sentences to be in that language.
    **options
        Passed to :func:`~advantage.report.results.compute_results` (``sources``,
        ``destinations``, ``endowment``, ``centroids``, ``top``, ``seed``).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    check_lang(lang)
    if html is None and excel is None:
        raise AdvantageError("make_report needs html= or excel= (a file to write).")
    results = results if results is not None else compute_results(panel, lang=lang,
                                                                         **options)
    regions = results.check_regions(list(focus))
    written = []
    if html is not None:
        spec = resolve_map(list(panel.regions), geojson, geo_key)
        written.append(write_html(results, regions, html, lang=lang, map_spec=spec,
                                  map_measure=map_measure))
    if excel is not None:
        written.append(write_excel(results, regions, excel, lang=lang))
    return written
