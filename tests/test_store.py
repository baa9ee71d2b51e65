"""The store on SQLite and PostgreSQL: idempotent ingest, versions, lookups, all-or-nothing saves."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.api import extract_file, ingest_paths
from pipeline.errors import NotFound, StoreError
from pipeline.identity import doc_number_key
from pipeline.store import Store

ROOT = Path(__file__).resolve().parent.parent
PROVINCIAL = ROOT / "corpus" / "001_c1d9d52df0875253.txt"


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
        Store.open("postgresql+psycopg://nobody@127.0.0.1:1/none", connect_args={"connect_timeout": 2})


@pytest.mark.parametrize(
    ("a", "b"),
    [("工信管函[2022]1445 号", "工信管函〔2022〕1445号"), ("粤通业【2023】31号", "粤通业（２０２３）３１号")],
)
def test_doc_number_key_ignores_brackets_width_and_spaces(a: str, b: str) -> None:
    assert doc_number_key(a) == doc_number_key(b)
