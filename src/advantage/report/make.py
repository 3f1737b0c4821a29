"""One call from a profile to report files: what the command line and the demo use."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advantage._checks import AdvantageError
from advantage.planning.profile import Profile
from advantage.report.display import Display
from advantage.report.excel import write_excel
from advantage.report.html import write_html
from advantage.report.maps import resolve_map

__all__ = ["make_report"]


def make_report(profile: Profile, focus: Sequence[Any], *, html: Path | None = None,
                excel: Path | None = None, display: Display | None = None,
                geojson: dict[str, Any] | None = None, geo_key: str | None = None,
                map_measure: str = "eci") -> list[Path]:
    """Write the HTML report and/or the Excel workbook for one region or a group.

    Parameters
    ----------
    profile : Profile
        The analysis (:func:`advantage.planning.profile`); one profile serves reports in
        every language.
    focus : sequence
        Region labels the report is about (one region or a group).
    html, excel : pathlib.Path, optional
        Files to write (at least one, and not the same file).
    display : Display, optional
        Language and names (:func:`advantage.report.display.display_for`).
    geojson, geo_key : optional
        Boundaries and the feature property matching the regions; China's provinces, US
        states and world countries are built in (used when the regions match them; see
        :func:`~advantage.report.maps.resolve_map`).
    map_measure : str
        Region-level value on the map: ``eci``, ``diversity``, ``coi`` or ``value``.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    if html is None and excel is None:
        raise AdvantageError("make_report needs html= or excel= (a file to write).")
    if html is not None and excel is not None and Path(html).resolve() == Path(excel).resolve():
        raise AdvantageError(f"html= and excel= are the same file {str(html)!r}; give each "
                             "its own.")
    display = display if display is not None else Display()
    regions = profile.panel.match("region", list(focus), name="focus")
    written = []
    if html is not None:
        spec = resolve_map(list(profile.panel.regions), geojson, geo_key)
        written.append(write_html(profile, regions, html, display=display, map_spec=spec,
                                  map_measure=map_measure))
    if excel is not None:
        written.append(write_excel(profile, regions, excel, display=display))
    return written
