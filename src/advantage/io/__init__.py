"""Data layer: readers for real inputs, microdata aggregation, the workspace store, datasets."""

from advantage.io._encoding import detect_encoding
from advantage.io._prepare import IngestReport, to_panel
from advantage.io.catalogue import (
    dataset_info,
    dataset_names,
    fetch,
    list_datasets,
    load,
    load_table,
)
from advantage.io.microdata import aggregate_microdata, spark_session
from advantage.io.readers import DEFAULT_NA, Table, read_long, read_wide
from advantage.io.stream import stream_long
from advantage.io.workspace import Workspace
from advantage.io.writers import format_of, write_batches

__all__ = [
    "DEFAULT_NA",
    "IngestReport",
    "Table",
    "Workspace",
    "aggregate_microdata",
    "dataset_info",
    "dataset_names",
    "detect_encoding",
    "fetch",
    "format_of",
    "list_datasets",
    "load",
    "load_table",
    "read_long",
    "read_wide",
    "spark_session",
    "stream_long",
    "to_panel",
    "write_batches",
]
