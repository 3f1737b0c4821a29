"""JSON views of a :class:`~advantage.planning.profile.Profile` for the dashboard's endpoints.

Each function selects rows the library computed and presents them in one language through a
:class:`~advantage.report.display.Display` (names, reason sentences, coded values); none
computes anything new. Numbers go out as plain floats with NaN as ``null``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from advantage.i18n import translate_values
from advantage.planning.profile import Profile
from advantage.report.display import Display

__all__ = ["activities_view", "activity_view", "compare_view", "diagnostics_view", "dumps",
           "opportunities_view", "peers_view", "portfolio_view", "records", "region_view",
           "regions_view", "transfer_view"]


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


def _with_names(rows: list[dict[str, Any]], display: Display, **keys: str) -> None:
    """Add ``<key>_name`` beside each label field (key=axis)."""
    for row in rows:
        for key, axis in keys.items():
            if key in row:
                row[f"{key}_name"] = display.show(axis, row[key])


def _readable(frame: pd.DataFrame, display: Display) -> pd.DataFrame:
    """Reasons as sentences and lists of labels joined (headers and labels kept)."""
    out = frame.copy()
    for column in ("reason", "related", "source", "losing_sources", "detail", "peers"):
        if column in out.columns:
            out[column] = display.table(out[[column]], headers=False)[column]
    return out


def regions_view(profile: Profile, display: Display) -> dict[str, Any]:
    """Every region with its latest value, diversity, ECI and COI."""
    rows = records(profile.regions)
    for row, label in zip(rows, profile.regions["region"], strict=True):
        row["id"] = str(row.pop("region"))
        row["name"] = display.show("region", label)
    return {"year": _clean(profile.latest), "regions": rows}


def activities_view(profile: Profile, display: Display) -> dict[str, Any]:
    """Every activity with its latest value, ubiquity and complexity."""
    rows = records(profile.activities)
    for row, label in zip(rows, profile.activities["activity"], strict=True):
        row["id"] = str(row["activity"])
        row["name"] = display.show("activity", label)
    return {"year": _clean(profile.latest), "activities": rows}


def region_view(profile: Profile, region: Any, display: Display, top: int = 10,
                top_advantages: int = 30) -> dict[str, Any]:
    """Profile of one region: summary, advantages, opportunities, ECI and shift-share.

    ``advantages`` holds the region's ``top_advantages`` activities of highest LQ (the
    full table is in reports and the Excel workbook).
    """
    results, lang = profile, display.lang
    summary_row = results.regions[results.regions["region"] == region]
    summary = records(summary_row)[0]
    summary.pop("region", None)
    eci = results.regions["eci"].to_numpy(dtype=float)
    mine = summary_row["eci"].to_numpy(dtype=float)[0]
    summary["eci_rank"] = (int((eci > mine).sum()) + 1) if math.isfinite(mine) else None
    summary["regions"] = int(len(eci))
    adv = results.region_rows("advantages", [region]).nlargest(top_advantages, "lq")
    adv_rows = records(_readable(adv, display), ["activity", "class", "lq", "value",
                                                 "share_of_region", "growth_vs_nation",
                                                 "quadrant", "reason"])
    labels = translate_values([r["class"] for r in adv_rows], "class", lang)
    for row, label in zip(adv_rows, labels, strict=True):
        row["class_label"] = label
    _with_names(adv_rows, display, activity="activity")
    opp = results.region_rows("opportunities", [region])
    opp_rows = records(_readable(opp[opp["rank"] <= top], display),
                       ["rank", "activity", "score", "feasibility", "strategic_value", "pci",
                        "reason"])
    _with_names(opp_rows, display, activity="activity")
    series = records(results.eci[results.eci["region"] == region], ["time", "eci"])
    shift = records(results.region_rows("shiftshare", [region]))
    notes = {k: display.reasons([v])[0] for k, v in results.notes.items()}
    return {"id": str(region), "name": display.show("region", region),
            "year": _clean(results.latest), "summary": summary, "advantages": adv_rows,
            "opportunities": opp_rows, "eci": series,
            "shiftshare": shift[0] if shift else None, "notes": notes}


def activity_view(profile: Profile, activity: Any, display: Display,
                  top: int = 15) -> dict[str, Any]:
    """Profile of one activity: summary, the regions strongest in it, the national series."""
    results, lang = profile, display.lang
    summary = records(results.activities[results.activities["activity"] == activity])[0]
    summary.pop("activity", None)
    adv = results.advantages[results.advantages["activity"] == activity]
    adv = adv.sort_values("lq", ascending=False).head(top)
    rows = records(adv, ["region", "class", "lq", "value", "share_of_region",
                         "growth_vs_nation"])
    labels = translate_values([r["class"] for r in rows], "class", lang)
    for row, label in zip(rows, labels, strict=True):
        row["class_label"] = label
    _with_names(rows, display, region="region")
    a = int(results.panel.locate("activity", [activity])[0])
    totals = results.panel.activity_totals()[:, a]
    series = [{"time": _clean(t), "value": _clean(v)}
              for t, v in zip(results.panel.times, totals, strict=True)]
    return {"id": str(activity), "name": display.show("activity", activity),
            "year": _clean(results.latest), "summary": summary, "regions": rows,
            "series": series}


def opportunities_view(profile: Profile, region: Any, display: Display,
                       top: int) -> dict[str, Any]:
    """The ranked opportunities of one region, with the reason for each."""
    frame = profile.region_rows("opportunities", [region])
    rows = records(_readable(frame[frame["rank"] <= top], display))
    _with_names(rows, display, activity="activity")
    return {"region": str(region), "name": display.show("region", region), "rows": rows}


def transfer_view(profile: Profile, display: Display, *, activity: Any = None,
                  destination: Any = None, source: Any = None, top: int = 50
                  ) -> dict[str, Any]:
    """Matchmaking rows, optionally for one activity, destination or losing source."""
    frame = profile.transfer
    if activity is not None:
        frame = frame[frame["activity"] == activity]
    if destination is not None:
        frame = frame[frame["destination"] == destination]
    if source is not None:
        frame = frame[frame["source"].map(lambda losing: source in losing)]
    rows = records(_readable(frame.head(top), display))
    _with_names(rows, display, destination="region", activity="activity")
    note = profile.notes.get("transfer")
    return {"rows": rows, "total": int(len(frame)),
            "note": display.reasons([note])[0] if note is not None else None}


def compare_view(profile: Profile, regions: Sequence[Any], display: Display) -> dict[str, Any]:
    """Several regions side by side: summaries, their similarity, and LQ per activity."""
    results = profile
    summary = records(results.regions[results.regions["region"].isin(regions)])
    _with_names(summary, display, region="region")
    square = results.similarity.loc[list(regions), list(regions)]
    adv = results.region_rows("advantages", list(regions))
    wide = adv.pivot_table(index="activity", columns="region", values="lq", aggfunc="first")
    wide = wide.reindex(columns=list(regions))
    lq_rows = [{"activity": str(activity), "name": display.show("activity", activity),
                "lq": [_clean(v) for v in wide.loc[activity].to_numpy(dtype=float)]}
               for activity in wide.index]
    return {"regions": [str(r) for r in regions],
            "names": [display.show("region", r) for r in regions], "summary": summary,
            "similarity": [[_clean(v) for v in row] for row in square.to_numpy(dtype=float)],
            "lq": lq_rows}


def peers_view(profile: Profile, region: Any, display: Display) -> dict[str, Any]:
    """The region against its peers: each activity's PSWOT label, presence, fit and why."""
    rows_frame = profile.pswot_of([region])
    note = profile.notes.get(f"pswot:{region}")
    peers = list(rows_frame["peers"].iloc[0]) if len(rows_frame) else []
    rows_frame = rows_frame.sort_values("relative_presence", ascending=False)
    rows = records(_readable(rows_frame.drop(columns=["peers"]), display),
                   ["activity", "pswot", "relative_presence", "fit", "density", "peer_density",
                    "growth_vs_peers", "value", "reason"])
    labels = translate_values([r["pswot"] for r in rows], "pswot", display.lang)
    for row, label in zip(rows, labels, strict=True):
        row["pswot_label"] = label
    _with_names(rows, display, activity="activity")
    return {"region": str(region), "name": display.show("region", region),
            "peers": [display.show("region", p) for p in peers], "rows": rows,
            "note": display.reasons([note])[0] if note is not None else None}


def portfolio_view(profile: Profile, region: Any, display: Display,
                   k: int = 5) -> dict[str, Any]:
    """The region's portfolio: the picks with their clusters and reasons."""
    picks = profile.portfolio_of([region], k=k)
    note = profile.notes.get(f"portfolio:{region}")
    rows = records(_readable(picks, display), ["rank", "activity", "feasibility",
                                               "attractiveness", "score", "cluster",
                                               "cluster_hub", "reason"])
    _with_names(rows, display, activity="activity", cluster_hub="activity")
    return {"region": str(region), "name": display.show("region", region), "rows": rows,
            "note": display.reasons([note])[0] if note is not None else None}


def diagnostics_view(profile: Profile, region: Any, display: Display) -> dict[str, Any]:
    """Validity checks of every period, the stability of the region's lists, its ECI rank."""
    lang = display.lang
    checks = profile.diagnostics
    rows = records(_readable(checks, display), ["time", "check", "value", "verdict", "detail"])
    check_labels = translate_values([r["check"] for r in rows], "check", lang)
    verdicts = translate_values([r["verdict"] for r in rows], "verdict", lang)
    for row, check, verdict in zip(rows, check_labels, verdicts, strict=True):
        row["check_label"], row["verdict_label"] = check, verdict
    stable = profile.stability_of([region])
    stable_rows = records(_readable(stable, display), ["list", "rank", "activity",
                                                       "stability", "reason"])
    for row, label in zip(stable_rows, translate_values([r["list"] for r in stable_rows],
                                                         "list", lang), strict=True):
        row["list_label"] = label
    _with_names(stable_rows, display, activity="activity")
    ranks = profile.ranks
    mine = records(ranks[ranks["region"] == region]) if len(ranks) else []
    latest = rows[-len(set(r["check"] for r in rows)):] if rows else []
    return {"region": str(region), "name": display.show("region", region),
            "latest": latest, "checks": rows, "stability": stable_rows,
            "rank": mine[0] if mine else None}
