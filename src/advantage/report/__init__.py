"""Charts and self-contained HTML and Excel reports built from a planning profile.

The report layer only presents: a :class:`~advantage.planning.profile.Profile` holds the
analysis, a :class:`~advantage.report.display.Display` the language and names,
:mod:`~advantage.report.charts` and :mod:`~advantage.report.maps` draw, and
:func:`write_html` / :func:`write_excel` write the files.

The names below are imported when first used (PEP 562): a command that only needs
:class:`Display` does not pay for openpyxl and the chart modules at start-up.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advantage.report.display import Display, display_for
    from advantage.report.excel import write_excel
    from advantage.report.html import write_html
    from advantage.report.layout import network_layout
    from advantage.report.make import make_report
    from advantage.report.maps import MapSpec, resolve_map
    from advantage.report.sections import activity_space, build_sections, figure_for

#: Each public name and the module that defines it.
_HOMES = {
    "Display": "display",
    "MapSpec": "maps",
    "activity_space": "sections",
    "build_sections": "sections",
    "display_for": "display",
    "figure_for": "sections",
    "make_report": "make",
    "network_layout": "layout",
    "resolve_map": "maps",
    "write_excel": "excel",
    "write_html": "html",
}

__all__ = ["Display", "MapSpec", "activity_space", "build_sections", "display_for", "figure_for",
           "make_report", "network_layout", "resolve_map", "write_excel", "write_html"]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'advantage.report' has no attribute {name!r}")
    value = getattr(import_module(f"advantage.report.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
