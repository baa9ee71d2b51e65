"""The store on SQLite and PostgreSQL: idempotent saves, versions, lookups, all-or-nothing saves;
the identities it keys on (文号, content, document, obligation).

Most cases build their Extraction by hand (``make_extraction``), so they test the store's contract
and not the extractor; the corpus tests at the end check the two together.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from pipeline.api import extract_file, ingest_paths
from pipeline.errors import NotFound, StoreError
from pipeline.identity import content_hash, doc_number_key, document_key, obligation_key
from pipeline.records import (
    Extraction,
    NoticeMeta,
    SourceFormat,
    Span,
)
from pipeline.store import Store
from pipeline.store.tables import ClauseRow, DocumentRow, ObligationRow, SourceRow, VersionRow
from tests.notice_builder import build_extraction

ROOT = Path(__file__).resolve().parent.parent
PROVINCIAL = ROOT / "corpus" / "001_c1d9d52df0875253.txt"

# --- hand-built extractions ------------------------------------------------------------------

TITLE = "湖南省通信管理局关于做好携号转网服务工作的通知"
NOTICE_LINES = (
    TITLE,
    "湘通局〔2024〕3号",
    "各基础电信企业：",
    "一、工作要求",
    "各基础电信企业要于2024年6月30日前完成携号转网系统改造。",
    "各基础电信企业要于每季度末月15日前报送工作情况。",
    "湖南省通信管理局",
    "2024年3月1日",
)
NOTICE_TEXT = "\n".join(NOTICE_LINES)
META = NoticeMeta(
    title=TITLE,
    titles=(TITLE,),
    issuers=("湖南省通信管理局",),
    doc_number="湘通局〔2024〕3号",
    doc_numbers=("湘通局〔2024〕3号",),
    level="provincial",
    region="湖南省",
    issued=date(2024, 3, 1),
    recipients=("基础电信企业",),
)
# a duty is a body line's sentence with 要
DUTY = re.compile(r"(?m)^(?![一二三四五六七八九十]+、)[^\n。]*要[^。]*。")


def make_extraction(
    path: Path,
    text: str = NOTICE_TEXT,
    *,
    meta: NoticeMeta = META,
    fmt: SourceFormat = "txt",
    page_breaks: tuple[str, ...] = (),
) -> Extraction:
    """An Extraction as the pipeline would make it (tests.notice_builder), one obligation per
    sentence with 要. A PDF copy starts a page before each of ``page_breaks``."""
    duties = [Span(m.start(), m.end()) for m in DUTY.finditer(text)]
    return build_extraction(path, text, meta=meta, duties=duties, fmt=fmt, page_breaks=page_breaks)


def row_counts(store: Store) -> dict[str, int]:
    """Rows of every table: what 'writes nothing' is measured by."""
    with Session(store.engine) as session:
        return {
            table.name: session.exec(select(func.count()).select_from(table)).one()  # type: ignore[call-overload]
            for table in SQLModel.metadata.sorted_tables
        }


def _added(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {name: after[name] - before[name] for name in after if after[name] != before[name]}


# --- saving ----------------------------------------------------------------------------------


def test_saving_the_same_content_again_writes_nothing(store: Store, tmp_path: Path) -> None:
    extraction = make_extraction(tmp_path / "notice.txt")
    first = store.save(extraction)
    assert (first.status, first.version) == ("ingested", 1)
    assert first.document_key == document_key(META, tmp_path / "notice.txt")
    before = row_counts(store)
    assert before["document"] == 1 and before["version"] == 1 and before["obligation"] == 2
    again = store.save(extraction)
    assert (again.status, again.document_key, again.version) == ("unchanged", first.document_key, 1)
    assert row_counts(store) == before


def test_a_pdf_copy_of_the_text_shares_the_version_and_adds_its_source(store: Store, tmp_path: Path) -> None:
    store.save(make_extraction(tmp_path / "notice.txt"))
    before = row_counts(store)
    # the PDF copy breaks one line in two and spreads the text over two pages
    reflowed = NOTICE_TEXT.replace("完成携号转网", "完成\n携号转网")
    pdf = make_extraction(
        tmp_path / "notice.pdf", reflowed, fmt="pdf", page_breaks=("湖南省通信管理局\n2024",)
    )
    outcome = store.save(pdf)
    assert (outcome.status, outcome.version) == ("unchanged", 1)
    assert _added(before, row_counts(store)) == {"source": 1}
    with Session(store.engine) as session:
        sources = {Path(s.path).suffix: s for s in session.exec(select(SourceRow)).all()}
    assert sources[".txt"].version_id == sources[".pdf"].version_id
    assert (sources[".txt"].pages, sources[".txt"].page_starts_nows) == (None, [])
    signature = "".join(NOTICE_TEXT.split()).index("湖南省通信管理局2024")
    assert (sources[".pdf"].pages, sources[".pdf"].page_starts_nows) == (2, [0, signature])
    assert [v.sources for v in store.versions(outcome.document_key)] == [
        [str((tmp_path / "notice.txt").resolve()), str((tmp_path / "notice.pdf").resolve())]
    ]


def test_changed_content_is_a_new_version_and_the_old_one_stays(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    v1 = make_extraction(path)
    store.save(v1)
    added = "各基础电信企业要于2024年9月30日前完成整改。"
    v2 = make_extraction(
        path, NOTICE_TEXT.replace("湖南省通信管理局\n2024", added + "\n湖南省通信管理局\n2024")
    )
    outcome = store.save(v2)
    assert (outcome.status, outcome.version) == ("new_version", 2)
    assert [(v.number, v.obligations) for v in store.versions(outcome.document_key)] == [(1, 2), (2, 3)]
    current = store.obligations(outcome.document_key)
    assert [o.version for o in current] == [2, 2, 2]
    assert [o.text for o in current][-1] == added
    # a duty whose text did not change keeps its key: tracking follows it across versions
    assert {o.id for o in v1.obligations} < {o.key for o in current}
    assert store.document(outcome.document_key).version_count == 2
    with Session(store.engine) as session:
        document = session.exec(select(DocumentRow)).one()
        latest = session.exec(select(VersionRow).where(VersionRow.number == 2)).one()
        assert document.current_version_id == latest.id
        assert session.exec(select(func.count()).select_from(ObligationRow)).one() == 5  # type: ignore[call-overload]
    assert store.save(v2).status == "unchanged"


def test_an_edit_undone_is_a_new_version_but_an_old_copy_beside_the_new_is_unchanged(
    store: Store, tmp_path: Path
) -> None:
    edited = NOTICE_TEXT.replace("报送", "按时报送")
    old_copy, path = tmp_path / "old.txt", tmp_path / "notice.txt"
    assert store.save(make_extraction(old_copy)).status == "ingested"
    assert store.save(make_extraction(path, edited)).status == "new_version"
    for _ in range(2):  # a folder holding both copies, ingested again and again
        assert store.save(make_extraction(old_copy)).status == "unchanged"
        assert store.save(make_extraction(path, edited)).status == "unchanged"
    key = store.save(make_extraction(old_copy)).document_key
    assert {o.text for o in store.obligations(key)} >= {
        "各基础电信企业要于每季度末月15日前按时报送工作情况。"
    }
    undone = store.save(make_extraction(path))  # notice.txt edited back to the first text
    assert (undone.status, undone.version) == ("new_version", 3)
    assert store.save(make_extraction(path)).status == "unchanged"
    assert [o.key for o in store.obligations(key)] == [o.id for o in make_extraction(path).obligations]


@pytest.mark.parametrize("stage", ["first save", "new version"])
def test_a_failure_after_the_clauses_are_written_rolls_back_the_whole_document(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    path = tmp_path / "notice.txt"
    if stage == "new version":
        store.save(make_extraction(path))
    before = row_counts(store)
    write_clauses = Store._add_clauses

    def clauses_then_failure(self: Store, session: Session, *args: object) -> None:
        write_clauses(self, session, *args)  # type: ignore[arg-type]
        session.flush()  # the clause rows are in the database, inside the transaction
        assert session.exec(select(func.count()).select_from(ClauseRow)).one() > before["clause"]  # type: ignore[call-overload]
        raise RuntimeError("disk full after the clauses")

    monkeypatch.setattr(Store, "_add_clauses", clauses_then_failure)
    changed = make_extraction(path, NOTICE_TEXT.replace("报送", "按时报送"))
    with pytest.raises(RuntimeError, match="disk full"):
        store.save(changed)
    assert row_counts(store) == before
    monkeypatch.undo()
    assert store.save(changed).status == ("ingested" if stage == "first save" else "new_version")


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ref",
    [
        "KEY",
        "湘通局〔2024〕3号",
        "湘通局[2024]3号",
        "湘通局（２０２４） 3 号",
        "湘通局【2024】第3号",
        "携号转网服务工作",
        "做好 携号转网",
        "PATH",
    ],
)
def test_a_document_is_found_by_key_number_title_words_or_path(
    store: Store, tmp_path: Path, ref: str
) -> None:
    path = tmp_path / "notice.txt"
    key = store.save(make_extraction(path)).document_key
    ref = {"KEY": key, "PATH": str(path)}.get(ref, ref)
    detail = store.document(ref)
    assert (detail.key, detail.doc_number, detail.title) == (key, META.doc_number, TITLE)
    assert (detail.level, detail.region, detail.issued) == ("provincial", "湖南省", date(2024, 3, 1))
    assert (detail.issuers, detail.recipients, detail.obligations) == (
        ["湖南省通信管理局"],
        ["基础电信企业"],
        2,
    )


@pytest.mark.parametrize("ref", ["no such notice", "湘通局〔2024〕4号", "通知"])
def test_an_unknown_or_ambiguous_reference_is_not_found(store: Store, tmp_path: Path, ref: str) -> None:
    store.save(make_extraction(tmp_path / "a.txt"))
    other = NoticeMeta(title="湖南省通信管理局关于开展网络安全检查的通知", issuers=("湖南省通信管理局",))
    store.save(make_extraction(tmp_path / "b.txt", NOTICE_TEXT.replace(TITLE, other.title or ""), meta=other))
    with pytest.raises(NotFound):
        store.document(ref)  # "通知" matches both titles: ambiguous


def test_documents_and_obligations_are_typed_read_records(store: Store, tmp_path: Path) -> None:
    first = store.save(make_extraction(tmp_path / "a.txt")).document_key
    other = NoticeMeta(title="关于开展网络安全检查的通知", issuers=("湖南省通信管理局",), level="provincial")
    second = store.save(make_extraction(tmp_path / "b.txt", meta=other)).document_key
    summaries = {d.key: d for d in store.documents()}
    assert set(summaries) == {first, second}
    assert (summaries[first].doc_number, summaries[second].doc_number) == (META.doc_number, None)
    assert all((d.obligations, d.version_count) == (2, 1) for d in summaries.values())
    everything = store.obligations()
    assert sorted({o.document_key for o in everything}) == sorted([first, second])
    one = store.obligations(first)
    assert [o.due for o in one] == [date(2024, 6, 30), None]
    assert one[0].deadline is not None and one[0].deadline.date == date(2024, 6, 30)
    assert (one[0].actors, one[0].modality, one[0].page) == (["基础电信企业"], "must", None)
    assert one[0].span == (NOTICE_TEXT.index("各基础电信企业要于2024"), NOTICE_TEXT.index("改造。") + 3)


# --- failures of the database ----------------------------------------------------------------


def test_a_sqlite_folder_that_cannot_be_made_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot open the store"):
        Store.open(f"sqlite:///{blocker / 'sub' / 'dutymap.db'}")


def test_a_sqlite_parent_folder_is_created(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'a' / 'b' / 'dutymap.db'}")
    store.engine.dispose()
    assert (tmp_path / "a" / "b" / "dutymap.db").exists()


def test_ingest_is_idempotent(store: Store, tmp_path: Path) -> None:
    first = ingest_paths([ROOT / "corpus"], store=store, output_dir=tmp_path / "out")
    assert first.count("failed") == 0
    assert first.count("ingested") >= 5
    again = ingest_paths([ROOT / "corpus"], store=store, output_dir=tmp_path / "out")
    assert again.count("ingested") == 0 and again.count("new_version") == 0
    assert again.count("unchanged") == len(again.outcomes)
    assert all(d.version_count == 1 for d in store.documents())


def test_changed_file_becomes_a_new_version_and_the_old_one_stays(store: Store, tmp_path: Path) -> None:
    copy = tmp_path / "notice.txt"
    shutil.copy(PROVINCIAL, copy)
    assert store.save(extract_file(copy)).status == "ingested"
    before = len(store.obligations("湘通局信管〔2019〕8号"))
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("四、工作要求", "四、工作要求\n各企业要于5月底前完成整改。"),
        encoding="utf-8",
    )
    outcome = store.save(extract_file(copy))
    assert outcome.status == "new_version" and outcome.version == 2
    versions = store.versions("湘通局信管〔2019〕8号")
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].obligations == before
    assert len(store.obligations("湘通局信管〔2019〕8号")) == before + 1  # current version only


@pytest.mark.parametrize(
    "ref",
    [
        "湘通局信管〔2019〕8号",
        "湘通局信管[2019]8号",
        "湘通局信管（2019） 8 号",
        "行风建设暨纠风工作实施方案》的通知",
    ],
)
def test_document_lookup_by_any_form(store: Store, ref: str) -> None:
    store.save(extract_file(PROVINCIAL))
    detail = store.document(ref)
    assert detail.doc_number == "湘通局信管〔2019〕8号"
    assert detail.level == "provincial" and detail.region == "湖南省"


def test_unknown_document_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.document("no such notice")


def test_a_failure_inside_a_save_leaves_nothing_behind(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    extraction = extract_file(PROVINCIAL)

    def explode(*_args: object) -> None:
        raise RuntimeError("disk full while writing obligations")

    monkeypatch.setattr(Store, "_add_obligations", lambda self, *a: explode())
    with pytest.raises(RuntimeError):
        store.save(extraction)
    assert store.documents() == []
    monkeypatch.undo()
    assert store.save(extraction).status == "ingested"


def test_bad_files_fail_alone(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(PROVINCIAL, folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    report = ingest_paths([folder], store=store)
    statuses = {o.path.name: o.status for o in report.outcomes}
    assert statuses == {"good.txt": "ingested", "empty.txt": "failed", "binary.txt": "failed"}
    assert all(str(o.path) in (o.error or "") for o in report.failed)
    assert len(store.documents()) == 1


def test_unreachable_database_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        Store.open("postgresql://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 2})


# --- identities ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("工信管函[2022]1445 号", "工信管函〔2022〕1445号"),
        ("粤通业（２０２３）３１号", "粤通业〔2023〕31号"),
        ("粤通业【2023】31号", "粤通业〔2023〕31号"),
        ("国办发(2020)2号", "国办发〔2020〕2号"),
        ("工信部〖2021〗 7号", "工信部〔2021〕7号"),
        ("工信部信管函［２０２１］７号", "工信部信管函〔2021〕7号"),
        ("湘通局信管﹝2019﹞8号", "湘通局信管〔2019〕8号"),
        ("湘通局信管〔2019〕第8号", "湘通局信管〔2019〕8号"),
        ("工信部\u3000联通信〔2020〕\n12号", "工信部联通信〔2020〕12号"),
    ],
)
def test_doc_number_key_ignores_brackets_width_and_spaces(a: str, b: str) -> None:
    assert doc_number_key(a) == doc_number_key(b) == b.replace("第", "")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("湘通局〔2019〕8号", "湘通局〔2019〕18号"),
        ("湘通局〔2019〕8号", "湘通局〔2018〕8号"),
        ("湘通局〔2019〕8号", "粤通局〔2019〕8号"),
    ],
)
def test_doc_number_key_keeps_what_tells_numbers_apart(a: str, b: str) -> None:
    assert doc_number_key(a) != doc_number_key(b)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("各企业要完成整改。", "各企业要\n完成整改。", True),
        ("各企业要完成整改。", " 各企业要完成整改。\u3000\r\n", True),
        ("各企业要完成整改。", "各企业要完成整改", False),
        ("各企业要完成整改。", "各企业应完成整改。", False),
    ],
)
def test_content_hash_is_blind_to_white_space_only(a: str, b: str, same: bool) -> None:
    assert (content_hash(a) == content_hash(b)) is same
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash(a))


NO_NUMBER = NoticeMeta(title="关于开展网络安全检查的通知", issuers=("湖南省通信管理局", "湖南省公安厅"))


@pytest.mark.parametrize(
    ("a", "path_a", "b", "path_b", "same"),
    [
        (META, "x/a.txt", META, "y/b.pdf", True),  # the 文号 decides, not the file
        (META, "a.txt", NoticeMeta(title="别的标题", doc_number="湘通局[2024]3 号"), "b.txt", True),
        (META, "a.txt", NoticeMeta(title=TITLE, doc_number="湘通局〔2024〕4号"), "a.txt", False),
        (
            NO_NUMBER,
            "a.txt",
            NoticeMeta(title="关于开展网络 安全检查的通知", issuers=("湖南省通信管理局",)),
            "b.txt",
            True,
        ),
        (
            NO_NUMBER,
            "a.txt",
            NoticeMeta(title=NO_NUMBER.title, issuers=("广东省通信管理局",)),
            "a.txt",
            False,
        ),
        (NoticeMeta(title=None), "x/notice.txt", NoticeMeta(title=None), "y/notice.pdf", True),
        (NoticeMeta(title=None), "a.txt", NoticeMeta(title=None), "b.txt", False),
    ],
)
def test_document_key_from_number_else_issuer_and_title_else_file_stem(
    a: NoticeMeta, path_a: str, b: NoticeMeta, path_b: str, same: bool
) -> None:
    key_a, key_b = document_key(a, Path(path_a)), document_key(b, Path(path_b))
    assert (key_a == key_b) is same
    assert re.fullmatch(r"d-[0-9a-f]{12}", key_a) and re.fullmatch(r"d-[0-9a-f]{12}", key_b)


def test_obligation_keys_are_stable_and_repeats_get_a_suffix() -> None:
    seen: set[str] = set()
    keys = [obligation_key("d-1", text, seen) for text in ["甲要做。", "乙要做。", "甲要\n做。", "甲要做。"]]
    assert keys[1] != keys[0] and keys[2] == keys[0] + "-2" and keys[3] == keys[0] + "-3"
    assert seen == set(keys)
    assert obligation_key("d-1", "甲要做。", set()) == keys[0]  # the same text in a later version
    assert obligation_key("d-2", "甲要做。", set()) != keys[0]


# --- invariants ------------------------------------------------------------------------------

WHITE = st.sampled_from([" ", "\n", "\t", "\u3000", "\r\n", "\u00a0"])
BRACKETS = st.sampled_from(["〔〕", "[]", "【】", "()", "（）", "〖〗", "［］"])


@given(st.text(min_size=1, max_size=60), st.data())
def test_white_space_anywhere_leaves_the_content_hash(text: str, data: st.DataObject) -> None:
    spaced = "".join(ch + data.draw(st.one_of(st.just(""), WHITE)) for ch in text)
    assert content_hash(spaced) == content_hash(text)


@given(
    st.sampled_from(["工信部信管", "湘通局", "粤通业", "国办发", "工信部联通信"]),
    st.integers(1990, 2099),
    st.integers(1, 9999),
    BRACKETS,
    st.booleans(),
    st.lists(st.tuples(st.integers(0, 20), WHITE), max_size=3),
)
def test_doc_number_key_is_one_key_for_every_printed_form(
    code: str, year: int, serial: int, brackets: str, wide: bool, spaces: list[tuple[int, str]]
) -> None:
    canonical = f"{code}〔{year}〕{serial}号"
    digits = f"{year}" if not wide else "".join(chr(ord(c) + 0xFEE0) for c in str(year))
    printed = f"{code}{brackets[0]}{digits}{brackets[1]}{serial}号"
    for position, space in spaces:
        printed = printed[:position] + space + printed[position:]
    assert doc_number_key(printed) == doc_number_key(canonical) == canonical
    assert doc_number_key(doc_number_key(printed)) == doc_number_key(printed)


@given(st.lists(st.sampled_from(["甲要做。", "乙要做。", "丙应当做。", "甲 要做。"]), max_size=12))
def test_obligation_keys_never_collide_within_a_document(texts: list[str]) -> None:
    seen: set[str] = set()
    keys = [obligation_key("d-abc", text, seen) for text in texts]
    assert len(set(keys)) == len(keys)
    assert all(key.startswith("d-abc-") for key in keys)
