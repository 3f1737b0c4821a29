"""Text encodings of input files: detection and decoding.

Statistical tables exported from China's statistics portals are often GBK or GB18030 encoded;
spreadsheets saved as "CSV UTF-8" start with a byte-order mark; European exports are often
Windows-1252 (Latin-1). Detection (:func:`detect_encoding` for a file, read in chunks;
:func:`detect_bytes` for data in memory):

1. a byte-order mark decides (``utf-8-sig``, ``utf-16``);
2. otherwise a strict UTF-8 decode of every byte; if it succeeds the text is ``utf-8``;
3. otherwise a maintained charset detector (charset-normalizer) ranks the codecs that fit.
   A Latin-1 file often decodes as GB18030 without error, so the detector decides between
   them: when its candidates are single-byte Western codecs and not GB18030, the text is
   ``cp1252`` (Windows' superset of Latin-1) or the detector's best single-byte codec;
4. otherwise a strict GB18030 decode (a superset of GBK and GB2312); if it succeeds the text
   is ``gb18030``;
5. otherwise the error names the first undecodable row and column.

Pass ``encoding=`` explicitly for anything else (Shift-JIS, Big5, ...).
"""

from __future__ import annotations

import codecs
import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from advantage._checks import AdvantageError

__all__ = ["ENCODINGS", "decode_file", "detect_bytes", "detect_encoding", "open_binary",
           "resolve_encoding", "undecodable", "where_in"]

#: Values accepted by ``encoding=`` besides any Python codec name.
ENCODINGS = ("auto", "utf-8", "utf-8-sig", "gbk", "gb18030")

_CHUNK = 1 << 22


class _Gzip(gzip.GzipFile):
    """A gzip reader whose damaged data is one clear error naming the file."""

    def _damaged(self, exc: BaseException) -> AdvantageError:
        return AdvantageError(f"cannot read {str(self.name)!r}: the gzip data is damaged "
                              f"({str(exc) or type(exc).__name__}).")

    def read(self, size: int | None = -1) -> bytes:
        try:
            return super().read(size)
        except (OSError, EOFError, zlib.error) as exc:
            raise self._damaged(exc) from None

    def readline(self, size: int | None = -1) -> bytes:
        try:
            return super().readline(size)
        except (OSError, EOFError, zlib.error) as exc:
            raise self._damaged(exc) from None


def open_binary(path: Path) -> BinaryIO:
    """Open a file for reading bytes, decompressing ``.gz`` transparently.

    Damaged gzip data raises :class:`~advantage._checks.AdvantageError` naming the file.
    """
    if path.suffix.lower() == ".gz":
        return _Gzip(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _chunks(path: Path) -> Iterator[bytes]:
    with open_binary(path) as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


def _first_error(path: Path, encoding: str) -> int | None:
    """None when the whole file decodes strictly, else the byte offset of the first error."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    for chunk in _chunks(path):
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            return offset - pending + exc.start
        offset += len(chunk)
    pending = len(decoder.getstate()[0])
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return offset - pending
    return None


def _bom(path: Path) -> str | None:
    with open_binary(path) as handle:
        head = handle.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def detect_encoding(path: str | Path) -> str:
    r"""The encoding of a text file: ``utf-8-sig``, ``utf-16``, ``utf-8`` or ``gb18030``.

    Raises
    ------
    AdvantageError
        When the file is neither UTF-8 nor GB18030; the message names the file and the first
        line that does not decode.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "gbk.csv").write_bytes("地区,工业\n宁夏,1\n".encode("gbk"))
    >>> detect_encoding(folder / "gbk.csv")
    'gb18030'
    """
    path = Path(path)
    bom = _bom(path)
    if bom is not None:
        return bom
    if _first_error(path, "utf-8") is None:
        return "utf-8"
    with open_binary(path) as handle:
        sample = handle.read(_SAMPLE)
    western = _western(sample)
    if western is not None:
        return western
    error = _first_error(path, "gb18030")
    if error is None:
        return "gb18030"
    raise AdvantageError(
        f"cannot tell the encoding of {str(path)!r}: it is neither UTF-8 nor GB18030/GBK "
        f"({_where(path, error)}); pass encoding= with the file's encoding."
    )


def detect_bytes(data: bytes, name: str = "the data") -> str:
    r"""The encoding of text held in memory, by the same steps as :func:`detect_encoding`.

    Examples
    --------
    >>> detect_bytes("Zürich,Genève,Köln\n".encode("latin-1"))
    'cp1252'
    >>> detect_bytes("宁夏,甘肃,贵州\n".encode("gbk"))
    'gb18030'
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    western = _western(data[:_SAMPLE])
    if western is not None:
        return western
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError as exc:
        raise AdvantageError(
            f"cannot tell the encoding of {name}: it is neither UTF-8, GB18030/GBK nor a "
            f"Western single-byte encoding ({where_in(data, exc.start)}); pass encoding= "
            "with its encoding.") from None


#: Bytes the charset detector looks at.
_SAMPLE = 1 << 20
#: Single-byte Western codecs the detector may propose.
_WESTERN = ("cp1252", "latin_1", "iso8859_15", "cp1250", "cp1257", "iso8859_2", "mac_roman",
            "cp850", "cp437", "cp775", "cp852", "cp858")


def _western(sample: bytes) -> str | None:
    """A single-byte Western codec when the detector sees one and not a Chinese codec."""
    from charset_normalizer import from_bytes

    found = [m.encoding for m in from_bytes(sample)]
    if not found or any(e in ("gb18030", "gbk", "gb2312", "hz") for e in found):
        return None
    if found[0] not in _WESTERN:
        return None
    try:
        sample.decode("cp1252")
    except UnicodeDecodeError:
        return found[0]
    return "cp1252"


def _where(path: Path, position: int, delimiter: str = ",") -> str:
    """'row R, column C' of the undecodable byte at ``position`` of a file."""
    with open_binary(path) as handle:
        data = handle.read(position + 4)
    return where_in(data, position, delimiter)


def where_in(data: bytes, position: int, delimiter: str = ",") -> str:
    r"""'row R, column C: byte 0x.. does not decode' for a byte of ``data`` (1-based).

    Examples
    --------
    >>> where_in(b"a,b\n1,\xff\n", 6)
    'row 2, column 2: byte 0xff does not decode'
    """
    row = data.count(b"\n", 0, position) + 1
    line_start = data.rfind(b"\n", 0, position) + 1
    prefix = data[line_start:position].decode("utf-8", errors="replace")
    column = prefix.count(delimiter) + 1
    byte = data[position:position + 1].hex()
    return f"row {row}, column {column}: byte 0x{byte} does not decode"


def resolve_encoding(path: Path, encoding: str) -> str:
    """``encoding`` itself, or the detected encoding when it is ``"auto"``."""
    if encoding == "auto":
        return detect_encoding(path)
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise AdvantageError(
            f"encoding={encoding!r} is not a known encoding; expected one of "
            f"{', '.join(repr(e) for e in ENCODINGS)} or another Python codec name."
        ) from None
    return encoding


def undecodable(label: str, data: bytes, used: str, exc: UnicodeDecodeError,
                delimiter: str = ",") -> AdvantageError:
    r"""The error for ``data`` that does not decode as ``used``: where, and what fits instead.

    Examples
    --------
    >>> data = codecs.BOM_UTF8 + b"a,b\n1,Z\xfcrich\n"
    >>> try:
    ...     data.decode("utf-8-sig")
    ... except UnicodeDecodeError as exc:
    ...     print(undecodable("x.csv", data, "utf-8-sig", exc))  # doctest: +ELLIPSIS
    cannot decode 'x.csv' as utf-8-sig: row 2, column 2: byte 0xfc does not decode; ...
    """
    # utf-8-sig counts positions after its 3-byte mark
    skipped = 3 if used == "utf-8-sig" and data.startswith(codecs.BOM_UTF8) else 0
    try:
        detected = detect_bytes(data)
        hint = (f"; it looks like {detected} (encoding='auto' detects it)"
                if detected != used else "; pass the file's encoding")
    except AdvantageError:
        hint = ""
    return AdvantageError(f"cannot decode {label!r} as {used}: "
                          f"{where_in(data, exc.start + skipped, delimiter)}{hint}.")


def decode_file(path: str | Path, encoding: str = "auto", *,
                delimiter: str = ",") -> tuple[str, str]:
    """The whole text of a (possibly gzipped) file and the encoding used to decode it.

    A forced encoding that does not fit the file fails with the file, row and column of the
    first undecodable byte, and the encoding detection would have chosen.
    """
    path = Path(path)
    used = resolve_encoding(path, encoding)
    with open_binary(path) as handle:
        data = handle.read()
    try:
        return data.decode(used), used
    except UnicodeDecodeError as exc:
        raise undecodable(str(path), data, used, exc, delimiter) from None
