"""The ``advantage`` console script: the command line, or how to install it."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main() -> None:
    """Run the command line; without the ``[cli]`` extra, say how to install it."""
    try:
        from advantage.cli import main as run
    except ModuleNotFoundError as exc:
        if exc.name in ("typer", "rich", "click"):
            print(f"error: the command line needs the package {exc.name!r}; install it with "
                  "pip install 'advantage[cli]'.", file=sys.stderr)
            sys.exit(1)
        raise
    run()
