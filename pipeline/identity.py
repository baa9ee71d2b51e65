"""Stable identities: of a 文号 (whatever its brackets), of a document, of an obligation."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pipeline.records import NoticeMeta

_BRACKETS = str.maketrans(
    {
        "[": "〔",
        "]": "〕",
        "【": "〔",
        "】": "〕",
        "(": "〔",
        ")": "〕",
        "（": "〔",
        "）": "〕",
        "〖": "〔",
        "〗": "〕",
        "［": "〔",
        "］": "〕",
        "﹝": "〔",
        "﹞": "〕",
    }
)
_WS = re.compile(r"[\s\u3000\u00a0]+")


def squash(text: str) -> str:
    """The text without any white space (line breaks of a PDF copy, spaces of a web copy)."""
    return _WS.sub("", text)


def _fold_width(text: str) -> str:
    # full-width ASCII (！ to ～) is one code point block 0xFEE0 above its half-width form
    return "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in text)


def doc_number_key(doc_number: str) -> str:
    """工信管函[2022]1445 号 and 工信管函〔2022〕1445号 share one key.

    Brackets become 〔〕 (the GB/T 9704 form) after width folding, so （）and () agree; the
    optional 第 before the serial (〔2019〕第8号) is dropped as GB/T 9704 prints none.
    """
    return _fold_width(squash(doc_number)).translate(_BRACKETS).replace("第", "")


def content_hash(text: str) -> str:
    """The text's identity regardless of white space and line breaks (a PDF and a TXT copy agree)."""
    return hashlib.sha256(squash(text).encode("utf-8")).hexdigest()


def _short(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def document_key(meta: NoticeMeta, source_path: Path) -> str:
    """From the 文号, else the first issuer and the title, else the file stem."""
    if meta.doc_number:
        return "d-" + _short(doc_number_key(meta.doc_number))
    if meta.title:
        issuer = meta.issuers[0] if meta.issuers else ""
        return "d-" + _short(squash(issuer + "|" + meta.title))
    return "d-" + _short(Path(source_path).stem)


def _obligation_base(document_key: str, text: str) -> str:
    return f"{document_key}-{_short(squash(text))[:10]}"


def obligation_key(document_key: str, text: str, seen: set[str]) -> str:
    """From the document key and the obligation's text; a repeated text gets a suffix (-2, -3 …).

    ``seen`` holds the keys given so far in this document; the new key is added to it, so the
    same text keeps its key across versions as long as its repeats keep their order. (Probes
    every suffix: for a whole document use ObligationKeys, linear in the repeats.)
    """
    base = _obligation_base(document_key, text)
    key, n = base, 2
    while key in seen:
        key, n = f"{base}-{n}", n + 1
    seen.add(key)
    return key


class ObligationKeys:
    """The keys of one document's obligations, given in text order: the same keys as
    obligation_key with one shared ``seen`` set, but the n-th repeat of a text starts probing
    at its -n suffix instead of -2 (a notice repeating one sentence 10,000 times made the
    probes quadratic)."""

    def __init__(self, document_key: str) -> None:
        self.document_key = document_key
        self.given: set[str] = set()
        self._next_suffix: dict[str, int] = {}

    def key(self, text: str) -> str:
        base = _obligation_base(self.document_key, text)
        key = base
        if key in self.given:
            n = self._next_suffix.get(base, 2)
            key = f"{base}-{n}"
            while key in self.given:
                n += 1
                key = f"{base}-{n}"
            self._next_suffix[base] = n + 1
        self.given.add(key)
        return key
