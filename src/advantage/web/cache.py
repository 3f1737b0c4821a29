"""The dashboard's computed tables, kept in its workspace so a restart does not recompute.

A :class:`WorkspaceTables` is the :class:`~advantage.planning.profile.TableCache` of one
stored data set: each profile table is saved as a workspace result named
``profile:<data set>:<table>`` with the key it was computed under (the panel's content hash,
every analysis setting, the package version). A table is taken back only when the key is
the same, so data or settings that change never reuse a stale table. Cells that are not
plain values (reasons, labels, lists of labels) are stored as JSON
(:func:`~advantage.reasons.encode_value`), categorical columns with their categories.

A cache that cannot be read or written is skipped, with one line in the server log: the
table is computed instead, as without a workspace.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pandas as pd

import advantage
from advantage._checks import AdvantageError
from advantage.reasons import decode_value, encode_value

__all__ = ["WorkspaceTables"]

LOG = logging.getLogger("advantage.web")
KIND = "profile-table"


class WorkspaceTables:
    """Profile tables of data set ``dataset`` kept in ``workspace`` under ``key``.

    Parameters
    ----------
    workspace : Workspace
    dataset : str
        The stored data set's name.
    key : dict
        What the tables depend on besides the version (content hash and settings).
    """

    def __init__(self, workspace: Any, dataset: str, key: dict[str, Any]) -> None:
        self.workspace = workspace
        self.dataset = dataset
        self.key = {**key, "version": advantage.__version__}

    def _name(self, table: str) -> str:
        return f"profile:{self.dataset}:{table}"

    def load(self, name: str) -> pd.DataFrame | None:
        """The table computed earlier under the same key, or None."""
        try:
            listed = self.workspace.results()
            row = listed[listed["name"] == self._name(name)]
            if not len(row):
                return None
            parameters = json.loads(row["parameters"].iloc[0])
            if parameters.get("key") != self.key:
                return None
            frame = self.workspace.result(self._name(name))
        except (AdvantageError, ValueError, KeyError) as exc:
            LOG.warning("cached table %s of %r not read: %s", name, self.dataset, exc)
            return None
        return _decode(frame, parameters)

    def save(self, name: str, frame: pd.DataFrame) -> None:
        """Keep ``frame`` as table ``name`` (replacing an older one)."""
        encoded, codec = _encode(frame)
        try:
            self.workspace.save_result(self._name(name), KIND, encoded,
                                       {"key": self.key, **codec})
        except (AdvantageError, ValueError) as exc:
            LOG.warning("table %s of %r not kept in the workspace: %s", name, self.dataset,
                        exc)


def _encode(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    """A storable copy of ``frame`` and what :func:`_decode` needs to rebuild it."""
    out = frame.reset_index(drop=True).copy()
    as_json, categories = [], {}
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            categories[str(column)] = [str(c) for c in values.cat.categories]
            out[column] = values.astype(object).where(values.notna(), None)
        elif values.dtype == object and not all(v is None or isinstance(v, str)
                                                for v in values):
            as_json.append(str(column))
            out[column] = [json.dumps(encode_value(v), ensure_ascii=False) for v in values]
    return out, {"json_columns": as_json, "categories": categories,
                 "columns": [str(c) for c in frame.columns]}


def _decode(frame: pd.DataFrame, codec: dict[str, Any]) -> pd.DataFrame:
    """The table :func:`_encode` stored."""
    out = frame.copy()
    for column in codec.get("json_columns", []):
        out[column] = pd.Series([decode_value(json.loads(v)) for v in out[column]],
                                index=out.index, dtype=object)
    for column, cats in codec.get("categories", {}).items():
        out[column] = pd.Categorical(out[column], categories=cats)
    return out[codec.get("columns", list(out.columns))]
