"""``make demo``: the western-development study on China's provincial input-output tables.

The study answers the four questions for the 12 western provinces (NBS definition) from the
provincial input-output tables of 31 provinces x 38 harmonised sectors x 2002, 2007, 2012 and
2017 (``china_provincial_io``: gross output, current prices, 10,000 yuan):

1. characteristic and advantageous industries in 2017, and how they changed since 2007;
2. duplicated structures (产业同构): similarity among the western provinces and with the
   east, 2002 -> 2017, and how concentrated each sector is;
3. what each western province could grow next (presets), checked by a backtest over
   2002 -> 2007 -> 2012 -> 2017; data-centre siting (东数西算) on power capacity per person;
4. industries relocating out of the east 2007 -> 2017, the destinations that fit them and
   the east-west cooperation pairs (东西部协作); key sectors and supply-chain gaps.

It then writes reports in Chinese and English for Ningxia, Guizhou and Gansu (with the
province map), a short US section (state value added and its map), ``summary.json`` with
the study's numbers, and prints where everything is. Every table comes from the library;
this script only chooses, prints and writes. It is a script of the project, not part of the
installed package: run it with ``make demo`` or ``python scripts/demo.py``.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from advantage import AdvantageError

__all__ = ["CHINA_FOCUS", "US_FOCUS", "main"]

#: Western provinces the reports are about.
CHINA_FOCUS = ("Ningxia", "Guizhou", "Gansu")
#: States of the US report.
US_FOCUS = ("Wyoming", "Michigan")
#: The table's information-services sector (harmonised code), for data-centre siting.
INFORMATION_SERVICES = "29"
#: Capacity year of the energy endowments (the latest the data has).
CAPACITY_YEAR = 2020
#: Files the study needs besides the provincial tables (energy capacity and population).
CAPACITY_FILES = ("china/solar_capacity_MW_2010_2015_2020.csv",
                  "china/onwind_capacity_MW_2010_2015_2020.csv",
                  "china/offwind_capacity_MW_2010_2015_2020.csv",
                  "china/coal_capacity_MW_1995_2020.csv", "china/CHP_capacity_MW_1995_2020.csv",
                  "china/population_2020_10k.csv")


def main(out: Path | None = None) -> int:
    """Run the study; returns the process exit code."""
    from rich.console import Console

    console = Console(width=110)
    started = time.perf_counter()
    problem = _missing()
    if problem is not None:
        console.print(f"[red]error:[/red] {problem}")
        return 1
    out = out or Path("demo-output")
    out.mkdir(parents=True, exist_ok=True)
    study = Study(out, console)
    try:
        study.run()
    except AdvantageError as exc:  # a data problem the library explains in one line
        console.print(f"[red]error:[/red] {exc}")
        return 1
    study.finish(time.perf_counter() - started)
    return 0


class Study:
    """The study's steps, sharing the panel, the preset and the profile."""

    def __init__(self, out: Path, console: Any) -> None:
        from advantage.io.china_io import read_china_io
        from advantage.planning import profile
        from advantage.reference.presets import resolve_preset
        from advantage.report import display_for

        self.out, self.console = out, console
        self.written: list[Path] = []
        self.summary: dict[str, Any] = {}
        self.tables = read_china_io()
        self.panel = self.tables.panel("gross_output", negative="zero")
        preset = resolve_preset(list(self.panel.regions), "china")
        assert preset is not None  # the tables name every province
        self.preset = preset
        self.west = preset.group(["west"])
        self.east = preset.group(["east"])
        self.en = display_for(self.panel, "en", preset)
        self.zh = display_for(self.panel, "zh", preset)
        self.endowment = self._endowment()
        self.profile = profile(self.panel, groups=preset.transfer_groups(),
                               centroids=preset.centroids(), endowment=self.endowment,
                               window=10)

    # ------------------------------------------------------------------ helpers
    def write(self, frame: pd.DataFrame, name: str, lang: str = "en") -> None:
        display = self.zh if lang == "zh" else self.en
        path = self.out / name
        display.table(frame).to_csv(path, index=False)
        self.written.append(path)

    def name(self, region: Any) -> str:
        return self.en.show("region", region)

    def sector(self, code: Any) -> str:
        return self.en.show("activity", code)

    def heading(self, text: str) -> None:
        self.console.rule(f"[bold]{text}")

    def _endowment(self) -> Any:
        """Power capacity per person (all four technologies) as the information sector's fit."""
        from advantage.io.endowments import read_china_capacity
        from advantage.measures.endowments import endowment_fit, endowment_strength

        capacity = read_china_capacity(year=CAPACITY_YEAR)
        power = capacity.groupby("region", as_index=False).agg(
            value=("value", "sum"), population=("population", "first"))
        power["endowment"] = "power"
        strength = endowment_strength(pd.concat([capacity, power], ignore_index=True))
        strength = strength[strength["region"].isin(set(self.panel.regions))]
        self.strength = strength
        tags = {INFORMATION_SERVICES: ("power",), "22": ("coal", "solar", "wind"),
                "14": ("coal",), "11": ("coal",)}
        return endowment_fit(strength, tags, regions=self.panel.regions,
                             activities=self.panel.activities)

    # ------------------------------------------------------------------ the study
    def run(self) -> None:
        self.console.print(f"[bold]Advantage demo[/bold]: the western-development study on "
                           f"China's provincial input-output tables, {self.panel!r}")
        self.console.print("Gross output at current prices (10,000 yuan), 38 harmonised "
                           "sectors; 2002 and 2007 have no Tibet.")
        self.advantages()
        self.duplication()
        self.concentration()
        self.relocation()
        self.opportunities()
        self.backtests()
        self.linkages()
        self.data_centres()
        self.reports()
        self.united_states()

    def advantages(self) -> None:
        from advantage.measures.dynamics import entries_exits

        self.heading("1. Characteristic and advantageous industries, 2017 (change since 2007)")
        table = self.profile.advantages
        west = table[table["region"].isin(self.west)]
        self.write(west.assign(time=2017), "china_advantages_west_2017.csv")
        self.write(west.assign(time=2017), "china_advantages_west_2017_zh.csv", "zh")
        strong = ("pillar", "endowment-based characteristic", "advantaged", "declining")
        top: dict[str, list[dict[str, Any]]] = {}
        for region in self.west:
            mine = west[(west["region"] == region) & west["class"].isin(strong)]
            mine = mine.nlargest(3, "lq")
            top[region] = [{"sector": self.sector(a), "code": a, "lq": round(float(q), 2),
                            "class": str(c), "growth_vs_nation": _num(g)}
                           for a, q, c, g in zip(mine["activity"], mine["lq"], mine["class"],
                                                 mine["growth_vs_nation"], strict=True)]
            shown = "; ".join(f"{t['sector']} (LQ {t['lq']:.2f}, {t['class']})"
                              for t in top[region])
            self.console.print(f"[bold]{self.name(region)}[/bold]: {shown}")
        changes = entries_exits(self.panel, base=2007, final=2017)
        changes = changes[changes["region"].isin(self.west)]
        self.write(changes, "china_entries_exits_west_2007_2017.csv")
        moved = {r: {"entries": int(e), "exits": int(x)} for r, e, x in
                 zip(changes["region"], changes["entries"], changes["exits"], strict=True)}
        self.console.print("New specialisations (LQ >= 1) 2007 -> 2017 / lost: " + ", ".join(
            f"{self.name(r)} +{m['entries']}/-{m['exits']}" for r, m in moved.items()))
        self.summary["advantages_2017"] = top
        self.summary["entries_exits_2007_2017"] = moved

    def duplication(self) -> None:
        from advantage.planning.duplication import group_similarity

        self.heading("2. Duplicated structures: structural similarity by group, 2002-2017")
        balanced = [r for r in self.panel.regions if r != "Tibet"]  # Tibet: 2012 and 2017 only
        panel = self.panel.select(regions=balanced)
        groups = {"west": [r for r in self.west if r in balanced], "east": self.east}
        table = group_similarity(panel, groups)
        self.write(table, "china_group_similarity.csv")
        trend = {}
        for (a, b), part in table.groupby(["group_a", "group_b"], sort=False):
            values = dict(zip(part["time"], part["mean_similarity"], strict=True))
            shares = dict(zip(part["time"], part["duplicated_share"], strict=True))
            trend[f"{a}-{b}"] = {"mean_similarity": {int(t): round(float(v), 3)
                                                     for t, v in values.items()},
                                 "duplicated_share": {int(t): round(float(v), 3)
                                                      for t, v in shares.items()}}
            self.console.print(f"{a}-{b}: mean similarity " + ", ".join(
                f"{t} {v:.3f}" for t, v in values.items()) + "; pairs >= 0.9: " + ", ".join(
                f"{100 * v:.0f}%" for v in shares.values()))
        self.summary["similarity_without_tibet"] = trend
        pairs = self.profile.similarity.loc[self.west, self.west]
        upper = pairs.where(np.triu(np.ones(pairs.shape, dtype=bool), 1)).stack()
        closest = upper.sort_values(ascending=False).head(3)
        self.summary["most_similar_western_pairs_2017"] = [
            {"a": a, "b": b, "similarity": round(float(v), 3)} for (a, b), v in closest.items()]
        self.console.print("Most alike in 2017: " + "; ".join(
            f"{self.name(a)}-{self.name(b)} {v:.3f}" for (a, b), v in closest.items()))

    def concentration(self) -> None:
        from advantage.measures.concentration import activity_concentration

        self.heading("Concentration of each sector (locational Gini), 2002-2017")
        balanced = self.panel.select(regions=[r for r in self.panel.regions if r != "Tibet"])
        table = activity_concentration(balanced)
        self.write(table, "china_concentration.csv")
        wide = table.pivot(index="activity", columns="time", values="locational_gini")
        first, last = wide.columns.min(), wide.columns.max()
        change = (wide[last] - wide[first]).sort_values()
        top = wide[last].sort_values(ascending=False).head(5)
        self.console.print("Most concentrated in 2017: " + "; ".join(
            f"{self.sector(a)} {v:.2f}" for a, v in top.items()))
        self.console.print(f"Mean locational Gini {first} {wide[first].mean():.3f} -> "
                           f"{last} {wide[last].mean():.3f}; most dispersed since {first}: "
                           + "; ".join(f"{self.sector(a)} {v:+.2f}"
                                       for a, v in change.head(3).items()))
        self.summary["concentration"] = {
            "mean_gini": {int(first): round(float(wide[first].mean()), 3),
                          int(last): round(float(wide[last].mean()), 3)},
            "most_concentrated_2017": {self.sector(a): round(float(v), 3)
                                       for a, v in top.items()},
            "largest_fall": {self.sector(a): round(float(v), 3)
                             for a, v in change.head(3).items()},
            "largest_rise": {self.sector(a): round(float(v), 3)
                             for a, v in change.tail(3).items()}}

    def relocation(self) -> None:
        from advantage.planning import match_destinations, relocating_activities
        from advantage.planning.pairs import cooperation_pairs

        self.heading("4. Relocation out of the east, 2007-2017, and east-west pairs")
        common = {"from_year": 2007, "to_year": 2017, "loss": "share"}
        reloc = relocating_activities(self.panel, self.east, **common)
        moving = reloc[reloc["relocating"]].sort_values("source_share_to")
        self.write(reloc, "china_relocation_2007_2017.csv")
        self.console.print(f"{len(moving)} of {len(reloc)} sectors relocating out of the east "
                           "(its national share and LQ fell, they grew elsewhere):")
        for row in moving.itertuples():
            self.console.print(f"  {self.sector(row.activity)}: east share "
                               f"{100 * row.source_share_from:.1f}% -> "
                               f"{100 * row.source_share_to:.1f}%")
        dst = [r for r in self.panel.regions if r not in set(self.east)]
        match = match_destinations(self.panel, self.east, destinations=dst,
                                   centroids=self.preset.centroids(), endowment=self.endowment,
                                   top=5, **common)
        self.write(match, "china_transfer_matches.csv")
        self.write(match, "china_transfer_matches_zh.csv", "zh")
        pairs = cooperation_pairs(self.panel, self.east, self.west,
                                  centroids=self.preset.centroids(), **common)
        self.write(pairs, "china_east_west_pairs.csv")
        self.write(pairs, "china_east_west_pairs_zh.csv", "zh")
        best = pairs[pairs["rank"] == 1]
        for row in best.itertuples():
            self.console.print(f"  best partner of {self.name(row.destination)}: "
                               f"{self.name(row.source)} (score {row.score:.2f}; "
                               + ", ".join(self.sector(a) for a in row.activities[:3]) + ")")
        self.summary["relocating_2007_2017"] = {
            self.sector(r.activity): {"east_share_2007": round(float(r.source_share_from), 3),
                                      "east_share_2017": round(float(r.source_share_to), 3)}
            for r in moving.itertuples()}
        self.summary["best_partners"] = {
            self.name(r.destination): {"source": self.name(r.source),
                                       "score": round(float(r.score), 3),
                                       "activities": [self.sector(a) for a in r.activities[:3]]}
            for r in best.itertuples()}

    def opportunities(self) -> None:
        from advantage.planning import opportunities

        self.heading("3. Opportunities for the western provinces, 2017 (presets)")
        found = {}
        for preset in ("parsimonious", "strategic_bets"):
            table = opportunities(self.panel, preset=preset, focus=self.west, top=5,
                                  endowment=self.endowment, indicators=self.profile.indicators)
            self.write(table, f"china_opportunities_{preset}.csv")
            self.write(table, f"china_opportunities_{preset}_zh.csv", "zh")
            found[preset] = {self.name(r): [self.sector(a) for a in g["activity"][:3]]
                             for r, g in table.groupby("region", sort=False)}
        for region in CHINA_FOCUS:
            self.console.print(f"[bold]{region}[/bold]: balanced " + ", ".join(
                found["parsimonious"][region]) + " | strategic bets " + ", ".join(
                found["strategic_bets"][region]))
        self.summary["opportunities"] = found

    def backtests(self) -> None:
        from advantage.planning import backtest, backtest_transfer

        self.heading("Backtests over 2002 -> 2007 -> 2012 -> 2017")
        result = backtest(self.panel, horizon="next", evaluate="rolling",
                          methods=("random", "persistence", "density", "cog", "learned"),
                          indicators=self.profile.indicators, n_boot=100)
        self.write(result.metrics, "china_backtest_entries.csv")
        self.console.print("Entries (RCA < 0.25 so far -> >= 1): " + "; ".join(result.notes))
        src, dst = self.preset.transfer_groups()
        transfer = backtest_transfer(self.panel, src, destinations=dst, from_year=2007,
                                     to_year=2012, horizon=5, loss="share",
                                     centroids=self.preset.centroids(), n_boot=200)
        self.write(transfer, "china_backtest_transfer.csv")
        ratios = transfer.attrs["ratios"]
        self.write(ratios, "china_backtest_transfer_ratios.csv")
        rows = transfer.set_index("method")
        self.console.print("Transfer (relocation 2007-2012, did the destination's share grow "
                           "2012-2017?), PR-AUC: " + "; ".join(
                               f"{m} {rows.loc[m, 'pr_auc']:.3f} [{rows.loc[m, 'pr_auc_low']:.3f}"
                               f", {rows.loc[m, 'pr_auc_high']:.3f}]" for m in rows.index))
        entries = result.metrics.set_index("method")
        self.summary["backtest_entries"] = {
            "n_candidates": int(entries["n_candidates"].iloc[0]),
            "n_entries": int(entries["n_positive"].iloc[0]),
            "pr_auc": {m: _num(v) for m, v in entries["pr_auc"].items()}}
        self.summary["backtest_transfer"] = {
            "pr_auc": {m: round(float(v), 3) for m, v in rows["pr_auc"].items()},
            "ratios": ratios.round(3).to_dict(orient="records")}

    def linkages(self) -> None:
        from advantage.measures.linkages import linkages_over_tables
        from advantage.planning.chains import supply_chain_gaps

        self.heading("Key sectors and supply-chain gaps (强链补链), 2017")
        tables = [self.tables.table(region, 2017) for region in self.west]
        keys = linkages_over_tables(tables)
        self.write(keys, "china_key_sectors_west_2017.csv")
        keys = keys[keys["key_sector"]]
        key_names = {self.name(r): [self.sector(a) for a in g["sector"]]
                     for r, g in keys.groupby("region", sort=False)}
        for region in CHINA_FOCUS:
            self.console.print(f"{region} key sectors (backward and forward linkage > 1): "
                               + ", ".join(key_names.get(region, [])))
        gaps_summary = {}
        year_2017 = self.panel.select(times=[2017])
        for region in ("Ningxia", "Guizhou"):
            gaps = supply_chain_gaps(self.tables.table(region, 2017), year_2017,
                                     focus=region, pillars=3)
            self.write(gaps, f"china_chain_gaps_{region.lower()}_2017.csv")
            self.write(gaps, f"china_chain_gaps_{region.lower()}_2017_zh.csv", "zh")
            top = gaps.head(3)
            gaps_summary[region] = [
                {"pillar": self.sector(p), "input": self.sector(i),
                 "input_share": round(float(s), 3), "sourced_outside": round(float(o), 3)}
                for p, i, s, o in zip(top["pillar"], top["input_activity"], top["input_share"],
                                      top["sourced_outside_share"], strict=True)]
            self.console.print(f"{region}: " + "; ".join(
                f"{g['pillar']} <- {g['input']} ({100 * g['sourced_outside']:.0f}% from "
                "outside)" for g in gaps_summary[region]))
        self.summary["key_sectors_2017"] = {r: key_names.get(r, []) for r in CHINA_FOCUS}
        self.summary["chain_gaps_2017"] = gaps_summary

    def data_centres(self) -> None:
        from advantage.planning import endowment_siting

        self.heading(f"East-Data-West-Computing: information services on power capacity per "
                     f"person ({CAPACITY_YEAR})")
        siting = endowment_siting(self.endowment, panel=self.panel, top=8,
                                  indicators=self.profile.indicators)
        info = siting[siting["activity"] == INFORMATION_SERVICES]
        self.write(siting, "china_endowment_siting.csv")
        self.write(siting, "china_endowment_siting_zh.csv", "zh")
        self.console.print("Best sites for data centres: " + "; ".join(
            f"{self.name(r)} ({s:.1f}x national power per person)"
            for r, s in zip(info["region"], info["strength"], strict=True)))
        self.summary["data_centre_sites"] = [
            {"region": self.name(r), "power_per_person_vs_nation": round(float(s), 2)}
            for r, s in zip(info["region"], info["strength"], strict=True)]

    def reports(self) -> None:
        from advantage.report import make_report

        self.heading("Reports (Chinese and English, with the province map)")
        for region in CHINA_FOCUS:
            for lang, display in (("zh", self.zh), ("en", self.en)):
                base = self.out / f"report_{region.lower()}_{lang}"
                self.written += make_report(self.profile, [region], html=base.with_suffix(".html"),
                                            excel=base.with_suffix(".xlsx"), display=display)
        self.console.print(f"{2 * len(CHINA_FOCUS)} reports written.")

    def united_states(self) -> None:
        from advantage.io.catalogue import load
        from advantage.planning import profile
        from advantage.report import display_for, make_report

        self.heading("United States: state value added by sector (BEA), the same engine")
        panel = load("us_gva")
        us = profile(panel)
        regions = us.regions.sort_values("eci", ascending=False)
        self.console.print(f"{panel!r}; highest ECI {regions['region'].iloc[0]}, lowest "
                           f"{regions['region'].iloc[-1]} (20 broad sectors: ECI separates "
                           "resource states from service hubs)")
        self.written += make_report(us, list(US_FOCUS), html=self.out / "report_us_en.html",
                                    display=display_for(panel, "en"))

    def finish(self, seconds: float) -> None:
        summary = self.out / "summary.json"
        summary.write_text(json.dumps(self.summary, ensure_ascii=False, indent=1) + "\n",
                           encoding="utf-8")
        self.written.append(summary)
        console = self.console
        console.rule("[bold]Written")
        console.print(f"Tables, reports and summary in {self.out.resolve()} "
                      f"({len(self.written)} files, {seconds:.0f} s):")
        for path in self.written:
            if path.suffix in (".html", ".json"):
                console.print(f"  {path.resolve()}")
        console.print("Explore in the dashboard (China's provincial tables by default; then "
                      f"open http://127.0.0.1:8000/):\n  {_command()} serve")


def _num(value: Any) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), 4)


def _missing() -> str | None:
    """None when the study's data are available, else what is missing and how to get it."""
    from advantage.config import data_dir
    from advantage.io.catalogue import fetch_files

    try:
        fetch_files("china_provincial_io", progress=True)
    except AdvantageError as exc:
        return f"the demo needs China's provincial input-output tables: {exc}"
    folder = data_dir()
    absent = [name for name in CAPACITY_FILES if folder is None or not (folder / name).exists()]
    if absent:
        where = (f"the reference data folder {str(folder)!r}" if folder is not None else
                 "no reference data folder (set ADVANTAGE_DATA; default ../shared/data)")
        return (f"{where} lacks {', '.join(absent)}: the China Electricity Council capacity and "
                "NBS population tables (as packaged by PyPSA-China), which have no stable "
                "download address; `advantage datasets info china_solar_capacity` says where "
                "they come from.")
    return None


def _command() -> str:
    """How to call ``advantage`` from here: by name when on PATH, else from this environment."""
    if shutil.which("advantage"):
        return "advantage"
    local = Path(sys.executable).parent / "advantage"
    if local.exists():
        try:
            return str(local.relative_to(Path.cwd()))
        except ValueError:
            return str(local)
    return f"{sys.executable} -m advantage"


if __name__ == "__main__":
    sys.exit(main())
