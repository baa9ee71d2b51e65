"""The read side shared by the CLI and the web layer: what binds an enterprise, what a plan
leaves out of its parent, the chain of a document, search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import networkx as nx

from pipeline.collection import collector_paused
from pipeline.errors import NotFound
from pipeline.extract.actors import canonical_kinds
from pipeline.link.duties import Plan, plan_from_store
from pipeline.link.gaps import GapReport, chain_gaps, find_gaps, with_decisions
from pipeline.link.graph import Chain, build_graph, chain, parent_of
from pipeline.orgs import Registry
from pipeline.store import Store
from pipeline.store.reviews import GapReview, match_reviews
from pipeline.store.rows import ObligationListing


def graph_of(store: Store) -> nx.MultiDiGraph:
    return build_graph(store.documents(), store.links())


@dataclass(frozen=True)
class Duty:
    obligation: ObligationListing  # what a list shows; Store.obligations reads the whole record
    why: str  # the actor match
    documents: tuple[str, ...]  # the chain: this document, then what it implements, upwards
    status: str
    organisation: str = ""  # the registry name of the enterprise asked about
    draft: bool = False  # from a 征求意见稿: what it would impose once final, not a duty yet


# duties a page shows (CLI and web): one branch can be bound by tens of thousands of them
PAGE_SIZE = 100


@dataclass(frozen=True)
class DutyPage:
    """One page of the duties binding an enterprise, and how many there are in all."""

    duties: list[Duty]
    organisation: str  # the registry name of the enterprise asked about
    total: int  # duties of final documents
    drafts: int  # obligations of drafts, listed after them
    offset: int  # where the page starts among all of them

    @property
    def more(self) -> bool:
        return self.offset + len(self.duties) < self.total + self.drafts


def enterprise_duties(store: Store, enterprise: str, *, as_of: date | None = None) -> list[Duty]:
    """Every obligation binding ``enterprise``: ``enterprise_duty_page`` without a limit."""
    return enterprise_duty_page(store, enterprise, as_of=as_of).duties


@collector_paused()  # thousands of acyclic records with --all: pipeline.collection
def enterprise_duty_page(
    store: Store, enterprise: str, *, as_of: date | None = None, offset: int = 0, limit: int | None = None
) -> DutyPage:
    """The obligations binding ``enterprise`` (any registry name or alias), from ``offset``, at
    most ``limit``: municipal ones of its city, provincial ones of its province, national ones
    of its kind or group — none from other provinces or cities, none that are the regulator's
    own acts; nearest level first, then by document and place in the text. Obligations of
    drafts are listed last, marked, with status "draft". ``as_of`` keeps documents issued by
    that day."""
    from pipeline.tracking.assign import listed_duties, registry_of, resolve_organisation

    registry = registry_of(store)
    company = resolve_organisation(registry, enterprise)
    page = listed_duties(
        store,
        registry=registry,
        organisation=company,
        include_drafts=True,
        issued_by=as_of,
        offset=offset,
        limit=limit,
    )
    statuses: dict[str, str] = {}
    for record in store.tracking(evidence=False, obligation_keys={d.obligation.key for d in page.duties}):
        known = registry.resolve(record.organisation)
        if known is not None and known.name == company.name and not record.instance:
            statuses[record.obligation_key] = record.status
    chains = store.implements_chains({d.obligation.document_key for d in page.duties})
    duties = [
        Duty(
            duty.obligation,
            duty.why,
            (duty.obligation.document_key, *chains.get(duty.obligation.document_key, ())),
            "draft" if duty.draft else statuses.get(duty.obligation.key, "open"),
            company.name,
            duty.draft,
        )
        for duty in page.duties
    ]
    return DutyPage(duties, company.name, page.total, page.drafts, offset)


def plan(store: Store, ref: str) -> Plan:
    """A stored document with its duties, as gap analysis reads them."""
    document = store.document(ref)
    return plan_from_store(document, store.obligations(document.key), store.clauses(document.key))


def _parent_key(store: Store, child_key: str, graph: nx.MultiDiGraph | None = None) -> str | None:
    return parent_of(graph if graph is not None else graph_of(store), child_key)


def gaps(store: Store, child: str, *, parent: str | None = None) -> GapReport:
    """What ``child`` drops, weakens, delays, loosens or narrows of the notice it implements,
    and what it adds; reviewers' decisions attached."""
    child_key = store.document(child).key
    if parent is not None:
        parent_key = store.document(parent).key
    else:
        found = _parent_key(store, child_key)
        if found is None:
            raise NotFound(f"{child!r} implements no stored document; name one with --parent")
        parent_key = found
    return _decided(store, find_gaps(plan(store, parent_key), plan(store, child_key)))


def gap_chain(store: Store, child: str) -> list[GapReport]:
    """Level by level up the implements chain (the plan against its parent, the parent against
    its own …), then across it: the plan against the top notice through the plan in between."""
    graph = graph_of(store)
    keys = [store.document(child).key]
    while len(keys) < 6:
        above = _parent_key(store, keys[-1], graph)
        if above is None or above in keys:
            break
        keys.append(above)
    if len(keys) < 2:
        raise NotFound(f"{child!r} implements no stored document; name one with --parent")
    plans = {key: plan(store, key) for key in keys}
    reports = [find_gaps(plans[up], plans[down]) for down, up in zip(keys, keys[1:], strict=False)]
    if len(keys) >= 3:
        reports.append(chain_gaps(plans[keys[2]], plans[keys[1]], plans[keys[0]]))
    return [_decided(store, report) for report in reports]


def _decided(store: Store, report: GapReport) -> GapReport:
    matched = match_reviews(report.findings, store.gap_reviews(report.child))
    return with_decisions(report, ((key, r.decision, r.note) for key, r in matched.items()))


def record_reviews(
    store: Store, reports: list[GapReport], decisions: dict[str, tuple[str, str]], *, who: str
) -> int:
    """Store reviewers' decisions {finding id: (decision, note)} on findings of ``reports``."""
    findings = {f.id: f for report in reports for f in report.findings}
    unknown = sorted(set(decisions) - set(findings))
    if unknown:
        raise NotFound(f"finding {unknown[0]} is not in the current gap report (re-export the sheet)")
    return store.record_gap_reviews(
        [
            GapReview(
                finding=key,
                kind=findings[key].kind,
                parent_document=findings[key].parent_document,
                child_document=findings[key].child_document,
                parent_text=findings[key].parent_text or "",
                child_text=findings[key].child_text or "",
                decision=decision,
                note=note,
                who=who,
            )
            for key, (decision, note) in decisions.items()
        ]
    )


def document_chain(store: Store, ref: str) -> tuple[str, Chain]:
    key = store.document(ref).key
    return key, chain(graph_of(store), key)


def unknown_organisations(store: Store, registry: Registry | None = None) -> list[tuple[str, list[str]]]:
    """Names the stored documents address or are issued by that the registry does not know and
    that name no canonical kind either ("部通信司", "相关电信业务试点企业"): candidates to add."""
    known = registry or Registry.load()
    found: dict[str, list[str]] = {}
    for name, document in store.named_parties():
        if known.resolve(name) is None and not canonical_kinds(name):
            found.setdefault(name, [])
            if document not in found[name]:
                found[name].append(document)
    return sorted(found.items())
