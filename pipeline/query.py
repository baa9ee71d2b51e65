"""The read side shared by the CLI and the web layer: what binds an enterprise, what a plan
leaves out of its parent, the chain of a document, search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import networkx as nx

from pipeline.errors import NotFound
from pipeline.extract.actors import canonical_kinds
from pipeline.link.gaps import Finding, find_gaps
from pipeline.link.graph import Chain, build_graph, chain, parent_of
from pipeline.orgs import Registry
from pipeline.store import Store, StoredObligation


def graph_of(store: Store) -> nx.MultiDiGraph:
    return build_graph(store.documents(), store.links())


@dataclass(frozen=True)
class Duty:
    obligation: StoredObligation
    why: str  # the actor match
    documents: tuple[str, ...]  # the chain: this document, then what it implements, upwards
    status: str
    organisation: str = ""  # the registry name of the enterprise asked about
    draft: bool = False  # from a 征求意见稿: what it would impose once final, not a duty yet


def enterprise_duties(store: Store, enterprise: str, *, as_of: date | None = None) -> list[Duty]:
    """Every obligation binding ``enterprise`` (any registry name or alias): municipal ones of
    its city, provincial ones of its province, national ones of its kind or group — none from
    other provinces or cities, none that are the regulator's own acts. Obligations of drafts
    are listed last, marked, with status "draft"."""
    from pipeline.tracking.assign import assign, registry_of, resolve_organisation

    registry = registry_of(store)
    company = resolve_organisation(registry, enterprise)
    found = assign(store, registry=registry, organisation=company, include_drafts=True)
    statuses: dict[str, str] = {}
    for record in store.tracking():
        known = registry.resolve(record.organisation)
        if known is not None and known.name == company.name and not record.instance:
            statuses[record.obligation_key] = record.status
    duties_found = [
        duty
        for duty in found.duties
        if as_of is None or duty.document.issued is None or duty.document.issued <= as_of
    ]
    chains = store.implements_chains({d.obligation.document_key for d in duties_found})
    duties = [
        Duty(
            duty.obligation,
            duty.why,
            (duty.obligation.document_key, *chains.get(duty.obligation.document_key, ())),
            "draft" if duty.draft else statuses.get(duty.obligation.key, "open"),
            company.name,
            duty.draft,
        )
        for duty in duties_found
    ]
    order = {"municipal": 0, "provincial": 1, "national": 2}
    duties.sort(
        key=lambda d: (d.draft, order.get(d.obligation.level or "", 3), d.obligation.document_key, d.obligation.span)
    )
    return duties


@dataclass(frozen=True)
class GapReport:
    child: str
    parent: str
    findings: list[Finding]

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]


def gaps(store: Store, child: str, *, parent: str | None = None) -> GapReport:
    child_key = store.document(child).key
    if parent is not None:
        parent_key = store.document(parent).key
    else:
        found = parent_of(graph_of(store), child_key)
        if found is None:
            raise NotFound(f"{child!r} implements no stored document; name one with --parent")
        parent_key = found
    children, parents = store.obligations(child_key), store.obligations(parent_key)
    return GapReport(child_key, parent_key, find_gaps(children, parents))


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
