"""What every sub-command shares: choices, column roles, the one road in, outputs, errors.

Commands parse their options, call :func:`open_input` (which reads through
:func:`advantage.io.read_panel`, resolves the region preset and the display language once),
call the library, and write tables with :func:`write_table`. No analysis lives here.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from advantage._checks import AdvantageError, AdvantageWarning
from advantage.panel import Panel

__all__ = [
    "ActivityOpt", "CommandError", "Convention", "ConventionOpt", "DuplicatesOpt", "Input",
    "InputArg", "Lang", "LangOpt", "MeasureOpt", "MissingOpt", "NormaliseOpt", "PresetOpt",
    "RegionOpt", "ThresholdOpt", "TimeOpt", "UnmatchedOpt", "ValueOpt", "check_outputs", "labels",
    "one_label", "open_input", "progress", "read_input_table", "run_app", "write_table",
]


class Convention(StrEnum):
    """Indicator conventions."""

    default = "default"
    stata = "stata"


class Lang(StrEnum):
    """Output languages."""

    en = "en"
    zh = "zh"


class Missing(StrEnum):
    """What to do with missing values."""

    error = "error"
    zero = "zero"


class Duplicates(StrEnum):
    """What to do with repeated keys."""

    error = "error"
    sum = "sum"


class Normalise(StrEnum):
    """Renaming of region names."""

    none = "none"
    auto = "auto"
    china = "china"


class Unmatched(StrEnum):
    """Rows whose region the renaming does not know."""

    error = "error"
    reject = "reject"


class Preset(StrEnum):
    """Region presets."""

    auto = "auto"
    china = "china"
    none = "none"


InputArg = Annotated[Path, typer.Argument(help="CSV (any encoding, .gz), Parquet or Excel "
                                               "(.xlsx) file, one row per cell; or the name "
                                               "of a catalogued data set (advantage datasets "
                                               "list), e.g. china_provincial_io.")]
RegionOpt = Annotated[str | None, typer.Option(
    "--region", help="Column holding the region (a file's column roles are required).")]
ActivityOpt = Annotated[str | None, typer.Option(
    "--activity", help="Column holding the activity.")]
ValueOpt = Annotated[str | None, typer.Option(
    "--value", help="Column holding the value (>= 0).")]
MeasureOpt = Annotated[str | None, typer.Option(
    "--measure", help="With a data set name: its measure or value column (e.g. gross_output, "
    "value_added for china_provincial_io).")]
TimeOpt = Annotated[
    str | None, typer.Option("--time", help="Column holding the year; omit for one period.")
]
ConventionOpt = Annotated[Convention, typer.Option(
    "--convention", help="Indicator convention: default, or stata (the Growth Lab's Stata "
    "ecomplexity).")]
ThresholdOpt = Annotated[float, typer.Option(
    "--threshold", help="RCA (LQ) at or above which a region has an activity.")]
MissingOpt = Annotated[Missing, typer.Option(
    "--missing", help="Missing values: error, or zero to count them as zero.")]
DuplicatesOpt = Annotated[Duplicates, typer.Option(
    "--duplicates", help="Repeated keys: error, or sum to add them up.")]
NormaliseOpt = Annotated[Normalise, typer.Option(
    "--normalise", help="Rename Chinese province names to their English names: none "
    "(default), auto (when names clearly are provinces) or china.")]
UnmatchedOpt = Annotated[Unmatched, typer.Option(
    "--unmatched", help="With --normalise: rows whose region is not a province are an "
    "error, or reject to leave them out (reported).")]
PresetOpt = Annotated[Preset, typer.Option(
    "--region-preset", help="Region preset for names, groups, distances and maps: auto "
    "(China when region names are Chinese provinces), china or none.")]
LangOpt = Annotated[Lang, typer.Option(
    "--lang", help="Language of headers, names and reasons: en or zh (Chinese).")]

#: Output formats by file extension.
OUTPUT_SUFFIXES = (".csv", ".parquet", ".xlsx")


class CommandError(Exception):
    """An error to report as one line without a traceback."""


@dataclass
class Input:
    """A command's input after the one road in: the panel and what presents it."""

    panel: Panel
    report: Any
    preset: Any
    display: Any
    path: Path

    def labels(self, text: str | None, axis: str, option: str) -> list[Any] | None:
        """Labels named in an option (comma-separated), resolved by the one label rule."""
        return labels(text, self.panel, axis, option, self.preset)

    def one(self, text: str | None, axis: str, option: str) -> Any:
        """One label named in an option, or None."""
        return one_label(text, self.panel, axis, option, self.preset)


def open_input(path: Path, *, region: str | None, activity: str | None, value: str | None,
               time: str | None, missing: Missing = Missing.error,
               duplicates: Duplicates = Duplicates.error,
               normalise: Normalise = Normalise.none, unmatched: Unmatched = Unmatched.error,
               preset: Preset = Preset.auto, lang: Lang = Lang.en,
               outputs: Sequence[Path | None] = (), measure: str | None = None) -> Input:
    """Read ``path`` through the one road in, and resolve the preset and the display.

    ``path`` may also name a catalogued data set (``china_provincial_io``): then it is
    loaded from the data folder or cache (``measure`` picks what it measures) and the
    column roles are not needed.
    """
    from advantage.io import read_panel
    from advantage.reference.presets import resolve_preset
    from advantage.report.display import display_for

    check_outputs([path], outputs)
    dataset = catalogued_name(path)
    if dataset is not None:
        panel, report = load_catalogued(dataset, measure, (region, activity, value, time))
    else:
        if measure is not None:
            raise CommandError("--measure applies to data set names; for a file give "
                               "--value (the column holding the values).")
        if not (region and activity and value):
            absent = [o for o, v in (("--region", region), ("--activity", activity),
                                     ("--value", value)) if not v]
            raise CommandError(f"give {', '.join(absent)}: the columns of {str(path)!r} "
                               "holding the region, the activity and the value.")
        with progress(f"reading {path.name}") as advance:
            panel, report = read_panel(path, region=region, activity=activity, value=value,
                                       time=time, missing=missing.value,
                                       duplicates=duplicates.value,
                                       normalise=normalise.value,
                                       unmatched=unmatched.value,
                                       progress=lambda rows: advance())
    if report is not None and (report.rows_rejected or report.normaliser != "none"):
        typer.echo(report.brief(), err=True)
    found = resolve_preset(list(panel.regions), preset.value)
    return Input(panel, report, found, display_for(panel, lang.value, found), path)


def catalogued_name(path: Path) -> str | None:
    """The catalogued data set a command's INPUT names (None for a file)."""
    from advantage.io.catalogue import dataset_names

    text = str(path)
    if path.exists() or text not in dataset_names():
        return None
    return text


def load_catalogued(name: str, measure: str | None, roles: tuple[Any, ...]) -> tuple[Panel, Any]:
    from advantage.io.catalogue import load_panel

    if any(r is not None for r in roles):
        raise CommandError(f"{name!r} is a catalogued data set: its column roles are known, so "
                           "leave out --region, --activity, --value and --time.")
    with progress(f"loading {name}"):
        panel, notes = load_panel(name, measure=measure)
    for note in notes:
        typer.echo(f"note: {note}.", err=True)
    return panel, None


def read_input_table(path: Path, option: str,
                     text: tuple[str, ...] = ("region", "activity", "endowment")
                     ) -> pd.DataFrame:
    """A side table (costs, centroids, tags, endowments, plans ...) through the one reader.

    Numeric columns are converted where every cell is a number, except the label columns
    named in ``text``, which stay text so codes keep their leading zeros ("05" is not 5).
    """
    from advantage.io import read_table

    try:
        frame = read_table(path).frame.copy()
    except AdvantageError as exc:
        raise CommandError(f"{option}: {exc}") from None
    for column in frame.columns:
        if str(column) in text:
            continue
        numbers = pd.to_numeric(frame[column], errors="coerce")
        if numbers.notna().all():
            frame[column] = numbers
    return frame


def labels(text: str | None, panel: Panel, axis: str, option: str,
           preset: Any = None) -> list[Any] | None:
    """Labels named in an option: the whole text if it is one label, else comma-separated.

    Resolved by :meth:`advantage.Panel.match` (exact, then text, then the preset's names).
    """
    if text is None:
        return None
    aliases = preset.alias if preset is not None and axis == "region" else None
    try:
        return panel.match(axis, [text.strip()], name=option,  # type: ignore[arg-type]
                           aliases=aliases)
    except AdvantageError:
        pass
    items = [v.strip() for v in text.split(",") if v.strip()]
    if not items:
        raise CommandError(f"{option} is empty; give comma-separated labels.")
    return panel.match(axis, items, name=option, aliases=aliases)  # type: ignore[arg-type]


def one_label(text: str | None, panel: Panel, axis: str, option: str,
              preset: Any = None) -> Any:
    """One label (a period, a region) named in an option, or None."""
    found = labels(text, panel, axis, option, preset)
    if found is not None and len(found) != 1:
        raise CommandError(f"{option} takes one value, got {text!r}.")
    return None if found is None else found[0]


def check_outputs(inputs: Sequence[Path | None], outputs: Sequence[Path | None]) -> None:
    """Refuse outputs that would overwrite an input, a workspace, or each other."""
    def same(a: Path, b: Path) -> bool:
        try:
            return a.resolve() == b.resolve()
        except OSError:
            return False

    given = [Path(p) for p in outputs if p is not None]
    for i, out in enumerate(given):
        for source in inputs:
            if source is not None and same(out, Path(source)):
                raise CommandError(f"output {str(out)!r} is an input of this command; "
                                   "choose another file name (inputs are never overwritten).")
        for other in given[i + 1:]:
            if same(out, other):
                raise CommandError(f"two outputs are both {str(out)!r}; give each its own "
                                   "file.")
        if out.exists() and out.is_dir() and out.suffix:
            raise CommandError(f"output {str(out)!r} is a folder.")


def write_table(frame: pd.DataFrame, path: Path, *, lang: Lang | str = "en",
                display: Any = None) -> Path:
    """Write a result table as CSV, Parquet or Excel, chosen by the file's extension.

    Reasons are rendered as sentences, lists of labels joined, names added beside labels
    and headers translated in the output language (:class:`advantage.report.display.Display`).
    The file is written to a temporary name and moved into place, so a failure never leaves
    half a file, and an extension other than .csv, .parquet or .xlsx is refused.
    """
    from advantage.report.display import Display

    suffix = path.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise CommandError(f"cannot write {str(path)!r}: the extension {suffix or '(none)'!r} "
                           f"is not one of {', '.join(OUTPUT_SUFFIXES)}.")
    code = lang.value if isinstance(lang, Lang) else str(lang)
    shown = (display if display is not None else Display(code)).table(frame)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".part-", suffix=suffix, dir=path.parent)
    os.close(handle)
    try:
        if suffix == ".parquet":
            shown.to_parquet(temporary, index=False)
        elif suffix == ".xlsx":
            from advantage.report.safe import excel_safe_frame

            excel_safe_frame(shown).to_excel(temporary, index=False)
        else:
            shown.to_csv(temporary, index=False)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
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
    """Run ``app``; every error becomes one line on stderr and a non-zero exit code.

    Expected errors (bad input, bad options) exit 2; anything unexpected exits 1 with one
    line that says how to report it. ``--debug`` anywhere on the command line prints the
    full traceback as well. numpy's warnings never reach the user: results say what is
    undefined themselves, and :class:`~advantage._checks.AdvantageWarning` s (an undefined ECI,
    for one) are printed as one ``warning:`` line each.
    """
    import warnings

    from typer.exceptions import TyperException

    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    shown: list[str] = []

    def say(message: Any, category: Any, *_: Any, **__: Any) -> None:
        """Our warnings as one line each on stderr (others are numpy's: kept quiet)."""
        text = " ".join(str(message).split())
        if issubclass(category, AdvantageWarning) and text not in shown:
            shown.append(text)
            print(f"warning: {text}", file=sys.stderr)

    try:
        with warnings.catch_warnings():
            if not debug:
                warnings.simplefilter("ignore", RuntimeWarning)
            warnings.simplefilter("always", AdvantageWarning)
            warnings.showwarning = say
            result = app(args=args, standalone_mode=False)
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
        if debug:
            traceback.print_exc()
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted.", file=sys.stderr)
        return 130
    except ModuleNotFoundError as exc:
        extra = EXTRAS.get((exc.name or "").split(".")[0])
        if extra is None:
            return _unexpected(exc, debug)
        print(f"error: this needs the package {exc.name!r}; install it with "
              f"pip install 'advantage[{extra}]'.", file=sys.stderr)
        return 1
    except MemoryError:
        print("error: out of memory; try a smaller table or fewer periods.", file=sys.stderr)
        return 1
    except OSError as exc:
        if debug:
            traceback.print_exc()
        print(f"error: {type(exc).__name__}: {_one_line(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the promise: never a traceback
        return _unexpected(exc, debug)
    return result if isinstance(result, int) else 0


def _unexpected(exc: BaseException, debug: bool) -> int:
    """One line for an error nobody expected (the trace with --debug); exit code 1."""
    if debug:
        traceback.print_exception(exc)
    print(f"error: unexpected {type(exc).__name__}: {_one_line(exc)}. This is a bug in "
          "Advantage: run the command again with --debug and send its output to the "
          "project's issue tracker.", file=sys.stderr)
    return 1


#: Optional packages and the extra of Advantage that installs each.
EXTRAS = {"sklearn": "ml", "plotly": "cli", "fastapi": "web", "uvicorn": "web",
          "fastapi_offline": "web", "python_multipart": "web", "pyspark": "spark",
          "polars": "polars"}


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
