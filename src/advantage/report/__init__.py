"""Charts and self-contained HTML and Excel reports built from a planning profile.

The report layer only presents: a :class:`~advantage.planning.profile.Profile` holds the
analysis, a :class:`~advantage.report.display.Display` the language and names,
:mod:`~advantage.report.charts` and :mod:`~advantage.report.maps` draw, and
:func:`write_html` / :func:`write_excel` write the files.
"""

from advantage.report.display import Display, display_for
from advantage.report.excel import write_excel
from advantage.report.html import write_html
from advantage.report.layout import network_layout
from advantage.report.make import make_report
from advantage.report.maps import MapSpec, resolve_map
from advantage.report.sections import activity_space, build_sections, figure_for

__all__ = [
    "Display",
    "MapSpec",
    "activity_space",
    "build_sections",
    "display_for",
    "figure_for",
    "make_report",
    "network_layout",
    "resolve_map",
    "write_excel",
    "write_html",
]
