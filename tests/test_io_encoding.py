"""Encoding detection (BOM, strict UTF-8, GB18030) and decode errors that name file, row, column."""

from __future__ import annotations

import gzip

import pytest

from advantage import AdvantageError
from advantage.io import detect_bytes, detect_encoding, read_table
from advantage.io.encoding import decode_file

TEXT = "地区,产业,就业\n宁夏回族自治区,制造业,12.5\n内蒙古,采矿业,3\n"


@pytest.mark.parametrize("codec, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030"),
    ("utf-16", "utf-16"),
])
def test_detects_the_encoding(tmp_path, codec, expected):
    path = tmp_path / f"{codec}.csv"
    path.write_bytes(TEXT.encode(codec))
    assert detect_encoding(path) == expected
    text, used = decode_file(path)
    assert used == expected and text.lstrip("\ufeff") == TEXT


def test_gb18030_characters_outside_gbk(tmp_path):
    # U+20000 (𠀀, CJK extension B) exists in GB18030 (four bytes) but not in GBK
    text = "地区,名称\n宁夏,𠀀\n"
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    path = tmp_path / "ext.csv"
    path.write_bytes(text.encode("gb18030"))
    assert decode_file(path) == (text, "gb18030")


def test_ascii_is_reported_as_utf8(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_bytes(b"region,value\nBeijing,1\n")
    assert detect_encoding(path) == "utf-8"


def test_gzip_is_decompressed_before_detection(tmp_path):
    path = tmp_path / "t.csv.gz"
    path.write_bytes(gzip.compress(TEXT.encode("gbk")))
    assert detect_encoding(path) == "gb18030"
    table = read_table(path)
    assert table.encoding == "gb18030" and table.frame.iloc[0, 0] == "宁夏回族自治区"


def test_detection_reads_past_the_first_chunk(tmp_path, monkeypatch):
    # a GBK byte only after the first chunk must still be found
    import advantage.io.encoding as encoding

    monkeypatch.setattr(encoding, "_CHUNK", 16)
    path = tmp_path / "late.csv"
    path.write_bytes(b"region,value\n" + b"Beijing,1\n" * 10 + "宁夏,2\n".encode("gbk"))
    assert detect_encoding(path) == "gb18030"


def test_forced_utf8_on_gbk_names_file_row_and_column(tmp_path):
    path = tmp_path / "yearbook.csv"
    path.write_bytes(b"region,industry,value\nBeijing,C,1\n" + "Gansu,制造业,2\n".encode("gbk"))
    with pytest.raises(AdvantageError) as info:
        read_table(path, encoding="utf-8")
    message = str(info.value)
    assert "yearbook.csv" in message and "as utf-8" in message
    assert "row 3, column 2" in message  # 制 is the first byte UTF-8 rejects
    assert "looks like gb18030" in message


def test_undecodable_in_both_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.csv"
    # 0xFF is invalid in UTF-8 and never a GB18030 lead byte
    path.write_bytes(b"region,value\nBeijing,1\nGansu,\xff\n")
    with pytest.raises(AdvantageError, match=r"broken.csv.*neither UTF-8 nor GB18030.*row 3, "
                                             r"column 2"):
        detect_encoding(path)


def test_latin1_is_not_read_as_gb18030(tmp_path):
    # SR8: a Latin-1 (Windows-1252) file decodes as GB18030 without error; the charset
    # detector tells them apart ("Zürich" must not become "Z黵ich").
    text = "year,reg,act,val\n2020,Zürich,A1,5\n2020,Genève,A1,3\n2020,Zürich,A2,3\n"
    path = tmp_path / "l1.csv"
    path.write_bytes(text.encode("latin-1"))
    assert detect_encoding(path) == "cp1252" == detect_bytes(path.read_bytes())
    table = read_table(path)
    assert table.frame["reg"].tolist() == ["Zürich", "Genève", "Zürich"]
    gbk = "地区,值\n宁夏,1\n甘肃,2\n".encode("gbk")
    assert detect_bytes(gbk) == "gb18030"


def test_unknown_codec_name(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(AdvantageError, match="encoding='gbk2' is not a known encoding"):
        read_table(path, encoding="gbk2")
