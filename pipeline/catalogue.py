"""The documents catalogue: stored notices filtered by level, region, issuer, year and topic,
with what went wrong in processing each one, and organisations found by name or alias.

Shared read side for the web workspace (and any listing the CLI grows); it only combines what
the store and the registry answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.orgs import Organisation, Registry
from pipeline.store import DocumentSummary, Store


@dataclass(frozen=True)
class DocumentFilter:
    level: str | None = None
    region: str | None = None  # a prefix: 广东省 keeps 广东省清远市
    issuer: str | None = None  # a part of an issuer's name
    year: int | None = None
    topic: str | None = None

    def keeps(self, document: DocumentSummary, topics: list[str]) -> bool:
        return (
            (not self.level or document.level == self.level)
            and (not self.region or (document.region or "").startswith(self.region))
            and (not self.issuer or any(self.issuer in issuer for issuer in document.issuers))
            and (not self.year or (document.issued is not None and document.issued.year == self.year))
            and (not self.topic or self.topic in topics)
        )


@dataclass(frozen=True)
class CatalogueEntry:
    document: DocumentSummary
    topics: list[str]
    problems: list[str]  # what processing could not establish


@dataclass(frozen=True)
class Catalogue:
    entries: list[CatalogueEntry]
    total: int  # stored documents before filtering
    levels: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    issuers: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


def problems_of(document: DocumentSummary, unresolved: int) -> list[str]:
    found = []
    if not document.doc_number:
        found.append("no 文号 found")
    if document.issued is None:
        found.append("no issue date found")
    if document.level is None:
        found.append("level unknown")
    if not document.obligations:
        found.append("no obligations extracted")
    if unresolved:
        found.append(f"{unresolved} citation{'s' if unresolved > 1 else ''} not in the store")
    return found


def catalogue(store: Store, wanted: DocumentFilter | None = None) -> Catalogue:
    """Every stored document the filter keeps, newest first, with the values each filter offers."""
    wanted = wanted or DocumentFilter()
    documents = store.documents()
    topics = store.document_topics()
    unresolved = store.unresolved_citations()
    entries = [
        CatalogueEntry(d, topics.get(d.key, []), problems_of(d, unresolved.get(d.key, 0)))
        for d in documents
        if wanted.keeps(d, topics.get(d.key, []))
    ]
    entries.sort(
        key=lambda e: (e.document.issued is not None, e.document.issued, e.document.key), reverse=True
    )
    return Catalogue(
        entries=entries,
        total=len(documents),
        levels=sorted({d.level for d in documents if d.level}),
        regions=sorted({d.region for d in documents if d.region}),
        issuers=sorted({i for d in documents for i in d.issuers}),
        years=sorted({d.issued.year for d in documents if d.issued}, reverse=True),
        topics=sorted({t for found in topics.values() for t in found}),
    )


def find_organisations(
    words: str, registry: Registry | None = None, *, limit: int = 30
) -> list[Organisation]:
    """Registry organisations whose name or an alias contains ``words`` (exact matches first)."""
    words = "".join(words.split())
    if not words:
        return []
    known = registry or Registry.load()
    exact = known.resolve(words)
    found = [exact] if exact else []
    for org in known.organisations:
        if org is not exact and any(words in name for name in (org.name, *org.aliases)):
            found.append(org)
            if len(found) >= limit:
                break
    return found
