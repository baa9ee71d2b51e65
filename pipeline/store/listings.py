"""One organisation's bound obligations as a list shows them, a page at a time.

An enterprise bound by every national duty of its kind has tens of thousands of them in a
national archive (23,000 for one branch over 100,000 generated notices): reading, decoding and
drawing them all costs seconds, and nobody reads them at once. The database orders them in
duty order (drafts last, then by binding.listed: its city's, its province's, then national
documents; document key, place in the text) from the binding index alone and returns one
page, whose rows alone are then read; a count says how many there are.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import product
from typing import Any

from sqlalchemy import String, and_, collate, func, or_, select, type_coerce
from sqlmodel import col

from pipeline.store.bindings import listed_order
from pipeline.store.decoding import typed_deadline
from pipeline.store.reading import BindingLookup, bound_rows, correction_fields, json_loader, parsed_date
from pipeline.store.rows import ObligationListing
from pipeline.store.sets import among
from pipeline.store.tables import BindingRow, DocumentRow, ObligationRow, VersionRow

# where a duty stands in a list of duties: drafts last, then binding.listed
DutyOrder = tuple[bool, str]

# beyond this many listings from the top, sorting them all once costs less than merging the
# heads of every index range (measured at 100,000 notices: a page at 20,000 is slower merged)
MAX_HEADS = 5000

_LISTED_FIELDS = frozenset(("text", "deadline", "due"))  # what a correction can change of a listing


def duty_order(listing: ObligationListing, draft: bool) -> DutyOrder:
    """Where a listing stands in a list of duties (the order ``ListingsMixin`` pages by)."""
    return draft, listed_order(listing.level, listing.document_key, listing.span, listing.key)


class ListingsMixin:
    engine: Any  # provided by Store
    session: Any
    corrections: Any

    def bound_listings(
        self,
        lookup: BindingLookup,
        *,
        issued_by: date | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[tuple[ObligationListing, str, bool]]:
        """(listing, why it binds, from a draft) of the current obligations a stored binding of
        ``lookup`` names (of documents issued by ``issued_by``, if given), in duty order, from
        ``offset``, at most ``limit`` (None: all). Of an obligation's bindings, the one
        binds() names (the lowest rank)."""
        o, d = ObligationRow, DocumentRow
        columns = (
            o.id,
            o.key,
            d.key,
            VersionRow.number,
            o.text,
            o.start,
            o.end,
            type_coerce(o.deadline, String),
            type_coerce(o.due, String),
            d.title,
            d.doc_number,
            d.level,
            d.region,
            type_coerce(d.issued, String),
            o.clause,
        )
        with self.session() as session:
            connection = session.connection()
            if limit is not None and offset + limit <= MAX_HEADS and lookup.due_window is None:
                chosen = self._page_from_heads(connection, lookup, issued_by, offset, limit)
                where = among(connection.dialect.name, col(o.id), [i for i, _, _ in chosen], ids=True)
                query = select(*columns).where(where)  # type: ignore[call-overload]
                found = {row[0]: row for row in connection.execute(self._joined(query)).all()}
                rows = [(*found[i], draft, rank) for i, draft, rank in chosen if i in found]
            else:
                ranked = self._ranked(lookup, issued_by)
                page = select(ranked).order_by(*self._order(ranked)).offset(offset).limit(limit).subquery()
                query = select(*columns, page.c.draft, page.c.rank).select_from(page)  # type: ignore[call-overload]
                query = query.join(ObligationRow, col(o.id) == page.c.obligation_id)
                rows = connection.execute(self._joined(query).order_by(*self._order(page))).all()
            whys = self._whys(connection, lookup, [(row[0], row[-1]) for row in rows])
        load = json_loader(self.engine.dialect.name)
        corrections = self.corrections([row[1] for row in rows])
        return [
            (_listing(row[1:], load, corrections.get(row[1])), whys[row[0]], bool(row[-2])) for row in rows
        ]

    @staticmethod
    def _joined(query: Any) -> Any:
        """``query`` over obligation rows joined to their document and version."""
        o = ObligationRow
        return query.join(DocumentRow, col(DocumentRow.id) == col(o.document_id)).join(
            VersionRow, col(VersionRow.id) == col(o.version_id)
        )

    def _page_from_heads(
        self, connection: Any, lookup: BindingLookup, issued_by: date | None, offset: int, limit: int
    ) -> list[tuple[int, bool, int]]:
        """(obligation id, draft, lowest rank) of listings ``offset`` to ``offset + limit``.

        The index holds each (term, scope, draft) range in list order, and an obligation has
        one binding per term (pipeline.binding.bases), so the first n obligations of the list
        lie among the first n bindings of each range: those few are read, range by range, and
        merged here (not all 23,000 bindings of a branch at 100k grouped and sorted)."""
        heads = offset + limit
        drafts = (False, True) if lookup.include_drafts else (False,)
        dialect = connection.dialect.name
        sql = _heads_sql(dialect, dated=issued_by is not None)
        # the driver's own cursor: 35-70 small statements through SQLAlchemy's execution path
        # cost more than their SQL (0.5 ms each on PostgreSQL, 0.3 ms on SQLite)
        cursor = connection.connection.cursor()
        found: list[tuple[bool, str, int, int]] = []
        try:
            if dialect == "postgresql":  # every range in one statement
                values = {"terms": list(lookup.terms), "scopes": list(lookup.scopes), "drafts": list(drafts)}
                cursor.execute(sql, {**values, "heads": heads, "issued_by": issued_by})
                found = [(draft, listed, id_, rank) for id_, rank, listed, draft in cursor.fetchall()]
            else:
                # as SQLAlchemy's Date binds it: SQLite stores dates as text
                fixed = {"heads": heads, "issued_by": issued_by.isoformat() if issued_by else None}
                for term, scope, draft in product(lookup.terms, lookup.scopes, drafts):
                    cursor.execute(sql, {**fixed, "term": term, "scope": scope, "draft": draft})
                    found += [(draft, listed, id_, rank) for id_, rank, listed in cursor.fetchall()]
        finally:
            cursor.close()
        found.sort()  # drafts last, then by binding.listed: code point order, as the index's
        lowest: dict[int, tuple[bool, int]] = {}
        for draft, _, id_, rank in found:
            if id_ not in lowest or rank < lowest[id_][1]:
                lowest[id_] = (draft, rank)
        ordered = list(lowest.items())[offset:heads]  # dicts keep the first, sorted, place
        return [(id_, draft, rank) for id_, (draft, rank) in ordered]

    def bound_counts(self, lookup: BindingLookup, *, issued_by: date | None = None) -> tuple[int, int]:
        """How many obligations ``bound_listings`` lists: (of final documents, of drafts)."""
        b = BindingRow
        # distinct ids, not the grouped rows: no sorting of their order text (5x faster at 100k)
        query = self._bound(
            select(col(b.draft), func.count(func.distinct(b.obligation_id))).group_by(col(b.draft)),
            lookup,
            issued_by,
        )
        with self.session() as session:
            counts = {bool(draft): count for draft, count in session.connection().execute(query).all()}
        return counts.get(False, 0), counts.get(True, 0)

    def bound_before(
        self, lookup: BindingLookup, orders: list[DutyOrder], *, issued_by: date | None = None
    ) -> list[int]:
        """For each of ``orders``, how many listings of ``bound_listings`` come before it: where
        a listing the database does not hold (a tracked obligation no longer current) falls."""
        counts = []
        ranked = self._ranked(lookup, issued_by)
        with self.session() as session:
            connection = session.connection()
            for draft, listed in orders:
                before = and_(
                    ranked.c.draft.is_(draft), self._bytewise(ranked.c.listed) < self._bytewise(listed)
                )
                if draft:  # every final document's duty comes before a draft's
                    before = or_(ranked.c.draft.is_(False), before)
                query = select(func.count()).select_from(ranked).where(before)
                counts.append(int(connection.execute(query).scalar_one()))
        return counts

    def _ranked(self, lookup: BindingLookup, issued_by: date | None) -> Any:
        """One row per bound obligation: its id, draft flag, lowest binding rank and place in a
        list."""
        b = BindingRow
        query = select(
            col(b.obligation_id),
            col(b.draft),
            func.min(b.rank).label("rank"),
            func.min(b.listed).label("listed"),
        ).group_by(col(b.obligation_id), col(b.draft))
        return self._bound(query, lookup, issued_by).subquery()

    def _bound(self, query: Any, lookup: BindingLookup, issued_by: date | None) -> Any:
        """``query`` over the bindings ``lookup`` finds (of documents issued by ``issued_by``).
        Bindings are stored for current versions only, so none of an old version is met."""
        query = bound_rows(query, lookup)
        if issued_by is not None:
            d = DocumentRow
            query = query.join(DocumentRow, col(d.id) == col(BindingRow.document_id)).where(
                or_(col(d.issued).is_(None), col(d.issued) <= issued_by)
            )
        return query

    def _order(self, ranked: Any) -> list[Any]:
        return [ranked.c.draft, self._bytewise(ranked.c.listed)]

    def _bytewise(self, value: Any) -> Any:
        """Text compared by code point, as Python compares it (PostgreSQL's default collation
        follows the locale)."""
        if isinstance(value, str):
            value = type_coerce(value, String)
        return collate(value, "C") if self.engine.dialect.name == "postgresql" else value

    def _whys(self, connection: Any, lookup: BindingLookup, wanted: list[tuple[int, int]]) -> dict[int, str]:
        """Why each obligation (id, lowest rank) binds: its first binding of that rank."""
        b = BindingRow
        query = (
            select(col(b.obligation_id), col(b.rank), col(b.why))
            .where(
                among(connection.dialect.name, col(b.obligation_id), [i for i, _ in wanted], ids=True),
                col(b.term).in_(lookup.terms),
                col(b.scope).in_(lookup.scopes),
            )
            .order_by(col(b.id))
        )
        rank_of = dict(wanted)
        whys: dict[int, str] = {}
        for obligation_id, rank, why in connection.execute(query):
            if rank == rank_of.get(obligation_id) and obligation_id not in whys:
                whys[obligation_id] = str(why)
        return whys


def _heads_sql(dialect: str, *, dated: bool) -> str:
    """The first ``heads`` bindings of a (term, scope, draft) range in list order, of documents
    issued by ``issued_by`` if ``dated``. SQLite: one range, run per range. PostgreSQL: every
    range of the given terms, scopes and drafts at once, each read from the index by a LATERAL
    subquery (one round trip, not 70)."""
    if dialect == "postgresql":
        term, scope, draft, issued_by, heads = "t.term", "s.scope", "f.draft", "%(issued_by)s", "%(heads)s"
        order = 'b.listed COLLATE "C"'
    else:
        term, scope, draft, issued_by, heads = ":term", ":scope", ":draft", ":issued_by", ":heads"
        order = "b.listed"
    join = " JOIN document AS d ON d.id = b.document_id" if dated else ""
    issued = f" AND (d.issued IS NULL OR d.issued <= {issued_by})" if dated else ""
    head = (
        f"SELECT b.obligation_id, b.rank, b.listed FROM binding AS b{join}"
        f" WHERE b.term = {term} AND b.scope = {scope} AND b.draft = {draft}{issued}"
        f" ORDER BY {order} LIMIT {heads}"
    )
    if dialect != "postgresql":
        return head
    return (
        "SELECT h.obligation_id, h.rank, h.listed, f.draft"
        " FROM unnest(%(terms)s::text[]) AS t(term)"
        " CROSS JOIN unnest(%(scopes)s::text[]) AS s(scope)"
        " CROSS JOIN unnest(%(drafts)s::boolean[]) AS f(draft)"
        f" CROSS JOIN LATERAL ({head}) AS h"
    )


def _listing(row: Any, load: Any, corrections: dict[str, Any] | None) -> ObligationListing:
    """A listing from the columns of ListingsMixin.bound_listings; unreadable values left empty
    (``Store.obligations`` says why, in the whole record's warnings)."""
    listing = ObligationListing(
        key=row[0],
        document_key=row[1],
        version=row[2],
        text=row[3],
        span=(row[4], row[5]),
        deadline=typed_deadline(row[6], load),
        due=parsed_date(row[7]),
        document_title=row[8],
        doc_number=row[9],
        level=row[10],
        region=row[11],
        issued=parsed_date(row[12]),
        clause=row[13],
    )
    if not corrections:
        return listing
    fields, _ = correction_fields(listing.key, corrections)
    return replace(listing, **{name: value for name, value in fields.items() if name in _LISTED_FIELDS})
