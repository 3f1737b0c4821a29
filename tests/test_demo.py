"""``make demo``: the sector lines it uses, a full run on the real data, and missing data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from tests.scripts import load_script

demo = load_script("demo")
US_GVA_FILE, US_SECTOR_LINES, main = demo.US_GVA_FILE, demo.US_SECTOR_LINES, demo.main


def test_sector_lines_partition_the_total(shared_data: Path) -> None:
    frame = pd.read_csv(shared_data / US_GVA_FILE)
    frame = frame[~frame["geo"].str.startswith("United States")]
    total = frame[frame["linecode"] == 1].set_index(["geo", "year"])["gva_usd"]
    sectors = frame[frame["linecode"].isin(US_SECTOR_LINES)]
    complete = sectors.groupby(["geo", "year"])["gva_usd"].agg(lambda s: s.notna().all())
    summed = sectors.groupby(["geo", "year"])["gva_usd"].sum()
    keys = complete[complete].index
    assert len(keys) > 0.5 * len(complete)
    # BEA publishes whole dollars of millions: sums agree to rounding
    np.testing.assert_allclose(summed.loc[keys], total.loc[keys], rtol=1e-3)


def test_china_energy_panel(shared_data: Path) -> None:
    panel = demo.load_china_energy(shared_data)
    assert panel.shape == (3, 31, 4)
    assert set(panel.activities) == {"solar", "wind", "coal", "chp"}
    assert set(panel.display["activity"]["zh"].values()) == {"太阳能", "风电", "煤电", "热电联产"}
    assert list(panel.times) == [2010, 2015, 2020]


def test_demo_writes_reports_and_maps(shared_data: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo"
    assert main(out) == 0
    printed = capsys.readouterr().out
    for name in ("cells.csv", "regions.csv", "activities.csv", "report_us_en.html",
                 "report_us_en.xlsx", "report_china_energy_zh.html",
                 "report_china_energy_en.html", "china_endowments_zh.html",
                 "china_endowments_en.html", "china_energy_capacity.csv"):
        assert (out / name).exists(), name
    zh = (out / "report_china_energy_zh.html").read_text(encoding="utf-8")
    assert "地区比较优势报告：宁夏、甘肃、青海" in zh and "choropleth" in zh
    maps = (out / "china_endowments_zh.html").read_text(encoding="utf-8")
    assert maps.count('class="chart"') == 4 and "太阳能" in maps
    sheet = load_workbook(out / "report_us_en.xlsx", read_only=True)["Advantages"]
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        "Wyoming", "Michigan"}
    assert "advantage serve --input" in printed and "Qinghai" in printed


def test_demo_says_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ADVANTAGE_DATA", str(tmp_path))
    assert main(tmp_path / "out") == 1
    assert f"lacks {US_GVA_FILE}" in capsys.readouterr().out.replace("\n", "")
    monkeypatch.setenv("ADVANTAGE_DATA", str(tmp_path / "nowhere"))
    assert main(tmp_path / "out") == 1
    assert "ADVANTAGE_DATA" in capsys.readouterr().out
