"""Which organisation each stored obligation is tracked for: obligation × bound organisation.

One identity per organisation: every name a user types (中国移动湖南公司, 湖南移动,
中国移动通信集团湖南有限公司) resolves to one registry name before it is stored or
compared, and a name the registry does not know is refused with the nearest names.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from operator import attrgetter

from pipeline.binding import (
    Addressees,
    DocumentFacts,
    addressees,
    binds,
    bound_organisations,
    covering_scopes,
    lookup_terms,
)
from pipeline.errors import DutymapError, NotFound
from pipeline.extract.actors import canonical_kinds
from pipeline.orgs import Organisation, Registry
from pipeline.store import Store, StoredObligation
from pipeline.store.listings import DutyOrder, duty_order
from pipeline.store.reading import BindingLookup
from pipeline.store.rows import ObligationListing, listing_of
from pipeline.store.tracking import LedgerDocument
from pipeline.tracking.bounds import repealed_references
from pipeline.tracking.paging import page_share

UNREGISTERED_KIND = "未登记"


@dataclass(frozen=True)
class Assignment:
    """One obligation as one organisation tracks it."""

    obligation: StoredObligation
    document: LedgerDocument
    organisation: str  # the registry name: the organisation's identity everywhere
    why: str
    draft: bool = False  # from a 征求意见稿: shown for information, never ledgered


@dataclass(frozen=True)
class Unassigned:
    """An obligation no organisation is tracked for, and why (shown, never silently dropped)."""

    obligation_key: str
    document_key: str
    reason: str


@dataclass(frozen=True)
class Assignments:
    duties: list[Assignment] = field(default_factory=list)
    unassigned: list[Unassigned] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def registry_of(store: Store) -> Registry:
    """The registry data file plus the organisations users added to this store."""
    return Registry.load().extended(store.organisations())


def resolve_organisation(registry: Registry, name: str) -> Organisation:
    """The registry organisation ``name`` stands for; NotFound with the nearest names otherwise."""
    found = registry.resolve(name)
    if found is not None:
        return found
    nearest = registry.suggest(name)
    hint = f"; did you mean {' / '.join(nearest)}?" if nearest else ""
    raise NotFound(f"unknown organisation {name!r}{hint} (give --allow-new to add it to the registry)")


def add_organisation(store: Store, registry: Registry, name: str) -> Organisation:
    """Add a name the registry does not know, placed by its shape (kind, group, region)."""
    from pipeline.binding import describe

    if registry.resolve(name) is not None:
        return resolve_organisation(registry, name)
    shape = describe(name, registry)
    kinds = canonical_kinds(name)
    level = "city" if shape.city else "province" if shape.province else "group"
    organisation = Organisation(
        name.strip(), kinds[0] if kinds else UNREGISTERED_KIND, shape.group, level, shape.region or "全国"
    )
    store.add_organisation(organisation)
    return organisation


def facts(document: LedgerDocument) -> DocumentFacts:
    return DocumentFacts(
        document.key,
        document.title,
        document.titles,
        document.issuers,
        document.recipients,
        document.level,
        document.region,
    )


def with_repeals(
    store: Store,
    documents: dict[str, LedgerDocument],
    scopes: list[tuple[str | None, str | None]] | None = None,
) -> dict[str, LedgerDocument]:
    """The documents, those an explicit 废止 in a later stored notice names marked superseded by it.
    ``scopes``: the repealing notices are looked for among these (level, region) pairs only."""
    return _repealed(store, documents, store.repealing_texts(scopes))


def _repealed(
    store: Store, documents: dict[str, LedgerDocument], repealing_texts: list[tuple[str, str]]
) -> dict[str, LedgerDocument]:
    """The documents, those the (key, text) of repealing notices name marked superseded."""
    updated = dict(documents)
    for key, text in repealing_texts:
        repealing = documents.get(key)
        if repealing is None:
            continue
        for reference in repealed_references(text):
            try:
                target = store.document(reference).key
            except DutymapError:  # not in the store (yet), or ambiguous: nothing to end
                continue
            current = updated.get(target)
            if target == key or current is None or current.superseded_by is not None:
                continue
            updated[target] = replace(current, superseded_by=key, superseded_on=repealing.issued)
    return updated


def organisation_scopes(organisation: Organisation) -> list[tuple[str | None, str | None]]:
    """The (level, region) pairs of every document that can bind ``organisation``: national ones,
    provincial or municipal ones whose region its region starts with (binding.covers), and
    those of unknown level, which bind nobody but are reported."""
    prefixes = [organisation.region[:end] for end in range(1, len(organisation.region) + 1)]
    return [
        ("national", None),
        (None, None),
        *((level, prefix) for level in ("provincial", "municipal") for prefix in prefixes),
    ]


def assign(
    store: Store,
    *,
    registry: Registry,
    organisation: Organisation | None = None,
    include_drafts: bool = False,
    due_window: tuple[date | None, date | None] | None = None,
) -> Assignments:
    """Every (obligation, organisation) pair of the store, or of one organisation.

    Store-wide, an obligation is tracked for the organisations it names and, for each kind it
    addresses, those at the top of its document's region; an organisation that already tracks
    it (a city branch recording a provincial duty) keeps its rows too. ``include_drafts``
    adds, marked, whom a draft's obligations would bind once final. ``due_window`` (first,
    last day; None: no end) may leave out obligations none of whose instances can fall due
    then: a prefilter for `due`, which still checks every instance of those it gets."""
    if organisation is not None and store.bindings_follow(registry):
        return _assign_one(
            store,
            registry=registry,
            organisation=organisation,
            include_drafts=include_drafts,
            due_window=due_window,
        )
    # one organisation is bound only by documents whose scope covers its region: read those
    scopes = organisation_scopes(organisation) if organisation is not None else None
    documents = with_repeals(store, store.ledger_documents(scopes), scopes)
    tracked: dict[str, set[str]] = {}
    if organisation is None:
        for record in store.tracking():
            known = registry.resolve(record.organisation)
            if known is not None:
                tracked.setdefault(record.obligation_key, set()).add(known.name)
    result = Assignments()
    # flagged duties no longer in their current version stay listed: someone keeps their records
    for obligation in store.obligations(scopes=scopes, include_vanished=True):
        addressed = _addressed(obligation, documents, registry, include_drafts=include_drafts, into=result)
        if addressed is None:
            continue
        document, about, draft, found = addressed
        if organisation is not None:
            why = binds(organisation, found, about, registry)
            pairs = [(organisation, why)] if why else []
        else:
            pairs = bound_organisations(found, about, registry)
            names = {org.name for org, _ in pairs}
            for name in sorted(tracked.get(obligation.key, set()) - names):
                known = registry.resolve(name)
                why = binds(known, found, about, registry) if known else None
                if known is not None and why:
                    pairs.append((known, why))
        if not pairs and organisation is None:
            unresolved = "、".join(found.unresolved) or "、".join(obligation.actors) or "no actor"
            result.unassigned.append(
                Unassigned(obligation.key, document.key, f"no registry organisation for {unresolved}")
            )
        for bound, why in pairs:
            result.duties.append(Assignment(obligation, document, bound.name, why, draft))
    return result


def _assign_one(
    store: Store,
    *,
    registry: Registry,
    organisation: Organisation,
    include_drafts: bool,
    due_window: tuple[date | None, date | None] | None,
) -> Assignments:
    """What ``assign`` answers for one organisation, read from the bindings the store keeps
    (indexed by the organisation's names, kind, group and the scopes covering its region)
    rather than by resolving every obligation in scope. Flagged obligations no longer in a
    current version are few and have no stored binding: they are resolved here as before."""
    lookup = _lookup(organisation, registry, include_drafts, due_window)
    bound = store.bound_obligations(lookup)
    unbound = store.unbound_obligations(organisation_scopes(organisation), include_drafts=include_drafts)
    # with a due window the bound obligations are few: their documents are read by key
    documents, vanished = _documents_and_vanished(
        store, lookup, organisation, {o.document_key for o, _, _ in bound} if due_window else None
    )
    result = Assignments()
    for obligation, why, draft in bound:
        result.warnings.extend(obligation.warnings)
        document = documents.get(obligation.document_key)
        if document is not None:
            result.duties.append(Assignment(obligation, document, organisation.name, why, draft))
    result.unassigned.extend(Unassigned(key, document, reason) for key, document, reason in unbound)
    found = _vanished_assignments(vanished, documents, registry, organisation, include_drafts)
    result.duties.extend(found.duties)
    result.unassigned.extend(found.unassigned)
    result.warnings.extend(found.warnings)
    return result


@dataclass(frozen=True)
class ListedDuty:
    """One duty of one organisation as a list of duties shows it."""

    obligation: ObligationListing
    why: str
    draft: bool

    @property
    def order(self) -> DutyOrder:
        """Where it stands in a list of duties (the order the store pages by)."""
        return duty_order(self.obligation, self.draft)


@dataclass(frozen=True)
class ListedPage:
    """One page of an organisation's duties in duty order, and how many there are in all."""

    duties: list[ListedDuty]
    total: int  # of final documents
    drafts: int  # of drafts (征求意见稿), listed after them


def listed_duties(
    store: Store,
    *,
    registry: Registry,
    organisation: Organisation,
    include_drafts: bool,
    issued_by: date | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> ListedPage:
    """The duties ``assign`` finds for one organisation (of documents issued by ``issued_by``)
    as listings, in duty order (pipeline.store.listings), from ``offset``, at most ``limit``:
    the database pages the bound obligations; the few tracked ones no longer current are
    placed among them."""
    if not store.bindings_follow(registry):
        found = assign(store, registry=registry, organisation=organisation, include_drafts=include_drafts)
        return _page_of(_issued_by(_listed(found), issued_by), offset, limit)
    lookup = _lookup(organisation, registry, include_drafts, None)
    # whom a flagged obligation binds follows its document's facts, which repeals do not change
    vanished = store.vanished_obligations(organisation_scopes(organisation))
    documents = store.ledger_documents(keys={o.document_key for o in vanished}) if vanished else {}
    found = _vanished_assignments(vanished, documents, registry, organisation, include_drafts)
    extras = sorted(_issued_by(_listed(found), issued_by), key=_ORDER)
    before = store.bound_before(lookup, [duty.order for duty in extras], issued_by=issued_by)
    share = page_share(offset, limit, before)
    bound = [
        ListedDuty(obligation, why, draft)
        for obligation, why, draft in store.bound_listings(
            lookup, issued_by=issued_by, offset=share.offset, limit=share.limit
        )
    ]
    page = sorted([*bound, *(extras[i] for i in share.extras)], key=_ORDER)
    total, drafts = store.bound_counts(lookup, issued_by=issued_by)
    extra_drafts = sum(1 for duty in extras if duty.draft)
    return ListedPage(page, total + len(extras) - extra_drafts, drafts + extra_drafts)


_ORDER = attrgetter("order")


def _listed(found: Assignments) -> list[ListedDuty]:
    return [ListedDuty(listing_of(d.obligation), d.why, d.draft) for d in found.duties]


def _issued_by(duties: list[ListedDuty], day: date | None) -> list[ListedDuty]:
    if day is None:
        return duties
    return [d for d in duties if d.obligation.issued is None or d.obligation.issued <= day]


def _page_of(duties: list[ListedDuty], offset: int, limit: int | None) -> ListedPage:
    ordered = sorted(duties, key=_ORDER)
    drafts = sum(1 for duty in ordered if duty.draft)
    end = None if limit is None else offset + limit
    return ListedPage(ordered[offset:end], len(ordered) - drafts, drafts)


def _lookup(
    organisation: Organisation,
    registry: Registry,
    include_drafts: bool,
    due_window: tuple[date | None, date | None] | None,
) -> BindingLookup:
    return BindingLookup(
        tuple(lookup_terms(organisation, registry)),
        tuple(covering_scopes(organisation.region)),
        include_drafts,
        due_window,
    )


def _documents_and_vanished(
    store: Store, lookup: BindingLookup, organisation: Organisation, bound_keys: set[str] | None
) -> tuple[dict[str, LedgerDocument], list[StoredObligation]]:
    """The ledger documents of the bound obligations (those of ``bound_keys``, else all that
    ``lookup`` finds), of the flagged obligations no longer current and of repealing notices,
    repeals applied; and those flagged obligations."""
    scopes = organisation_scopes(organisation)
    vanished = store.vanished_obligations(scopes)
    repealing = store.repealing_texts(scopes)
    others = {o.document_key for o in vanished} | {key for key, _ in repealing}
    if bound_keys is None:  # the bound documents by their bindings (a subquery), the few others by key
        ledger = store.ledger_documents(keys=others, bound=lookup)
    else:
        ledger = store.ledger_documents(keys=others | bound_keys)
    return _repealed(store, ledger, repealing), vanished


def _vanished_assignments(
    vanished: list[StoredObligation],
    documents: dict[str, LedgerDocument],
    registry: Registry,
    organisation: Organisation,
    include_drafts: bool,
) -> Assignments:
    """Flagged obligations no longer current have no stored binding: resolved here."""
    result = Assignments()
    for obligation in vanished:
        addressed = _addressed(obligation, documents, registry, include_drafts=include_drafts, into=result)
        if addressed is None:
            continue
        document, about, draft, found = addressed
        reason = binds(organisation, found, about, registry)
        if reason:
            result.duties.append(Assignment(obligation, document, organisation.name, reason, draft))
    return result


def _addressed(
    obligation: StoredObligation,
    documents: dict[str, LedgerDocument],
    registry: Registry,
    *,
    include_drafts: bool,
    into: Assignments,
) -> tuple[LedgerDocument, DocumentFacts, bool, Addressees] | None:
    """(document, its facts, from a draft, addressees) of one obligation; None when its document
    is not listed or its addressees exclude it (recorded in ``into`` as unassigned). Its read
    warnings go to ``into`` either way."""
    into.warnings.extend(obligation.warnings)
    document = documents.get(obligation.document_key)
    if document is None:
        return None
    about = facts(document)
    draft = include_drafts and about.draft
    if draft:
        about = replace(about, title=None, titles=())
    found = addressees(
        actors=obligation.actors,
        implied_actor=obligation.implied_actor,
        action=obligation.action,
        text=obligation.text,
        document=about,
        registry=registry,
    )
    if found.excluded:
        into.unassigned.append(Unassigned(obligation.key, document.key, found.excluded))
        return None
    return document, about, draft, found
