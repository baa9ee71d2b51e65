"""The store rows of one extraction, computed without the store.

Everything a save writes that depends on the extraction alone (the document's fields, the
clause and obligation rows with their contract JSON and segmented search text, the binding
subjects, the citations' keys, the page starts) is prepared here, so ingest's worker
processes can do it and the single writing process only inserts.
"""

from __future__ import annotations

import bisect
import pickle
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.contract import meta_dict, obligation_dicts
from pipeline.identity import content_hash, doc_number_key, document_key
from pipeline.link.citations import is_draft, title_key
from pipeline.records import Extraction, NoticeMeta, Obligation
from pipeline.store import search
from pipeline.textsafe import printable_path
from pipeline.tracking.bounds import mentions_repeal
from pipeline.tracking.due_span import obligation_due_span


@dataclass(frozen=True, slots=True)
class CitationKeys:
    """One citation of the document, with the keys a placeholder link is found by."""

    relation: str
    title: str | None
    doc_number: str | None
    doc_number_key: str | None
    title_key: str | None


@dataclass(frozen=True, slots=True)
class BindingSubject:
    """What binding reads of one obligation (its row id is known only once it is inserted)."""

    key: str
    actors: tuple[str, ...]
    implied_actor: bool
    action: str
    text: str
    span: tuple[int, int]
    due: tuple[date | None, date | None, bool]  # the row's due span: first, last, open-ended


@dataclass(frozen=True)
class PreparedRows:
    """The rows of one extraction, ready to insert once the document's and version's ids are known."""

    key: str  # the document's key
    content_hash: str
    document: dict[str, Any]  # the document row's columns but id, current version and moments
    titles: tuple[str, ...]
    drafted: bool  # one of its titles marks a 征求意见稿
    version_text: str
    source: dict[str, Any]  # the source row's columns but version_id and added
    clauses: list[dict[str, Any]]  # clause rows without version_id
    obligations: list[dict[str, Any]]  # obligation rows without version_id and document_id
    subjects: list[BindingSubject]  # in the order of ``obligations``
    cites: list[CitationKeys]


class PreparedExtraction:
    """An extraction's store rows, and the extraction itself when its JSON is to be written:
    what an ingest worker sends the writer. The extraction crosses between processes as
    pickled bytes, unpickled only when the writer writes its JSON (unpickling every object
    graph cost the single writer more than inserting its rows)."""

    def __init__(self, rows: PreparedRows, path: Path, extraction: Extraction | None) -> None:
        self.rows = rows
        self.path = path
        self._extraction = extraction
        self._pickled: bytes | None = None

    @classmethod
    def of(cls, extraction: Extraction, *, keep: bool = True) -> PreparedExtraction:
        """``keep``: the extraction is kept (else only its rows: nothing will write its JSON)."""
        return cls(prepare_rows(extraction), extraction.source.path, extraction if keep else None)

    @property
    def extraction(self) -> Extraction:
        if self._extraction is None:
            if self._pickled is None:
                raise ValueError(f"{self.path}: prepared without its extraction")
            self._extraction = pickle.loads(self._pickled)
        return self._extraction

    def __getstate__(self) -> tuple[PreparedRows, Path, bytes | None]:
        pickled = self._pickled
        if pickled is None and self._extraction is not None:
            pickled = pickle.dumps(self._extraction, pickle.HIGHEST_PROTOCOL)
        return self.rows, self.path, pickled

    def __setstate__(self, state: tuple[PreparedRows, Path, bytes | None]) -> None:
        self.rows, self.path, self._pickled = state
        self._extraction = None


def obligation_row(obligation: Obligation, data: dict[str, Any], meta: NoticeMeta) -> dict[str, Any]:
    """One obligation's row (but its version and document ids) from the record and its contract
    dict: with source spans and clause paths, as `dutymap show` reads the evidence from here, and
    the span of days it can fall due in (``due`` selects by it)."""
    return {
        "key": obligation.id,
        "text": obligation.text,
        "start": obligation.span.start,
        "end": obligation.span.end,
        "page": obligation.page,
        "clause": obligation.clause,
        "clause_path": data["clause_path"],
        "actors": list(obligation.actors),
        "implied_actor": obligation.implied_actor,
        "modality": obligation.modality,
        "action": obligation.action,
        "deadline": data["deadline"],
        "deadlines": data["deadlines"],
        "due": obligation.deadline.date if obligation.deadline else None,
        "duration": data["duration"],
        "targets": data["targets"],
        "report_to": obligation.report_to,
        "topics": list(obligation.topics),
        "evidence": data["evidence"],
        "search_text": search.segment(obligation.text),
        "issued": meta.issued,
        "actor_index": "|" + "|".join(obligation.actors) + "|",
        **obligation_due_span(obligation, title=meta.title, issued=meta.issued).columns(),
    }


def document_fields(meta: NoticeMeta) -> dict[str, Any]:
    """The document row's columns taken from the notice's metadata."""
    return {
        "title": meta.title,
        "doc_number": meta.doc_number,
        "doc_number_key": doc_number_key(meta.doc_number) if meta.doc_number else None,
        "title_key": document_title_key(meta),
        "level": meta.level,
        "region": meta.region,
        "issued": meta.issued,
        "issuers": list(meta.issuers),
        "recipients": list(meta.recipients),
        "meta": meta_dict(meta),
    }


def document_title_key(meta: NoticeMeta) -> str | None:
    """The key the final notice and its draft share (the enclosed notice's, for a cover letter)."""
    titles = [t for t in meta.titles if t]
    drafts = [t for t in titles if is_draft(t)]
    chosen = drafts[0] if drafts else (titles[0] if titles else None)
    return title_key(chosen) if chosen else None


def prepare_rows(extraction: Extraction) -> PreparedRows:
    notice, source = extraction.notice, extraction.source
    meta = notice.meta
    obligations = [
        obligation_row(obligation, data, meta)
        for obligation, data in zip(extraction.obligations, obligation_dicts(extraction), strict=True)
    ]
    return PreparedRows(
        key=document_key(meta, source.path),
        content_hash=content_hash(notice.text.text),
        document={**document_fields(meta), "repeal_words": mentions_repeal(notice.text.text)},
        titles=tuple(meta.titles),
        drafted=any(is_draft(t) for t in meta.titles),
        version_text=notice.text.text,
        source={
            "path": printable_path(source.path.resolve()),  # a name that is not UTF-8 stored as \xNN
            "sha256": source.sha256,
            "format": source.format,
            "pages": source.pages,
            "page_starts_nows": page_starts_nows(extraction),
        },
        clauses=[
            {
                "index": c.index,
                "kind": c.kind,
                "marker": c.marker,
                "depth": c.depth,
                "start": c.span.start,
                "end": c.span.end,
                "title": c.title,
                "parent": c.parent,
            }
            for c in notice.clauses
        ],
        obligations=obligations,
        subjects=[
            BindingSubject(
                o.id,
                tuple(o.actors),
                o.implied_actor,
                o.action,
                o.text,
                (o.span.start, o.span.end),
                (row["due_first"], row["due_last"], row["due_open"]),
            )
            for o, row in zip(extraction.obligations, obligations, strict=True)
        ],
        cites=[
            CitationKeys(
                relation=c.relation,
                title=c.title,
                doc_number=c.doc_number,
                doc_number_key=doc_number_key(c.doc_number) if c.doc_number else None,
                title_key=title_key(c.title) if c.title else None,
            )
            for c in meta.cites
        ],
    )


def page_starts_nows(extraction: Extraction) -> list[int]:
    """Page starts as counts of non-white-space characters of the normalised text."""
    text = extraction.notice.text
    if not text.source.page_starts:
        return []
    starts: list[int] = []
    count = 0
    page_starts = text.source.page_starts
    for char, offset in zip(text.text, text.offsets, strict=True):
        page = bisect.bisect_right(page_starts, offset)
        while len(starts) < page:
            starts.append(count)
        if not char.isspace():
            count += 1
    # pages after the last character (blank, or holding only a dropped trailer) start at the end
    starts.extend([count] * (len(page_starts) - len(starts)))
    return starts
