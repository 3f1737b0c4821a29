"""What every sub-command shares: reading inputs, column roles, writing outputs, errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from advantage._checks import AdvantageError
from advantage.panel import Panel

__all__ = [
    "ActivityOpt", "ConventionOpt", "LangOpt", "RegionOpt", "TimeOpt", "ValueOpt", "read_panel",
    "read_table", "run_app", "write_table", "progress",
]

RegionOpt = Annotated[str, typer.Option("--region", help="Column holding the region.")]
ActivityOpt = Annotated[str, typer.Option("--activity", help="Column holding the activity.")]
ValueOpt = Annotated[str, typer.Option("--value", help="Column holding the value (>= 0).")]
TimeOpt = Annotated[
    str | None, typer.Option("--time", help="Column holding the year; omit for one period.")
]
ConventionOpt = Annotated[
    str, typer.Option("--convention", help="'default' or 'stata' (Growth Lab ecomplexity).")
]
MissingOpt = Annotated[
    str, typer.Option("--missing", help="Missing values: 'error' (default) or 'zero'.")
]
LangOpt = Annotated[
    str, typer.Option("--lang", help="Language of column headers: 'en' or 'zh' (Chinese).")
]
DuplicatesOpt = Annotated[
    str, typer.Option("--duplicates", help="Repeated keys: 'error' (default) or 'sum'.")
]


class CommandError(Exception):
    """An error to report as one line without a traceback."""


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV (optionally gzipped), Parquet or Excel file into pandas."""
    if not path.exists():
        raise CommandError(f"input file {str(path)!r} does not exist.")
    suffixes = [s.lower() for s in path.suffixes]
    try:
        if suffixes and suffixes[-1] == ".parquet":
            return pd.read_parquet(path)
        if suffixes and suffixes[-1] in (".xlsx", ".xlsm", ".xls"):
            return pd.read_excel(path)
        from advantage.io import detect_encoding

        # UTF-8, UTF-8 with BOM or GBK/GB18030 (Chinese statistical exports), detected.
        return pd.read_csv(path, encoding=detect_encoding(path))
    except pd.errors.EmptyDataError:
        raise CommandError(f"input file {str(path)!r} is empty.") from None
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CommandError(f"cannot read {str(path)!r}: {first}") from None


def read_panel(path: Path, *, region: str, activity: str, value: str, time: str | None,
               missing: str = "error", duplicates: str = "error") -> Panel:
    """Read a file and build a validated panel from its column roles."""
    frame = read_table(path)
    return Panel.from_long(frame, region=region, activity=activity, value=value, time=time,
                           missing=missing, duplicates=duplicates)  # type: ignore[arg-type]


def write_table(frame: pd.DataFrame, path: Path, *, lang: str = "en") -> Path:
    """Write a frame as CSV, Parquet or Excel, chosen by the file's extension.

    With ``lang="zh"`` the column headers are written in Chinese (the message catalogue in
    :mod:`advantage.i18n`); the default keeps the documented English column names.
    """
    from advantage.i18n import check_lang, translate_columns

    if check_lang(lang) != "en":
        frame = translate_columns(frame, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        frame.to_parquet(path, index=False)
    elif suffix in (".xlsx", ".xlsm"):
        from advantage.report.safe import excel_safe_frame

        excel_safe_frame(frame).to_excel(path, index=False)
    else:
        frame.to_csv(path, index=False)
    return path


@contextmanager
def progress(description: str, total: int | None = None) -> Iterator[Any]:
    """A Rich progress bar on stderr (silent when stderr is not a terminal)."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    columns = [TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=console, transient=True,
                  disable=not console.is_terminal) as bar:
        task = bar.add_task(description, total=total)

        def advance(step: float = 1.0) -> None:
            bar.advance(task, step)

        yield advance


def run_app(app: typer.Typer, argv: list[str] | None = None) -> int:
    """Run ``app``; turn expected errors into one line on stderr and an exit code."""
    from typer.exceptions import TyperException

    try:
        result = app(args=argv, standalone_mode=False)
    except typer.Exit as exc:
        return int(getattr(exc, "exit_code", 0) or 0)
    except typer.Abort:
        print("error: aborted.", file=sys.stderr)
        return 1
    except TyperException as exc:  # usage errors: bad or missing options
        text = exc.format_message()
        if not text:  # no_args_is_help: the help was printed already
            return int(getattr(exc, "exit_code", 2) or 2)
        print(f"error: {text}", file=sys.stderr)
        return int(getattr(exc, "exit_code", 2) or 2)
    except (AdvantageError, CommandError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (OSError, MemoryError) as exc:
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return result if isinstance(result, int) else 0
