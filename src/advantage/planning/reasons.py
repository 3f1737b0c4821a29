"""The planning layer's reason type (defined in :mod:`advantage.reasons`, re-exported here)."""

from advantage.reasons import Label, Reason

__all__ = ["Label", "Reason"]
