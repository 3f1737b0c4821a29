"""A griffe extension for the documentation site: the reST of numpydoc docstrings as Markdown.

mkdocstrings renders docstrings as Markdown, while Advantage's numpydoc docstrings use a few
reStructuredText constructs. Before a docstring is parsed this extension rewrites:

- ``.. math::`` directives into fenced ``math`` blocks (drawn as MathML by
  ``scripts/docs_hooks.py``), one block per equation;
- ``:math:`x``` into ``$x$`` (inline MathML);
- ``:func:``, ``:class:``, ``:meth:``, ``:attr:``, ``:mod:``, ``:data:`` roles into optional
  cross-references (a link where the target is documented, plain code otherwise);
- ``:sup:`2``` into ``<sup>2</sup>``;
- simple reST tables (``====  ====`` borders) into Markdown tables.

It changes the text shown on the site only; the source docstrings stay numpydoc.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

__all__ = ["ReSTToMarkdown", "convert"]

_DIRECTIVE = re.compile(r"^(?P<indent>[ \t]*)\.\. math::[ \t]*(?P<rest>.*)$")
_MATH_ROLE = re.compile(r":math:`([^`]+)`")
_SUP_ROLE = re.compile(r"\\? ?:sup:`([^`]+)`")
_XREF_ROLE = re.compile(r":(?:func|class|meth|attr|mod|data|exc|obj):`(~?)([^`]+)`")
_BORDER = re.compile(r"^[ \t]*=+(?:[ \t]+=+)+[ \t]*$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _math_blocks(lines: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        match = _DIRECTIVE.match(lines[i])
        if match is None:
            out.append(lines[i])
            i += 1
            continue
        indent = match["indent"]
        body = [match["rest"]] if match["rest"].strip() else []
        i += 1
        # The directive's content: following lines indented deeper, and blank lines inside.
        while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > len(indent)):
            if not lines[i].strip() and (i + 1 >= len(lines) or (
                    lines[i + 1].strip() and _indent(lines[i + 1]) <= len(indent))):
                break
            body.append(lines[i].strip())
            i += 1
        equations = "\n".join(body).strip().split("\n\n")
        for equation in equations:
            if equation.strip():
                out += [f"{indent}```math", *(f"{indent}{t}" for t in equation.splitlines()),
                        f"{indent}```", ""]
    return out


def _columns(border: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"=+", border)]


def _cells(line: str, spans: list[tuple[int, int]]) -> list[str]:
    cells = []
    for k, (start, _) in enumerate(spans):
        end = spans[k + 1][0] if k + 1 < len(spans) else len(line)
        cells.append(line[start:end].strip())
    return cells


def _tables(lines: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not _BORDER.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        # border, header, border, rows..., border
        ends = [j for j in range(i + 1, len(lines)) if _BORDER.match(lines[j])]
        if len(ends) < 2 or ends[0] != i + 2:
            out.append(lines[i])
            i += 1
            continue
        spans = _columns(lines[i])
        indent = lines[i][: _indent(lines[i])]
        header = _cells(lines[i + 1], spans)
        rows: list[list[str]] = []
        for line in lines[ends[0] + 1: ends[1]]:
            if not line.strip():
                continue
            cells = _cells(line, spans)
            if rows and not cells[0]:  # a continuation line of the row above
                rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
            else:
                rows.append(cells)
        out.append("")
        out.append(indent + "| " + " | ".join(header) + " |")
        out.append(indent + "|" + "|".join("---" for _ in header) + "|")
        out += [indent + "| " + " | ".join(c.replace("|", "\\|") for c in r) + " |"
                for r in rows]
        out.append("")
        i = ends[1] + 1
    return out


def _xref(match: re.Match[str], module: str) -> str:
    short, target = match.group(1), match.group(2)
    target = target.rstrip("()")
    shown = target.rsplit(".", 1)[-1] if short else target
    if module and not target.startswith("advantage"):  # relative to the docstring's module
        target = f"{module}.{target}"
    return f'<autoref identifier="{target}" optional><code>{shown}</code></autoref>'


def convert(text: str, module: str = "") -> str:
    """The docstring ``text`` with its reST constructs rewritten as Markdown (module docs).

    ``module`` is the dotted path of the docstring's module, for relative references.
    """
    lines = _tables(_math_blocks(text.splitlines()))
    text = "\n".join(lines)
    text = _MATH_ROLE.sub(lambda m: f"${m.group(1)}$", text)
    text = _SUP_ROLE.sub(lambda m: f"<sup>{m.group(1)}</sup>", text)
    return _XREF_ROLE.sub(lambda m: _xref(m, module), text)


class ReSTToMarkdown(griffe.Extension):
    """Rewrite every docstring's reST constructs as Markdown when griffe loads an object."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Convert the docstring of ``obj`` in place."""
        if obj.docstring is not None:
            obj.docstring.value = convert(obj.docstring.value, obj.module.path)
