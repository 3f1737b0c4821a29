"""Data layer: one road in (read_table, read_panel), wide tables, microdata, the workspace.

Every entry point reads files through :func:`read_panel` (and :func:`read_table` for the
rows themselves); :meth:`advantage.Panel.from_long` is the one validator.
"""

from advantage.io.catalogue import (
    dataset_info,
    dataset_names,
    fetch,
    fetch_files,
    list_datasets,
    load,
    load_table,
)
from advantage.io.china_io import ChinaIO, read_china_io
from advantage.io.encoding import detect_bytes, detect_encoding
from advantage.io.inputs import LAYOUTS, STREAM_BYTES, read_panel
from advantage.io.ionet import read_ionet_table
from advantage.io.microdata import aggregate_microdata, spark_session
from advantage.io.prepare import IngestReport, region_mapping, to_panel
from advantage.io.readers import read_wide
from advantage.io.stream import stream_long
from advantage.io.tables import DEFAULT_NA, Limits, Table, read_table
from advantage.io.workspace import Workspace
from advantage.io.writers import format_of, write_batches

__all__ = [
    "DEFAULT_NA",
    "LAYOUTS",
    "STREAM_BYTES",
    "ChinaIO",
    "IngestReport",
    "Limits",
    "Table",
    "Workspace",
    "aggregate_microdata",
    "dataset_info",
    "dataset_names",
    "detect_bytes",
    "detect_encoding",
    "fetch",
    "fetch_files",
    "format_of",
    "list_datasets",
    "load",
    "load_table",
    "read_china_io",
    "read_ionet_table",
    "read_panel",
    "read_table",
    "read_wide",
    "region_mapping",
    "spark_session",
    "stream_long",
    "to_panel",
    "write_batches",
]
