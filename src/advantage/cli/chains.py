"""``advantage chains``: value chains of a region, in two modes (tags, or input-output).

Tag mode (``--chains``): chains the user defines as tagged or ordered sets of activities;
for each focus region, the share of links present, the missing links ranked by
feasibility and the key nodes (:func:`advantage.planning.valuechains.chain_status`).

Input-output mode (no ``--chains``): the inputs a province's pillar industries buy from
outside it, from its own input-output table (:func:`advantage.planning.chains.
supply_chain_gaps`).
"""

from __future__ import annotations

import inspect
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from advantage.cli._common import (
    ActivityOpt,
    CommandError,
    Duplicates,
    DuplicatesOpt,
    Lang,
    LangOpt,
    MeasureOpt,
    Missing,
    MissingOpt,
    Normalise,
    NormaliseOpt,
    Preset,
    PresetOpt,
    RegionOpt,
    ThresholdOpt,
    TimeOpt,
    Unmatched,
    UnmatchedOpt,
    ValueOpt,
    check_outputs,
    open_input,
    write_table,
)
from advantage.cli._workbench import read_side_table

__all__ = ["Centrality", "register"]

EXAMPLE = """
Two modes:

  tag mode (with --chains FILE): value chains defined by the user (强链补链延链). FILE is a
  table with columns chain, activity and optionally stage (numbers, upstream first; links
  may share a stage); --chains china_io uses the two bundled worked examples (光伏 and
  新能源汽车 on the 38 harmonised IO sectors; coarse: one sector holds many products). INPUT
  is any panel (a file with column roles, or a data set name). For every focus region and
  chain: the share of links present (RCA >= --threshold), the missing links ranked by
  relatedness density, the action per link (strengthen / fill / extend) and the key nodes
  (most central in the activity space, or with --centrality io in the region's own
  input-output table, for china_provincial_io).

  input-output mode (without --chains): INPUT is input-output tables (china_provincial_io,
  or a flows file in its layout). Pillars are the province's largest specialised industries;
  their inputs and how much of each the province buys from other provinces or abroad come
  from its own table.

Examples:

  advantage chains china_provincial_io --chains china_io --focus Ningxia,Gansu
  --summary chains_summary.csv --out chains.csv

  advantage chains provinces.csv --region province --activity industry --value output
  --time year --chains my_chains.csv --focus 宁夏 --lang zh --out chains.xlsx

  advantage chains china_provincial_io --focus Ningxia --out ningxia_chains.csv

  advantage chains china_provincial_io --focus 宁夏 --year 2012 --pillars 12,14 --lang zh \\
      --out ningxia_2012.xlsx
"""


class Centrality(StrEnum):
    """How key nodes are found in tag mode."""

    space = "space"
    io = "io"


def chains(
    source: Annotated[str, typer.Argument(
        metavar="INPUT", help="Tag mode: any panel (file or data set name). Input-output "
        "mode: china_provincial_io, or a flows file in its layout.")],
    focus: Annotated[str, typer.Option(
        "--focus", help="The region(s) (name, 宁夏 or 640000; tag mode: comma-separated).")],
    out: Annotated[Path, typer.Option("--out", help="Output file: .csv, .parquet or .xlsx.")],
    chains_file: Annotated[str | None, typer.Option(
        "--chains", help="Tag mode: the chains table (chain, activity[, stage]), or "
        "china_io for the bundled worked examples.")] = None,
    year: Annotated[int | None, typer.Option(
        "--year", help="Period (tag mode: default the last). Input-output mode: 2007, 2012 "
        "or 2017 (default the latest); 2002 records no inflow or imports by product.")
    ] = None,
    pillars: Annotated[str, typer.Option(
        "--pillars", help="Input-output mode: how many pillars (one digit: the largest "
        "specialised industries), or comma-separated two-digit harmonised sector codes "
        "(e.g. 12,14).")] = "3",
    min_input_share: Annotated[float, typer.Option(
        "--min-input-share", help="Input-output mode: smallest input per unit of the "
        "pillar's output reported.")] = 0.01,
    summary: Annotated[Path | None, typer.Option(
        "--summary", help="Tag mode: also write one row per region and chain here.")] = None,
    centrality: Annotated[Centrality, typer.Option(
        "--centrality", help="Tag mode: key nodes by the activity space, or io (the "
        "region's own input-output table; china_provincial_io only).")] = Centrality.space,
    region: RegionOpt = None,
    activity: ActivityOpt = None,
    value: ValueOpt = None,
    time: TimeOpt = None,
    measure: MeasureOpt = None,
    threshold: ThresholdOpt = 1.0,
    missing: MissingOpt = Missing.error,
    duplicates: DuplicatesOpt = Duplicates.error,
    normalise: NormaliseOpt = Normalise.none,
    unmatched: UnmatchedOpt = Unmatched.error,
    preset: PresetOpt = Preset.auto,
    lang: LangOpt = Lang.en,
) -> None:
    """Value chains of a region: tag mode (--chains) or the input-output mode (below).

    Tag mode writes one row per region, chain and link: region, chain, stage, activity,
    present, rca, density, pci, feasibility_rank, centrality, key_node, action,
    share_present, reason. Input-output mode writes one row per pillar and input: time,
    region, pillar, input_activity, input_share, sourced_outside_share, density, pci, score,
    reason; inflow and imports are recorded by product, so they are assumed to reach every
    user in proportion to use, and each reason says so.
    """
    if chains_file is not None:
        _tag_mode(source, focus, out, chains_file, year, summary, centrality, threshold,
                  lang, {"region": region, "activity": activity, "value": value,
                         "time": time, "measure": measure, "missing": missing,
                         "duplicates": duplicates, "normalise": normalise,
                         "unmatched": unmatched, "preset": preset})
        return
    tag_only = {"--summary": summary is not None, "--region": region, "--activity": activity,
                "--value": value, "--time": time, "--measure": measure,
                "--centrality": centrality != Centrality.space}
    given = [k for k, v in tag_only.items() if v]
    if given:
        raise CommandError(f"{', '.join(given)} belong to the tag mode: give --chains FILE "
                           "(or leave them out for the input-output mode).")
    _io_mode(source, focus, out, year, pillars, min_input_share, lang)


def _io_mode(source: str, focus: str, out: Path, year: int | None, pillars: str,
             min_input_share: float, lang: Lang) -> None:
    """The input-output mode: supply-chain gaps of a province's pillar industries."""
    from advantage.io.china_io import MEASURES, read_china_io, region_alias
    from advantage.planning.chains import supply_chain_gaps
    from advantage.reference.presets import resolve_preset
    from advantage.report.display import display_for

    check_outputs([Path(source)], [out])
    if source != "china_provincial_io" and not Path(source).is_file():
        raise CommandError(f"INPUT {source!r} is neither china_provincial_io nor a file.")
    tables = read_china_io(None if source == "china_provincial_io" else Path(source))
    recorded = [y for y in MEASURES["total_inflow"] if y in tables.years]
    chosen = max(recorded) if year is None else year
    if chosen not in recorded:
        raise CommandError(f"--year {chosen} is not valid: chains need inflow and imports by "
                           f"product, recorded in {', '.join(map(str, recorded))}.")
    panel = tables.panel("gross_output", [chosen], negative="zero")
    region = panel.match("region", focus, name="--focus", aliases=region_alias)[0]
    table = tables.table(region, chosen)
    wanted: Any = int(pillars) if pillars.strip().isdigit() and len(pillars.strip()) < 2 \
        else [p.strip() for p in pillars.split(",") if p.strip()]
    gaps = supply_chain_gaps(table, panel, focus=region, pillars=wanted,
                             min_input_share=min_input_share, aliases=region_alias)
    shown = display_for(panel, lang.value, resolve_preset(list(panel.regions), "china"))
    path = write_table(gaps, out, display=shown)
    typer.echo(f"{region} {chosen}: {gaps['pillar'].nunique()} pillars, {len(gaps)} inputs "
               f"bought at least partly outside; wrote {path}")
    typer.echo(f"assumption: {gaps.attrs['assumption']}.")


def _tag_mode(source: str, focus: str, out: Path, chains_file: str, year: int | None,
              summary: Path | None, centrality: Centrality, threshold: float, lang: Lang,
              roles: dict[str, Any]) -> None:
    """The tag mode: user-defined chains, their links present, missing and key."""
    from advantage.planning.valuechains import chain_status
    from advantage.reference.chains import EXAMPLES, value_chains

    inp = open_input(Path(source), lang=lang, outputs=[out, summary], **roles)
    check_outputs([Path(chains_file)], [out, summary])
    regions = inp.labels(focus, "region", "--focus")
    period = inp.one(None if year is None else str(year), "time", "--year")
    if chains_file in EXAMPLES:
        table = value_chains(chains_file)
    elif Path(chains_file).is_file():
        table = read_side_table(Path(chains_file), "--chains")
    else:
        raise CommandError(f"--chains {chains_file!r} is neither a file nor a bundled example "
                           f"({', '.join(EXAMPLES)}).")
    linkages = (_io_linkages(source, regions or [], period)
                if centrality == Centrality.io else None)
    result = chain_status(inp.panel, table, focus=regions, time=period, threshold=threshold,
                          linkages=linkages)
    written = [write_table(result.links, out, display=inp.display)]
    if summary is not None:
        written.append(write_table(result.summary, summary, display=inp.display))
    for line in inp.display.reasons(result.summary["reason"])[:6]:
        typer.echo(line)
    typer.echo(f"{len(result.summary)} region-chain pairs, {len(result.links)} links; wrote "
               + ", ".join(str(p) for p in written))


def _io_linkages(source: str, regions: list[Any], period: Any) -> dict[Any, Any]:
    """Each focus region's technical coefficients from its own input-output table."""
    from advantage.io.china_io import read_china_io
    from advantage.planning.valuechains import io_coefficients

    if source != "china_provincial_io":
        raise CommandError("--centrality io needs INPUT china_provincial_io (input-output "
                           "tables); use --centrality space for other panels.")
    tables = read_china_io(None)
    year = max(tables.years) if period is None else int(period)
    out = {}
    for region in regions:
        table = tables.table(region, year)
        out[region] = io_coefficients(table.flows, table.output)
    return out


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    text = inspect.cleandoc(chains.__doc__ or "") + "\n" + EXAMPLE
    app.command("chains", help=text)(chains)
