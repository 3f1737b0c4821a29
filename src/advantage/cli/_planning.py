"""Options and input helpers shared by the planning commands.

Used by ``advantages``, ``opportunities``, ``transfer`` and ``backtest``; no analysis here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from advantage.cli._common import CommandError, read_table
from advantage.panel import Panel

__all__ = [
    "EndowmentsOpt", "EndowmentYearOpt", "TagsOpt", "ThresholdOpt", "labels", "load_endowment",
    "one_label",
]

ThresholdOpt = Annotated[float, typer.Option(
    "--threshold", help="RCA (LQ) at or above which a region has an activity.")]
EndowmentsOpt = Annotated[str | None, typer.Option(
    "--endowments", help="Table with columns region, endowment, value[, population] (e.g. "
    "MW installed), or 'china' for the China provincial capacity data.")]
TagsOpt = Annotated[Path | None, typer.Option(
    "--tags", help="Table with columns activity, endowment: which endowments each activity "
    "draws on (needed with --endowments).")]
EndowmentYearOpt = Annotated[int, typer.Option(
    "--endowment-year", help="Year of the China capacity data (2010, 2015 or 2020).")]


def labels(text: str | None, index: Any, option: str) -> list[Any] | None:
    """Comma-separated labels matched to a panel axis; unknown ones raise naming the option."""
    from advantage.planning._shared import parse_labels

    if text is None:
        return None
    found = parse_labels(text, index)
    assert found is not None
    unknown = [x for x in found if x not in index]
    if unknown:
        shown = ", ".join(str(x) for x in list(index[:8])) + (" ..." if len(index) > 8 else "")
        raise CommandError(f"{option} {', '.join(map(str, unknown[:5]))} not found; the panel "
                           f"has {shown}.")
    if not found:
        raise CommandError(f"{option} is empty; give comma-separated labels.")
    return found


def one_label(text: str | None, index: Any, option: str) -> Any:
    """One label (a period) matched to a panel axis, or None."""
    found = labels(text, index, option)
    if found is not None and len(found) != 1:
        raise CommandError(f"{option} takes one value, got {text!r}.")
    return None if found is None else found[0]


def load_endowment(panel: Panel, endowments: str | None, tags: Path | None,
                   year: int) -> Any:
    """An :class:`~advantage.planning.endowments.EndowmentFit` for the panel, or None."""
    from advantage.planning.china import china_endowment_strength
    from advantage.planning.endowments import endowment_fit, endowment_strength

    if endowments is None:
        if tags is not None:
            raise CommandError("--tags needs --endowments (the regions' endowment data).")
        return None
    if tags is None:
        raise CommandError("--endowments needs --tags (which activities draw on which "
                           "endowment).")
    if endowments.lower() == "china":
        strength = china_endowment_strength(panel.regions, year=year)
    else:
        strength = endowment_strength(read_table(Path(endowments)))
    tag_table = read_table(tags)
    if "activity" in tag_table.columns:
        by_text = {str(a): a for a in panel.activities}
        tag_table["activity"] = [by_text.get(str(a), a) for a in tag_table["activity"]]
    return endowment_fit(strength, tag_table, regions=panel.regions,
                         activities=panel.activities)
