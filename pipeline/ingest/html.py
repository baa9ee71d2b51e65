"""HTML: the body text only — no scripts, styles, navigation, comments or YAML front matter."""

from __future__ import annotations

import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from pipeline.errors import EmptyDocument
from pipeline.ingest.text import decode
from pipeline.records import SourceDoc

_SPACES = re.compile(r"[ \t\r\n\f]+")
_CELLS = ("td", "th")
_FRONT_MATTER = re.compile(r"\A\s*---\s*\n.*?\n---\s*\n", re.S)
_MARKUP = re.compile(rb"<(?:html|body|div|p|br|table|span|head)\b", re.I)
DROP = "script, style, noscript, nav, header, footer, aside, form, iframe, template, svg, button, select"
BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "dt",
    "dd",
    "figcaption",
    "hr",
    "title",
}


def looks_like_html(data: bytes) -> bool:
    head = data[:4096]
    return bool(_MARKUP.search(head)) or (
        head.lstrip().startswith(b"---") and bool(_MARKUP.search(data[:20000]))
    )


def read(path: Path, data: bytes, sha256: str) -> SourceDoc:
    markup, encoding = decode(path, data)
    markup = _FRONT_MATTER.sub("", markup, count=1)
    tree = HTMLParser(_capped_nesting(markup))
    for node in tree.css(DROP):
        node.decompose()
    root = tree.body or tree.root
    lines = _block_lines(root) if root is not None else []
    text = "\n".join(line for line in lines if line.strip())
    if not text.strip():
        raise EmptyDocument(path, "an HTML page with no body text")
    return SourceDoc(path=path, format="html", sha256=sha256, text=text, encoding=encoding)


# HTML tree construction scans the stack of open elements at every tag, so its time grows with
# the square of the nesting depth (100,000 nested blocks: 33 s). No real page nests this deep.
MAX_DEPTH = 256
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*>")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _capped_nesting(markup: str) -> str:
    """The markup with tags nested deeper than MAX_DEPTH dropped (a block tag leaves a line
    break, so its text still ends a line): one linear pass, and the parser stays linear."""
    depth, deepest = 0, 0
    for match in _TAG.finditer(markup):
        if match[2].lower() in VOID or match[0].endswith("/>"):
            continue
        depth += -1 if match[1] else 1
        deepest = max(deepest, depth)
    if deepest <= MAX_DEPTH:
        return markup
    depth = 0

    def cap(match: re.Match[str]) -> str:
        nonlocal depth
        name = match[2].lower()
        if name in VOID or match[0].endswith("/>"):
            return match[0]
        closing = bool(match[1])
        level = depth if closing else depth + 1
        depth += -1 if closing else 1
        if level <= MAX_DEPTH:
            return match[0]
        return "\n" if name in BLOCKS or name in _CELLS else ""

    return _TAG.sub(cap, markup)


def _block_lines(root) -> list[str]:  # type: ignore[no-untyped-def]
    """Lines of text under ``root``: block elements end a line; a table row is one line.

    The walk keeps its own stack: web pages nest deep enough to exhaust Python's recursion.
    A row whose cells hold a table is page layout (old sites frame whole articles in
    tables), so its cells are read as blocks instead."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = "".join(current).strip()
        if line:
            lines.append(line)
        current.clear()

    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        tag = node.tag  # type: ignore[attr-defined]
        if leaving:
            flush()
        elif tag == "-text":
            current.append(_SPACES.sub(" ", node.text_content or ""))  # type: ignore[attr-defined]
        elif tag in ("_comment", "-comment"):
            continue
        elif tag == "tr" and node.css_first("table") is None:  # type: ignore[attr-defined]
            flush()
            lines.append(_row_line(node))
        else:
            if tag in BLOCKS or tag in _CELLS:
                flush()
                stack.append((node, True))
            children = list(node.iter(include_text=True))  # type: ignore[attr-defined]
            stack.extend((child, False) for child in reversed(children))
    flush()
    return [line for line in lines if line.strip()]


def _row_line(row) -> str:  # type: ignore[no-untyped-def]
    """A table row as its cells joined by tabs; an empty cell keeps its column."""
    cells = [" ".join(_block_lines(cell)) for cell in row.iter() if cell.tag in _CELLS]
    return "\t".join(cells) if any(cells) else ""
