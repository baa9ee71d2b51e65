"""The organisation registry's rows in the store (loaded from the data file, editable there)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import select

from pipeline.orgs import Organisation
from pipeline.store.bindings import current_registry
from pipeline.store.locking import SAVE_LOCK
from pipeline.store.tables import DocumentRow, OrganisationRow


class OrganisationsMixin:
    def session(self) -> Any:  # provided by Store
        raise NotImplementedError

    def writing(self, *, lock: int | None = None) -> Any:  # provided by Store
        raise NotImplementedError

    def load_organisations(self, organisations: Iterable[Organisation]) -> int:
        """Insert or update by name; returns how many rows changed."""
        changed = 0
        # with the saves' lock: a rebuild of the bindings never interleaves with a document's save
        with self.writing(lock=SAVE_LOCK) as session:
            existing = {row.name: row for row in session.exec(select(OrganisationRow)).all()}
            for org in organisations:
                row = existing.get(org.name) or OrganisationRow(name=org.name, kind=org.kind)
                values = {
                    "kind": org.kind,
                    "grp": org.group,
                    "level": org.level,
                    "region": org.region,
                    "aliases": list(org.aliases),
                    "parent": org.parent,
                }
                if org.name in existing and all(getattr(row, k) == v for k, v in values.items()):
                    continue
                for name, value in values.items():
                    setattr(row, name, value)
                session.add(row)
                changed += 1
            if changed:  # whom the stored obligations bind may have changed with the registry
                session.flush()
                current_registry(session.connection())
        return changed

    def organisations(self) -> list[Organisation]:
        with self.session() as session:
            return [
                Organisation(r.name, r.kind, r.grp, r.level or "", r.region or "", tuple(r.aliases), r.parent)
                for r in session.exec(select(OrganisationRow).order_by(OrganisationRow.name)).all()
            ]

    def named_parties(self) -> list[tuple[str, str]]:
        """(name, document key) of every recipient and issuer named by the stored documents."""
        with self.session() as session:
            rows = session.exec(select(DocumentRow.key, DocumentRow.recipients, DocumentRow.issuers)).all()
            return [(name, key) for key, recipients, issuers in rows for name in [*recipients, *issuers]]
