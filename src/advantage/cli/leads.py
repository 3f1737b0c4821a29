"""``advantage leads``: firm leads for investment promotion (招商线索), exported to Excel."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from advantage.cli._common import (
    CommandError,
    Duplicates,
    DuplicatesOpt,
    Lang,
    LangOpt,
    Missing,
    MissingOpt,
    Normalise,
    NormaliseOpt,
    Preset,
    PresetOpt,
    ThresholdOpt,
    Unmatched,
    UnmatchedOpt,
    check_outputs,
    open_input,
    write_table,
)

__all__ = ["register"]

EXAMPLE = """
Example (firm records are the user's own data, stored in the workspace first):

  advantage ingest firms.csv --workspace ws.duckdb --name firms --records --firm firm_id
  --region province --activity industry_code --time year --value employees

  advantage leads --workspace ws.duckdb --name firms --activity 3841,3842
  --sources Guangdong,Jiangsu,Zhejiang --destination Ningxia --panel china_provincial_io
  --out leads.xlsx

The records need one row per firm and year: a firm identifier, the region (named as the
panel names regions, or by an alias of the region preset), the activity code as text (a
firm matches an --activity its code begins with: 38 finds 3841), the year and a size (e.g.
employees); a firm name column is optional (--columns name=COLUMN). Firms are ranked by the
mean percentile of size (latest year), growth (first to latest year) and, with
--destination and --panel, the destination's relatedness density in the firm's activity.
When the records' codes and the panel's activities are different classifications (GB/T
4754 classes against input-output sectors), give --concordance (code -> activity); each
reason names the panel activity the fit was read from.
"""


def leads(
    workspace: Annotated[Path, typer.Option("--workspace", help="Workspace file (DuckDB).")],
    name: Annotated[str, typer.Option("--name", help="Firm records stored with ingest "
                                                     "--records.")],
    activity: Annotated[str, typer.Option(
        "--activity", help="Activity code(s), comma-separated (text: 0101 is not 101).")],
    sources: Annotated[str, typer.Option(
        "--sources", help="Regions the firms are in, comma-separated (e.g. where the "
        "activity is relocating from).")],
    out: Annotated[Path, typer.Option("--out", help="Output: .xlsx (or .csv, .parquet).")],
    destination: Annotated[str | None, typer.Option(
        "--destination", help="The region courting the firms (needs --panel for fit).")
    ] = None,
    panel_input: Annotated[Path | None, typer.Option(
        "--panel", help="Panel for the fit (a file with column roles, or a data set "
        "name).")] = None,
    region: Annotated[str | None, typer.Option(
        "--panel-region", help="Column of --panel holding the region.")] = None,
    panel_activity: Annotated[str | None, typer.Option(
        "--panel-activity", help="Column of --panel holding the activity.")] = None,
    value: Annotated[str | None, typer.Option(
        "--panel-value", help="Column of --panel holding the value.")] = None,
    time: Annotated[str | None, typer.Option(
        "--panel-time", help="Column of --panel holding the year.")] = None,
    measure: Annotated[str | None, typer.Option(
        "--panel-measure", help="With a data set name as --panel: its measure.")] = None,
    columns: Annotated[str | None, typer.Option(
        "--columns", help="Record columns by role, e.g. 'firm=id,size=employees,name=firm' "
        "(default: the roles stored with the records).")] = None,
    match: Annotated[str, typer.Option(
        "--match", help="prefix (38 finds 3841) or exact.")] = "prefix",
    year: Annotated[str | None, typer.Option(
        "--year", help="Latest year to use (default each firm's latest).")] = None,
    weights: Annotated[str | None, typer.Option(
        "--weights", help="Over size, growth, fit, e.g. 'size=2,growth=1,fit=1'.")] = None,
    top: Annotated[int | None, typer.Option("--top", min=1, help="Leads to keep.")] = None,
    concordance: Annotated[Path | None, typer.Option(
        "--concordance", help="Table with columns code and activity: firm code (or prefix) "
        "-> panel activity, when the records and --panel use different classifications.")
    ] = None,
    threshold: ThresholdOpt = 1.0,
    missing: MissingOpt = Missing.error,
    duplicates: DuplicatesOpt = Duplicates.error,
    normalise: NormaliseOpt = Normalise.none,
    unmatched: UnmatchedOpt = Unmatched.error,
    preset: PresetOpt = Preset.auto,
    lang: LangOpt = Lang.en,
) -> None:
    """List firms of an activity in source regions, ranked by size, growth and fit."""
    from advantage.io.workspace import Workspace
    from advantage.planning.common import parse_weights
    from advantage.planning.leads import firm_leads
    from advantage.reference.presets import resolve_preset
    from advantage.report.display import Display

    check_outputs([workspace, panel_input], [out])
    ws = Workspace(workspace)
    records = ws.result(name)
    roles = _stored_roles(ws, name)
    roles.update(_pairs(columns, "--columns"))
    inp = None
    if panel_input is not None:
        inp = open_input(panel_input, region=region, activity=panel_activity, value=value,
                         time=time, missing=missing, duplicates=duplicates,
                         normalise=normalise, unmatched=unmatched, preset=preset, lang=lang,
                         outputs=[out], measure=measure)
    elif destination is not None:
        raise CommandError("--destination needs --panel (the panel whose density gives the "
                           "fit).")
    mapping = None
    if concordance is not None:
        from advantage.cli._workbench import read_side_table

        table = read_side_table(concordance, "--concordance", text=("code", "activity"))
        if not {"code", "activity"} <= set(table.columns):
            raise CommandError("--concordance needs columns code and activity.")
        mapping = dict(zip(table["code"], table["activity"], strict=True))
    wanted = [a.strip() for a in activity.split(",") if a.strip()]
    places = [s.strip() for s in sources.split(",") if s.strip()]
    found = resolve_preset(sorted({str(r) for r in records[roles.get("region", "region")]}),
                           preset.value) if roles.get("region", "region") in records.columns \
        else None
    alias = inp.preset.alias if inp is not None and inp.preset is not None else (
        found.alias if found is not None else None)
    table = firm_leads(records, wanted, places, panel=inp.panel if inp is not None else None,
                       destination=destination, columns=roles, match=match, time=year,
                       weights=parse_weights(weights), top=top, threshold=threshold,
                       aliases=alias, concordance=mapping)
    display = inp.display if inp is not None else (
        Display(lang.value, {"region": found.names(lang.value)}) if found is not None
        else Display(lang.value))
    path = write_table(table, out, display=display)
    typer.echo(f"{len(table)} firms of {', '.join(wanted)} in {', '.join(places)}; wrote {path}")


def _stored_roles(ws: Any, name: str) -> dict[str, str]:
    """The column roles recorded when the firm records were stored (ingest --records)."""
    found = ws.results()
    row = found[found["name"] == name]
    if row.empty or row["kind"].iloc[0] != "firm_records":
        kind = row["kind"].iloc[0] if len(row) else "nothing"
        raise CommandError(f"{name!r} in the workspace is {kind}, not firm records; store them "
                           "with: advantage ingest FILE --records ...")
    params = json.loads(row["parameters"].iloc[0] or "{}")
    return {str(k): str(v) for k, v in params.get("roles", {}).items()}


def _pairs(text: str | None, option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        key, sep, column = part.partition("=")
        if not sep or not key.strip() or not column.strip():
            raise CommandError(f"{option} {text!r} is not valid; expected role=column pairs, "
                               "e.g. 'firm=id,size=employees'.")
        out[key.strip()] = column.strip()
    return out


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("leads", help=(leads.__doc__ or "").rstrip() + "\n" + EXAMPLE)(leads)
