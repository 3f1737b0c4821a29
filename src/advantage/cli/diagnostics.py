"""``advantage diagnostics``: how far to trust the indicators and the rankings of a panel."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from advantage.cli._common import (
    ActivityOpt,
    Convention,
    ConventionOpt,
    Duplicates,
    DuplicatesOpt,
    InputArg,
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
    open_input,
    progress,
    write_table,
)
from advantage.cli._workbench import output_folder, own_groups

__all__ = ["register"]

EXAMPLE = """
Example:

  advantage diagnostics china_provincial_io --focus Gansu,Ningxia --out trust/

Writes into the folder:

  diagnostics.csv   time, check, value, verdict, detail: the eigengap of ECI, ECI's agreement
                    with fitness and diversity, the sign anchor, zero-diversity regions,
                    zero-ubiquity activities, tiny and absent regions, every period.
  stability.csv     list, time, region, activity, rank, stability, kept, variants, reason:
                    each item of the top-k opportunity and advantage lists (and transfer
                    destinations with a region preset), with the share of analyst choices
                    (presence threshold x0.8 and x1.25, 3- and 10-year windows, two other
                    proximity definitions, each region's macro-region as reference) under
                    which it stays in its list.
  variants.csv      list, variant, overlap: how much of each list every choice keeps.
  eci_ranks.csv, pci_ranks.csv
                    bootstrap intervals of ECI ranks (activities resampled) and PCI ranks
                    (regions resampled), seeded.
  cell_ranks.csv    with --focus: intervals of the density and COG ranks of the focus
                    regions' candidates.
"""


def diagnostics(
    input: InputArg,
    out: Annotated[Path, typer.Option("--out", help="Folder for the tables.")],
    region: RegionOpt = None,
    activity: ActivityOpt = None,
    value: ValueOpt = None,
    time: TimeOpt = None,
    measure: MeasureOpt = None,
    focus: Annotated[str | None, typer.Option(
        "--focus", help="Regions whose lists and cell ranks are measured (default all lists, "
        "no cell ranks).")] = None,
    k: Annotated[int, typer.Option("--k", min=1, help="Length of each top list.")] = 10,
    boot: Annotated[int, typer.Option("--boot", min=1, help="Bootstrap replicates.")] = 200,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the bootstrap.")] = 0,
    level: Annotated[float, typer.Option("--level", min=0.5, max=0.999,
                                         help="Coverage of the rank intervals.")] = 0.9,
    year: Annotated[str | None, typer.Option(
        "--year", help="Period of the lists and ranks (default the last).")] = None,
    window: Annotated[float, typer.Option(min=0.001, help="Years for growth.")] = 5,
    threshold: ThresholdOpt = 1.0,
    convention: ConventionOpt = Convention.default,
    missing: MissingOpt = Missing.error,
    duplicates: DuplicatesOpt = Duplicates.error,
    normalise: NormaliseOpt = Normalise.none,
    unmatched: UnmatchedOpt = Unmatched.error,
    preset: PresetOpt = Preset.auto,
    lang: LangOpt = Lang.en,
) -> None:
    """Validity diagnostics, stability of the top lists and bootstrap rank intervals."""
    from advantage.planning.common import indicators_for
    from advantage.planning.diagnostics import diagnostics as check
    from advantage.planning.stability import stability
    from advantage.planning.trust import rank_intervals

    names = ("diagnostics", "stability", "variants", "eci_ranks", "pci_ranks", "cell_ranks")
    inp = open_input(input, region=region, activity=activity, value=value, time=time,
                     missing=missing, duplicates=duplicates, normalise=normalise,
                     unmatched=unmatched, preset=preset, lang=lang,
                     outputs=[out / f"{n}.csv" for n in names], measure=measure)
    folder = output_folder(out)
    regions = inp.labels(focus, "region", "--focus")
    period = inp.one(year, "time", "--year")
    panel = inp.panel
    with progress("checking", total=3) as advance:
        ind = indicators_for(panel, None, threshold=threshold, convention=convention.value,
                             with_fitness=True)
        checks = check(panel, indicators=ind, threshold=threshold,
                       convention=convention.value)
        advance()
        lists, extra = ["opportunities", "advantages"], _transfer(inp, period, window)
        if extra:
            lists.append("transfer")
        references = {"macro-region": own_groups(inp)} if inp.preset is not None else {}
        found = stability(panel, lists=lists, k=k, time=period, focus=regions,
                          threshold=threshold, window=window, convention=convention.value,
                          references=references, **extra)
        advance()
        ranks = rank_intervals(panel, n=boot, seed=seed, level=level, time=period,
                               focus=regions, threshold=threshold,
                               convention=convention.value, indicators=ind)
        advance()
    shown = inp.display
    written = [write_table(checks, folder / "diagnostics.csv", display=shown),
               write_table(found.items, folder / "stability.csv", display=shown),
               write_table(found.variants, folder / "variants.csv", display=shown),
               write_table(ranks.regions, folder / "eci_ranks.csv", display=shown),
               write_table(ranks.activities, folder / "pci_ranks.csv", display=shown)]
    if regions:
        written.append(write_table(ranks.cells, folder / "cell_ranks.csv", display=shown))
    latest = checks[checks["time"] == checks["time"].iloc[-1]] if "time" in checks.columns \
        else checks
    flagged = latest[latest["verdict"] != "ok"]["check"].tolist()
    mean = found.items.groupby("list")["stability"].mean()
    typer.echo(f"latest period: {len(flagged)} checks flagged ({', '.join(flagged) or 'none'})"
               f"; mean stability " + ", ".join(f"{n} {v:.2f}" for n, v in mean.items())
               + f"; wrote {len(written)} tables to {folder}")


def _transfer(inp: Any, period: Any, window: float) -> dict[str, Any]:
    """Transfer groups from the region preset, when the panel has a period to compare."""
    from advantage.planning.common import base_periods

    panel = inp.panel
    if inp.preset is None or not panel.has_time or panel.shape[0] < 2:
        return {}
    t = panel.shape[0] - 1 if period is None else int(panel.locate("time", [period])[0])
    if base_periods(panel.times, window)[t] < 0:
        return {}
    try:
        src, dst = inp.preset.transfer_groups()
    except Exception:  # noqa: BLE001 - a preset without both groups: no transfer list
        return {}
    return {"sources": src, "destinations": dst}


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    text = (diagnostics.__doc__ or "").rstrip() + "\n" + EXAMPLE
    app.command("diagnostics", help=text)(diagnostics)
