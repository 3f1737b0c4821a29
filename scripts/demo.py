"""``make demo``: the whole analysis on real reference data, with reports and maps.

Two real panels from the reference data folder (:func:`advantage.config.data_dir`):

1. **US state value added by sector** (BEA SAGDP via USEPA stateior, public domain): the core
   indicators written as tables and summarised, structure measures, and an English report
   (HTML and Excel) for Wyoming and Michigan. Industry level: the 21 BEA sector line codes
   that partition "All industry total" (line 1): 3, 6, 10, 11, 13, 25, 34, 35, 36, 45, 51,
   56, 60, 64, 65, 69, 70, 76, 79, 82, 83 (checked in ``tests/test_demo.py``: they add up to
   the total in every state and year except where BEA suppressed a value). States and DC
   only; the "United States" row is the reference total and is left out. Suppressed cells
   (NaN in the file) are counted, reported and treated as zero.
2. **China's installed generation capacity by province** (China Electricity Council via
   PyPSA-China): solar, wind, coal and combined heat and power in 2010, 2015 and 2020, as a
   province x technology x year panel. Reports in Chinese and English for Ningxia, Gansu and
   Qinghai (advantage classes, shift-share, structural similarity, coal power moving from
   the east, the China map built in), and maps of each energy endowment per person.

Everything is written under ``demo-output/``; the HTML files open offline. Run it with
``make demo`` (or ``python scripts/demo.py``); it is a script of the project, not part of the
installed package.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd

from advantage.config import data_dir
from advantage.panel import Panel

__all__ = ["CHINA_FOCUS", "US_FOCUS", "US_GVA_FILE", "US_SECTOR_LINES", "load_china_energy",
           "load_us_gva_sectors", "main", "write_endowment_maps"]

US_GVA_FILE = "us_state_x_bea_industry_gva_2007_2019.csv.gz"
#: BEA line codes of the sectors that partition the all-industry total.
US_SECTOR_LINES = (3, 6, 10, 11, 13, 25, 34, 35, 36, 45, 51, 56, 60, 64, 65, 69, 70, 76, 79,
                   82, 83)
#: Regions the reports are about.
US_FOCUS = ("Wyoming", "Michigan")
CHINA_FOCUS = ("Ningxia", "Gansu", "Qinghai")
CHINA_YEARS = (2010, 2015, 2020)


def load_us_gva_sectors(folder: Path) -> tuple[Panel, int]:
    """The US state x BEA sector GVA panel and the number of suppressed cells set to zero.

    Read through the one road in (:func:`advantage.io.read_table`, then
    :func:`advantage.io.to_panel`), keeping the sector rows and the states.
    """
    from advantage.io import read_table, to_panel

    table = read_table(folder / US_GVA_FILE)
    frame = table.frame
    keep = (frame["linecode"].isin([str(c) for c in US_SECTOR_LINES])
            & ~frame["geo"].str.startswith("United States")).to_numpy()
    table.frame, table.rows = frame[keep].reset_index(drop=True), table.rows[keep]
    suppressed = int((table.frame["gva_usd"] == "").sum())
    panel, _ = to_panel(table, region="geo", activity="industry", value="gva_usd",
                        time="year", missing="zero")
    return panel, suppressed


def load_china_energy(folder: Path) -> Panel:
    """Province x generation technology x year installed capacity (MW), 2010-2020.

    Technologies are labelled ``solar``, ``wind`` (onshore + offshore), ``coal`` and ``chp``
    and carry display names in English and Chinese; provinces are labelled by their English
    names (reports show Chinese names under ``zh`` through the China preset).
    """
    from advantage.i18n import t
    from advantage.io.endowments import read_china_capacity

    table = pd.concat([read_china_capacity(folder, year=y) for y in CHINA_YEARS],
                      ignore_index=True)
    panel = Panel.from_long(table, region="region", activity="endowment", value="value",
                            time="year")
    for lang in ("en", "zh"):
        panel = panel.with_display("activity", lang, {a: t(f"endowment.{a}", lang)
                                                      for a in panel.activities})
    return panel


def write_endowment_maps(folder: Path, path: Path, lang: str, year: int = 2020) -> Path:
    """A page of choropleths: each energy endowment per person relative to the nation."""
    from advantage.i18n import t
    from advantage.io.endowments import china_endowment_strength
    from advantage.report.html import write_page
    from advantage.report.maps import choropleth, resolve_map
    from advantage.report.sections import Section

    strength = china_endowment_strength(year=year, folder=folder)
    spec = resolve_map(sorted(strength["region"].unique()))
    if spec is None:  # pragma: no cover - the reference boundaries always match
        raise RuntimeError("China's province boundaries did not match the capacity data.")
    table = _province_names(lang)
    sections = []
    for endowment, part in strength.groupby("endowment", sort=False):
        values = dict(zip(part["region"], part["strength"], strict=True))
        name = t(f"endowment.{endowment}", lang)
        figure = choropleth(values, spec, lang, measure=t("col.strength", lang), year=year,
                            names=table)
        figure.update_layout(title_text=t("chart.endowment.title", lang, endowment=name,
                                          year=year))
        sections.append(Section(f"endowment-{endowment}", name, t("guide.endowment", lang),
                                figure))
    return write_page(path, t("demo.endowments.title", lang),
                      t("demo.endowments.subtitle", lang, year=year), sections, lang)


def _province_names(lang: str) -> dict[str, str]:
    from advantage.reference.china import provinces

    table = provinces()
    shown = table["short_zh"] if lang == "zh" else table["name_en"]
    return dict(zip(table["name_en"], shown, strict=True))


def _missing(folder: Path | None) -> str | None:
    """A precise message when the reference files the demo needs are not there."""
    needed = [US_GVA_FILE, "china/solar_capacity_MW_2010_2015_2020.csv",
              "china/onwind_capacity_MW_2010_2015_2020.csv",
              "china/offwind_capacity_MW_2010_2015_2020.csv",
              "china/coal_capacity_MW_1995_2020.csv", "china/CHP_capacity_MW_1995_2020.csv",
              "china/population_2020_10k.csv",
              "china/China_Statistics_Yearbook_population_10k_2000_2019.csv"]
    if folder is None:
        return ("the reference data folder was not found, so these files are missing: "
                f"{', '.join(needed)}. Set ADVANTAGE_DATA to a folder that holds them (default "
                f"../shared/data). {US_GVA_FILE} is BEA's public-domain SAGDP table by state "
                "and industry, as packaged by USEPA stateior; china/ holds the China "
                "Electricity Council capacity and NBS population tables, as packaged by "
                "PyPSA-China. None of them has a stable download address, so the demo cannot "
                "fetch them; `advantage datasets info NAME` tells where each comes from.")
    absent = [name for name in needed if not (folder / name).exists()]
    if absent:
        return (f"the reference data folder {str(folder)!r} lacks {', '.join(absent)}. "
                f"{US_GVA_FILE} is BEA's public-domain SAGDP table by state and industry, as "
                "packaged by USEPA stateior; china/ holds the China Electricity Council "
                "capacity and NBS population tables, as packaged by PyPSA-China.")
    return None


def main(out: Path | None = None) -> int:
    """Run the demo; returns the process exit code."""
    from rich.console import Console
    from rich.table import Table

    from advantage.measures.specialisation import region_specialisation
    from advantage.planning.profile import profile
    from advantage.reference.presets import resolve_preset
    from advantage.report import display_for, make_report

    console = Console()
    folder = data_dir()
    problem = _missing(folder)
    if problem is not None or folder is None:
        console.print(f"[red]error:[/red] {problem}")
        return 1
    out = out or Path("demo-output")
    out.mkdir(parents=True, exist_ok=True)

    # ---------------------------------------------------------------- US: core indicators
    panel, suppressed = load_us_gva_sectors(folder)
    console.print(f"[bold]Advantage demo[/bold]: US state value added by sector, {panel!r}")
    console.print(f"{suppressed} suppressed cells (BEA '(D)') treated as zero, as reported here.")
    us = profile(panel)
    result = us.indicators
    result.cells().to_csv(out / "cells.csv", index=False)
    result.regions().to_csv(out / "regions.csv", index=False)
    result.activities().to_csv(out / "activities.csv", index=False)
    panel.to_long().rename(columns={"time": "year", "region": "state", "activity": "sector",
                                    "value": "gva_usd"}).to_csv(out / "us_gva_sectors.csv",
                                                                index=False)

    last = panel.times[-1]
    regions = result.regions().query("time == @last").sort_values("eci", ascending=False)
    table = Table(title=f"Most and least complex economies, {last} (ECI)")
    for column in ("region", "diversity", "eci"):
        table.add_column(column)
    for _, row in pd.concat([regions.head(5), regions.tail(3)]).iterrows():
        table.add_row(str(row["region"]), f"{row['diversity']:.0f}", f"{row['eci']:+.2f}")
    console.print(table)
    console.print("Reading note: with 21 broad sectors ECI mostly separates resource- and "
                  "industry-based states from service hubs; finer classifications identify it "
                  "better.")

    cells = result.cells().query("time == @last")
    for state in ("Wyoming", "Michigan", "New York"):
        mine = cells[cells["region"] == state]
        strong = mine.sort_values("rca", ascending=False).head(3)
        nxt = mine[mine["mcp"] == 0].sort_values("density", ascending=False).head(3)
        console.print(
            f"[bold]{state}[/bold]: strongest "
            + ", ".join(f"{a} (LQ {r:.1f})" for a, r in zip(strong["activity"], strong["rca"],
                                                             strict=True))
            + "; closest next: "
            + ", ".join(f"{a} (density {d:.2f})" for a, d in zip(nxt["activity"],
                                                                  nxt["density"], strict=True))
        )
    spec = region_specialisation(panel).query("time == @last").nlargest(3, "krugman")
    console.print("Most specialised (Krugman index vs the rest of the country): "
                  + ", ".join(f"{r} {k:.2f}" for r, k in zip(spec["region"], spec["krugman"],
                                                              strict=True)))

    # ---------------------------------------------------------------- US: full report
    written = make_report(us, list(US_FOCUS), html=out / "report_us_en.html",
                          excel=out / "report_us_en.xlsx", display=display_for(panel, "en"))

    # ---------------------------------------------------------------- China: energy
    energy = load_china_energy(folder)
    preset = resolve_preset(list(energy.regions), "china")
    assert preset is not None
    china = profile(energy, groups=preset.transfer_groups(), centroids=preset.centroids())
    for lang in ("zh", "en"):
        written += make_report(china, list(CHINA_FOCUS),
                               html=out / f"report_china_energy_{lang}.html",
                               excel=out / f"report_china_energy_{lang}.xlsx",
                               display=display_for(energy, lang, preset), map_measure="value")
        written.append(write_endowment_maps(folder, out / f"china_endowments_{lang}.html",
                                            lang))
    energy.to_long().rename(columns={
        "time": "year", "region": "province", "activity": "technology",
        "value": "capacity_mw"}).to_csv(out / "china_energy_capacity.csv", index=False)
    _print_china(console, china)

    console.print(f"Tables written to {out.resolve()}")
    console.print("Reports and maps (open in any browser; they work offline):")
    for path in written:
        console.print(f"  {path.resolve()}")
    console.print("Explore in the dashboard (then open http://127.0.0.1:8000/):\n"
                  f"  {_command()} serve --input {out / 'china_energy_capacity.csv'} --region "
                  "province --activity technology --value capacity_mw --time year")
    return 0


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


def _print_china(console: object, results: object) -> None:
    """Two lines on the western provinces' energy advantages and coal power moving west."""
    from advantage.planning.profile import Profile

    assert isinstance(results, Profile)
    print_ = console.print  # type: ignore[attr-defined]
    adv = results.region_rows("advantages", list(CHINA_FOCUS))
    for province in CHINA_FOCUS:
        mine = adv[(adv["region"] == province) & (adv["lq"] >= 1)].nlargest(3, "lq")
        print_(f"[bold]{province}[/bold] (installed capacity, 2020): "
               + (", ".join(f"{a} LQ {q:.1f} ({c})" for a, q, c in
                            zip(mine["activity"], mine["lq"], mine["class"], strict=True))
                  or "no technology with LQ >= 1"))
    transfer = results.transfer
    if len(transfer):
        first = transfer[transfer["rank"] == 1].head(3)
        print_("Relocating out of the eastern provinces 2010-2020, best-fitting destination: "
               + "; ".join(f"{a} -> {d}" for a, d in zip(first["activity"],
                                                         first["destination"], strict=True)))
    else:
        print_(f"Transfer: {results.notes.get('transfer', 'none found')}")


if __name__ == "__main__":
    sys.exit(main())
