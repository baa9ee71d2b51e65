"""Pages over documents: the catalogue with search and upload, one document with its text
highlighted, one obligation with its fields, statuses and history, a document's source file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from pipeline import catalogue as catalogues
from pipeline.errors import NotFound
from pipeline.lang.zh.tracking import SETTABLE, STATUS_LABELS
from pipeline.store.texts import pages_in
from pipeline.web.app import render, workspace
from pipeline.web.highlight import FIELD_LABELS, cut, field_marks
from pipeline.web.security import AccessDenied
from pipeline.web.uploads import MAX_FILE_BYTES, MAX_FILES, UploadOutcome, ingest_upload
from pipeline.web.views import LEVEL_LABELS

router = APIRouter()
PAGE_SIZE = 200
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
    "html": "text/plain; charset=utf-8",
}


@router.get("/")
def home() -> Response:
    return RedirectResponse("/documents", status_code=303)


def _year(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def _documents_page(
    request: Request, outcomes: list[UploadOutcome] | None = None, status_code: int = 200
) -> HTMLResponse:
    web = workspace(request)
    params = request.query_params
    wanted = catalogues.DocumentFilter(
        level=params.get("level") or None,
        region=params.get("region") or None,
        issuer=params.get("issuer") or None,
        year=_year(params.get("year")),
        topic=params.get("topic") or None,
    )
    found = catalogues.catalogue(web.store, wanted)
    words = (params.get("q") or "").strip()
    hits = web.store.search(words, level=wanted.level, region=wanted.region, limit=100) if words else []
    page = max(1, _year(params.get("page")) or 1)
    shown = found.entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return render(
        request,
        "documents.html",
        status_code=status_code,
        found=found,
        shown=shown,
        page=page,
        pages=max(1, -(-len(found.entries) // PAGE_SIZE)),
        wanted=wanted,
        words=words,
        hits=hits,
        outcomes=outcomes,
        max_files=MAX_FILES,
        level_labels=LEVEL_LABELS,
    )


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request) -> HTMLResponse:
    return _documents_page(request)


@router.post("/documents/upload", response_class=HTMLResponse)
async def upload(
    request: Request,
    files: Annotated[list[UploadFile], File()],
    csrf: Annotated[str, Form()] = "",
) -> HTMLResponse:
    web = workspace(request)
    web.guard.require_writer(request, csrf)
    if len(files) > MAX_FILES:
        raise AccessDenied(f"at most {MAX_FILES} files at once", status=413)
    outcomes = []
    for upload_file in files:
        data = await upload_file.read(MAX_FILE_BYTES + 1)  # one byte more tells it is too large
        outcomes.append(
            ingest_upload(upload_file.filename or "", data, store=web.store, data_dir=web.data_dir)
        )
    refused = bool(outcomes) and all(o.status in ("failed", "refused") for o in outcomes)
    return _documents_page(request, outcomes, status_code=422 if refused else 200)


@router.get("/documents/{ref}", response_class=HTMLResponse)
def document(request: Request, ref: str) -> HTMLResponse:
    store = workspace(request).store
    detail = store.document(ref)
    text = store.document_text(detail.key)
    obligations = store.obligations(detail.key)
    evidence = store.field_evidence(detail.key)
    marks = {o.key: field_marks(o, evidence.get(o.key)) for o in obligations}
    runs = cut(
        text.text,
        obligations,
        [m for found in marks.values() for m in found],
        [(c.index, c.span[0]) for c in text.clauses if c.depth > 0 or c.kind == "heading"],
    )
    tracking: dict[str, list] = {}
    for record in store.document_tracking(detail.key):
        tracking.setdefault(record.obligation_key, []).append(record)
    pdf = next((i for i, s in enumerate(text.sources) if s.format == "pdf"), None)
    # the page in the PDF copy, whichever copy was read first
    pages = pages_in(text.text, text.sources[pdf], [o.span[0] for o in obligations]) if pdf is not None else {}
    return render(
        request,
        "document.html",
        detail=detail,
        text=text,
        runs=runs,
        obligations=obligations,
        marks=marks,
        links=store.document_links(detail.key),
        tracking=tracking,
        pdf_source=pdf,
        pdf_pages={o.key: pages.get(o.span[0]) for o in obligations},
        field_labels=FIELD_LABELS,
        status_labels=STATUS_LABELS,
    )


@router.get("/documents/{ref}/source/{index}")
def source(request: Request, ref: str, index: int) -> Response:
    """A stored source file of the current version, inline (a PDF opens at #page=N)."""
    store = workspace(request).store
    sources = store.document_text(ref).sources
    if not 0 <= index < len(sources) or not Path(sources[index].path).is_file():
        raise NotFound(f"document {ref!r} has no source file {index} on this machine")
    chosen = sources[index]
    return FileResponse(
        chosen.path,
        media_type=MEDIA_TYPES.get(chosen.format, "application/octet-stream"),
        content_disposition_type="inline",
        filename=f"{ref}.{chosen.format}",
    )


@router.get("/obligations/{key}", response_class=HTMLResponse)
def obligation(request: Request, key: str) -> HTMLResponse:
    store = workspace(request).store
    key, document_key = store.resolve_obligation(key)
    found = next((o for o in store.obligations(document_key) if o.key == key), None)
    evidence = store.field_evidence(document_key).get(key)
    return render(
        request,
        "obligation.html",
        key=key,
        document_key=document_key,
        obligation=found,
        marks=field_marks(found, evidence) if found else [],
        records=store.tracking(obligation_key=key),
        history=store.history(key),
        field_labels=FIELD_LABELS,
        status_labels=STATUS_LABELS,
        settable=SETTABLE,
        organisation=request.query_params.get("org", ""),
    )


@router.get("/obligations/{key}/history", response_class=HTMLResponse)
def history_fragment(request: Request, key: str) -> HTMLResponse:
    store = workspace(request).store
    key, _ = store.resolve_obligation(key)
    return render(request, "history_fragment.html", history=store.history(key), status_labels=STATUS_LABELS)
