"""``advantage advantages``: characteristic and advantageous industries of every region."""

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
from advantage.cli._planning import EndowmentsOpt, EndowmentYearOpt, TagsOpt, load_endowment
from advantage.cli._workbench import (
    PeerIndicatorOpt,
    PeersOpt,
    ReferenceOpt,
    resolve_peers,
    resolve_reference,
)

__all__ = ["register"]

EXAMPLE = """
Example:

  advantage advantages provinces.csv --region province --activity industry --value output
  --time year --window 5 --endowments china --tags tags.csv --out advantages.csv

  advantage advantages china_provincial_io --peers group --year 2017 --out pswot.csv

With --peers every row also gets relative_presence (the region's share of the activity
against its peers' combined share), its PSWOT label (strength, opportunity, weakness, threat
or possible entrant: presence vs peers, fit vs peers, growth vs peers) and the reason.
With --reference the location quotient and everything built on it use that reference
economy instead of the nation.
"""


def advantages(
    input: InputArg,
    out: Annotated[Path, typer.Option("--out", help="Output table (.csv, .parquet, .xlsx).")],
    region: RegionOpt = None,
    activity: ActivityOpt = None,
    value: ValueOpt = None,
    time: TimeOpt = None,
    measure: MeasureOpt = None,
    threshold: ThresholdOpt = 1.0,
    convention: ConventionOpt = Convention.default,
    window: Annotated[float, typer.Option(
        help="Years over which growth vs the nation is measured.")] = 5,
    pillar_share: Annotated[float, typer.Option(
        "--pillar-share", help="Share of the region's total that makes a pillar.")] = 0.05,
    growth_margin: Annotated[float, typer.Option(
        "--growth-margin", help="Annual growth gap vs the nation that counts (0.01 = 1 pp).")
    ] = 0.01,
    endowments: EndowmentsOpt = None,
    tags: TagsOpt = None,
    endowment_year: EndowmentYearOpt = 2020,
    endowment_threshold: Annotated[float, typer.Option(
        "--endowment-threshold", help="Endowment strength (x national per person) that "
        "makes an industry endowment-based.")] = 1.5,
    year: Annotated[str | None, typer.Option(
        "--year", help="Report one period only (default all).")] = None,
    present_only: Annotated[bool, typer.Option(
        "--present-only", help="Leave out 'not present' rows.")] = False,
    peers: PeersOpt = None,
    peer_indicator: PeerIndicatorOpt = None,
    reference: ReferenceOpt = None,
    missing: MissingOpt = Missing.error,
    duplicates: DuplicatesOpt = Duplicates.error,
    normalise: NormaliseOpt = Normalise.none,
    unmatched: UnmatchedOpt = Unmatched.error,
    preset: PresetOpt = Preset.auto,
    lang: LangOpt = Lang.en,
) -> None:
    """Classify every region x activity: pillar, endowment-based, advantaged, declining...

    Each row has the class, the rule that fired and the numbers behind it (reason), the
    location quotient, shares of the region and the nation, growth vs the nation, the
    competitive shift-share component, PCI and endowment strength.
    """
    from advantage.planning.advantages import classify_advantages
    from advantage.planning.benchmark import reference_indicators
    from advantage.planning.common import indicators_for

    roles = {"region": region, "activity": activity, "value": value, "time": time,
             "measure": measure, "missing": missing, "duplicates": duplicates,
             "normalise": normalise, "unmatched": unmatched}
    inp = open_input(input, region=region, activity=activity, value=value, time=time,
                     missing=missing, duplicates=duplicates, normalise=normalise,
                     unmatched=unmatched, preset=preset, lang=lang, outputs=[out], measure=measure)
    period = inp.one(year, "time", "--year")
    chosen_peers = resolve_peers(inp, peers, peer_indicator)
    ref, ref_name = resolve_reference(inp, reference, roles)
    with progress("classifying industries", total=2) as advance:
        fit = load_endowment(inp, endowments, tags, endowment_year)
        if ref is None:
            ind = indicators_for(inp.panel, None, threshold=threshold,
                                 convention=convention.value)
        else:
            ind = reference_indicators(inp.panel, ref, threshold=threshold,
                                       convention=convention.value)
        advance()
        table = classify_advantages(
            inp.panel, threshold=threshold, window=window, pillar_share=pillar_share,
            growth_margin=growth_margin, endowment=fit, indicators=ind,
            endowment_threshold=endowment_threshold, times=period)
        if chosen_peers is not None:
            table = _with_pswot(inp, table, chosen_peers, period, window, growth_margin,
                                threshold, ind)
        advance()
    if present_only:
        table = table[table["class"] != "not present"].reset_index(drop=True)
    write_table(table, out, display=inp.display)
    counts = table["class"].value_counts()
    summary = ", ".join(f"{n} {c}" for c, n in counts.items() if n and c != "not present")
    if chosen_peers is not None:
        labels = table["pswot"].value_counts()
        summary += "; PSWOT " + ", ".join(f"{n} {c}" for c, n in labels.items() if n)
    if ref is not None:
        summary += f"; LQ against {ref_name}"
    typer.echo(f"{len(table)} rows ({summary}); wrote {out}")


def _with_pswot(inp: Any, table: Any, peers: Any, period: Any, window: float,
                margin: float, threshold: float, ind: Any) -> Any:
    """The advantages table with relative presence and the PSWOT label against peers."""
    from advantage.planning.benchmark import pswot

    panel = inp.panel
    times = [period] if period is not None else (list(panel.times) if panel.has_time else None)
    labels = pswot(panel, peers, times=times, window=window, growth_margin=margin,
                   threshold=threshold, indicators=ind)
    keys = [k for k in ("time", "region", "activity") if k in table.columns]
    extra = labels[[*keys, "relative_presence", "pswot", "fit", "growth_vs_peers",
                    "reason"]].rename(columns={"reason": "pswot_reason"})
    return table.merge(extra, on=keys, how="left")


def register(app: typer.Typer) -> None:
    """Add the command to the application."""
    app.command("advantages", help=(advantages.__doc__ or "") + EXAMPLE)(advantages)
