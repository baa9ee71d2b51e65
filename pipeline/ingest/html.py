"""HTML: the body text only — no scripts, styles, navigation, comments or YAML front matter."""

from __future__ import annotations

import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from pipeline.errors import EmptyDocument
from pipeline.ingest.text import decode
from pipeline.records import SourceDoc

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
    tree = HTMLParser(markup)
    for node in tree.css(DROP):
        node.decompose()
    root = tree.body or tree.root
    lines = _block_lines(root) if root is not None else []
    text = "\n".join(line for line in lines if line.strip())
    if not text.strip():
        raise EmptyDocument(path, "an HTML page with no body text")
    return SourceDoc(path=path, format="html", sha256=sha256, text=text, encoding=encoding)


def _block_lines(root) -> list[str]:  # type: ignore[no-untyped-def]
    """Walk the tree; block elements end a line, table cells are joined by a tab."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            lines.append("".join(current).strip())
            current.clear()

    def walk(node) -> None:  # type: ignore[no-untyped-def]
        tag = node.tag
        if tag == "-text":
            current.append(re.sub(r"[ \t\r\n]+", " ", node.text_content or ""))
            return
        if tag in ("_comment", "-comment"):
            return
        if tag in ("td", "th") and current:
            current.append("\t")
        if tag in BLOCKS:
            flush()
        child = node.child
        while child is not None:
            walk(child)
            child = child.next
        if tag in BLOCKS:
            flush()

    walk(root)
    flush()
    return lines
