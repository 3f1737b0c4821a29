"""JSON views of :class:`~advantage.report.results.Results` for the dashboard's endpoints.

Each function selects and labels rows the library computed; none computes anything new.
Numbers go out as plain floats with NaN as ``null``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from advantage.i18n import translate_values
from advantage.report.results import Results
from advantage.report.sections import display_names

__all__ = ["activities_view", "activity_view", "compare_view", "dumps", "opportunities_view",
           "records", "region_view", "regions_view", "transfer_view"]


def _clean(value: Any) -> Any:
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, np.integer | np.bool_):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, float):
        return value
    return str(value) if not (isinstance(value, float) and math.isnan(value)) else None


def records(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """Rows of ``frame`` (optionally only ``columns`` that exist) as JSON-ready dicts."""
    if columns is not None:
        frame = frame[[c for c in columns if c in frame.columns]]
    names = [str(c) for c in frame.columns]
    return [{n: _clean(v) for n, v in zip(names, row, strict=True)}
            for row in frame.itertuples(index=False, name=None)]


def dumps(payload: Any) -> bytes:
    """Compact UTF-8 JSON (Chinese text unescaped)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def _with_names(rows: list[dict[str, Any]], names: dict[Any, str], *keys: str) -> None:
    for row in rows:
        for key in keys:
            if key in row:
                row[f"{key}_name"] = names.get(row[key], str(row[key]))


def regions_view(results: Results, lang: str) -> dict[str, Any]:
    """Every region with its latest value, diversity, ECI and COI."""
    names = display_names(results, lang)
    rows = records(results.regions)
    for row, label in zip(rows, results.regions["region"], strict=True):
        row["id"] = str(row.pop("region"))
        row["name"] = names.get(label, str(label))
    return {"year": _clean(results.latest), "regions": rows}


def activities_view(results: Results) -> dict[str, Any]:
    """Every activity with its latest value, ubiquity and complexity."""
    rows = records(results.activities)
    for row in rows:
        row["id"] = str(row["activity"])
    return {"year": _clean(results.latest), "activities": rows}


def region_view(results: Results, region: Any, lang: str, top: int = 10,
                top_advantages: int = 30) -> dict[str, Any]:
    """Profile of one region: summary, advantages, opportunities, ECI and shift-share.

    ``advantages`` holds the region's ``top_advantages`` activities of highest LQ (the
    full table is in reports and the Excel workbook).
    """
    names = display_names(results, lang)
    summary_row = results.regions[results.regions["region"] == region]
    summary = records(summary_row)[0]
    summary.pop("region", None)
    eci = results.regions["eci"].to_numpy(dtype=float)
    mine = summary_row["eci"].to_numpy(dtype=float)[0]
    summary["eci_rank"] = (int((eci > mine).sum()) + 1) if math.isfinite(mine) else None
    summary["regions"] = int(len(eci))
    adv = results.region_rows("advantages", [region]).nlargest(top_advantages, "lq")
    adv_rows = records(adv, ["activity", "class", "lq", "value", "share_of_region",
                             "growth_vs_nation", "quadrant", "reason"])
    labels = translate_values([r["class"] for r in adv_rows], "class", lang)
    for row, label in zip(adv_rows, labels, strict=True):
        row["class_label"] = label
    opp = results.region_rows("opportunities", [region])
    opp_rows = records(opp[opp["rank"] <= top], ["rank", "activity", "score", "feasibility",
                                                 "strategic_value", "pci", "reason"])
    series = records(results.eci[results.eci["region"] == region], ["time", "eci"])
    shift = records(results.region_rows("shiftshare", [region]))
    return {"id": str(region), "name": names.get(region, str(region)),
            "year": _clean(results.latest), "summary": summary, "advantages": adv_rows,
            "opportunities": opp_rows, "eci": series,
            "shiftshare": shift[0] if shift else None,
            "notes": dict(results.notes)}


def activity_view(results: Results, activity: Any, lang: str, top: int = 15) -> dict[str, Any]:
    """Profile of one activity: summary, the regions strongest in it, the national series."""
    names = display_names(results, lang)
    summary = records(results.activities[results.activities["activity"] == activity])[0]
    summary.pop("activity", None)
    adv = results.advantages[results.advantages["activity"] == activity]
    adv = adv.sort_values("lq", ascending=False).head(top)
    rows = records(adv, ["region", "class", "lq", "value", "share_of_region",
                         "growth_vs_nation"])
    labels = translate_values([r["class"] for r in rows], "class", lang)
    for row, label in zip(rows, labels, strict=True):
        row["class_label"] = label
        row["region_name"] = names.get(row["region"], str(row["region"]))
    a = results.panel.activities.get_loc(activity)
    totals = results.panel.activity_totals()[:, a]
    series = [{"time": _clean(t), "value": _clean(v)}
              for t, v in zip(results.panel.times, totals, strict=True)]
    return {"id": str(activity), "year": _clean(results.latest), "summary": summary,
            "regions": rows, "series": series}


def opportunities_view(results: Results, region: Any, lang: str, top: int) -> dict[str, Any]:
    """The ranked opportunities of one region, with the reason for each."""
    names = display_names(results, lang)
    frame = results.region_rows("opportunities", [region])
    rows = records(frame[frame["rank"] <= top])
    return {"region": str(region), "name": names.get(region, str(region)), "rows": rows}


def transfer_view(results: Results, lang: str, *, activity: str | None = None,
                  destination: Any = None, source: Any = None, top: int = 50
                  ) -> dict[str, Any]:
    """Matchmaking rows, optionally for one activity, destination or losing source."""
    names = display_names(results, lang)
    frame = results.transfer
    if activity:
        frame = frame[frame["activity"].astype(str) == str(activity)]
    if destination is not None:
        frame = frame[frame["destination"] == destination]
    if source is not None:
        frame = frame[frame["source"].astype(str).str.split(", ").map(
            lambda losing: str(source) in losing)]
    rows = records(frame.head(top))
    _with_names(rows, names, "destination")
    return {"rows": rows, "total": int(len(frame)), "note": results.notes.get("transfer")}


def compare_view(results: Results, regions: Sequence[Any], lang: str) -> dict[str, Any]:
    """Several regions side by side: summaries, their similarity, and LQ per activity."""
    names = display_names(results, lang)
    summary = records(results.regions[results.regions["region"].isin(regions)])
    _with_names(summary, names, "region")
    square = results.similarity.loc[list(regions), list(regions)]
    adv = results.region_rows("advantages", list(regions))
    wide = adv.pivot_table(index="activity", columns="region", values="lq", aggfunc="first")
    wide = wide.reindex(columns=list(regions))
    lq_rows = [{"activity": str(activity),
                "lq": [_clean(v) for v in wide.loc[activity].to_numpy(dtype=float)]}
               for activity in wide.index]
    return {"regions": [str(r) for r in regions],
            "names": [names.get(r, str(r)) for r in regions], "summary": summary,
            "similarity": [[_clean(v) for v in row] for row in square.to_numpy(dtype=float)],
            "lq": lq_rows}
