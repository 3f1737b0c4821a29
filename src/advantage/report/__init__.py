"""Charts and self-contained HTML and Excel reports built from planning and measures results.

The report layer only presents: :func:`compute_results` gathers what the library computes,
:mod:`~advantage.report.charts` and :mod:`~advantage.report.maps` draw it, and
:func:`write_html` / :func:`write_excel` write the files.
"""

from advantage.report.excel import write_excel
from advantage.report.html import write_html
from advantage.report.layout import network_layout
from advantage.report.make import make_report
from advantage.report.maps import MapSpec, resolve_map
from advantage.report.results import Results, compute_results
from advantage.report.sections import build_sections, figure_for

__all__ = [
    "MapSpec",
    "Results",
    "build_sections",
    "compute_results",
    "figure_for",
    "make_report",
    "network_layout",
    "resolve_map",
    "write_excel",
    "write_html",
]
