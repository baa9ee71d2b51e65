"""Writes through the web: uploads checked by content and ingested as the CLI ingests, status
changes that need the token (header or login cookie plus CSRF) and land in the CLI's history,
hostile text shown as text, reads that need the token off loopback."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from typer.testing import CliRunner

from pipeline.cli import app as cli
from pipeline.store import Store
from pipeline.tracking import track
from pipeline.web.security import check_binding
from pipeline.web.uploads import MAX_FILE_BYTES, sniff
from tests.web.conftest import AUTH, HUNAN, NATIONAL, TOKEN, csrf_of, log_in, make_client

BRANCH = "中国移动湖南公司"
SHORT = Path(__file__).resolve().parents[1] / "data" / "notices" / "municipal_letter_short.txt"


def uploaded_files(data_dir: Path) -> list[Path]:
    return sorted(p for p in (data_dir / "uploads").rglob("*") if p.is_file()) if data_dir.exists() else []


def hunan_key(store: Store) -> str:
    return next(o.key for o in store.obligations() if "于4月15日前将本企业" in o.text)


# --- uploads ---------------------------------------------------------------------------


def test_upload_ingests_like_the_cli_and_stores_under_a_generated_name(
    client: TestClient, filled: Store, tmp_path: Path
) -> None:
    before = {d.key for d in filled.documents()}
    answer = client.post(
        "/documents/upload",
        headers=AUTH,
        files=[
            ("files", ("../../etc/passwd.txt", SHORT.read_bytes(), "text/plain")),
            ("files", ("again.txt", NATIONAL.read_bytes(), "text/plain")),
        ],
    )
    assert answer.status_code == 200
    rows = HTMLParser(answer.text).css("#upload-outcomes tbody tr")
    assert [row.attributes["class"] for row in rows] == ["outcome-ingested", "outcome-unchanged"]
    assert rows[0].css_first("td").text() == "passwd.txt"  # the client's name, shown only
    added = {d.key for d in filled.documents()} - before
    assert len(added) == 1
    stored = uploaded_files(tmp_path / "data")
    assert len(stored) == 2 and all(p.suffix == ".txt" and len(p.stem) == 32 for p in stored)
    sources = filled.document_text(added.pop()).sources
    assert Path(sources[0].path).parent.parent == tmp_path / "data" / "uploads"


@pytest.mark.parametrize(
    ("name", "data", "status"),
    [
        ("notice.pdf", b"\x00\x01\x02binary" * 50, "refused"),  # a name that lies
        ("notice.txt", b"", "refused"),
        ("notice.docx", b"PK\x03\x04 not really a zip", "refused"),
        ("scan.pdf", b"%PDF-1.4\n% truncated, no objects\n", "failed"),  # sniffed, then the reader refuses
    ],
)
def test_bad_upload_is_reported_and_leaves_nothing(
    client: TestClient, filled: Store, tmp_path: Path, name: str, data: bytes, status: str
) -> None:
    before = filled.documents()
    answer = client.post(
        "/documents/upload", headers=AUTH, files=[("files", (name, data, "application/pdf"))]
    )
    assert answer.status_code == 422
    (row,) = HTMLParser(answer.text).css("#upload-outcomes tbody tr")
    assert row.attributes["class"] == f"outcome-{status}"
    assert name in row.css_first(".error").text() and str(tmp_path) not in answer.text
    assert filled.documents() == before
    assert uploaded_files(tmp_path / "data") == []


def test_upload_over_the_size_limit_is_refused(client: TestClient, filled: Store, tmp_path: Path) -> None:
    big = b"\xe9\x80\x9a\xe7\x9f\xa5" * (MAX_FILE_BYTES // 6 + 2)  # 通知… as UTF-8, over the limit
    answer = client.post("/documents/upload", headers=AUTH, files=[("files", ("big.txt", big, "text/plain"))])
    assert answer.status_code == 422
    assert "larger than" in answer.text
    assert uploaded_files(tmp_path / "data") == []


def test_request_body_over_the_limit_is_413(client: TestClient) -> None:
    answer = client.post(
        "/documents/upload", headers={**AUTH, "content-length": str(1 << 30)}, content=b"x" * 10
    )
    assert answer.status_code == 413


def test_upload_needs_the_token(client: TestClient, filled: Store, tmp_path: Path) -> None:
    before = filled.documents()
    answer = client.post("/documents/upload", files=[("files", ("a.txt", SHORT.read_bytes(), "text/plain"))])
    assert answer.status_code == 401
    wrong = client.post(
        "/documents/upload",
        headers={"Authorization": "Bearer nope"},
        files=[("files", ("a.txt", SHORT.read_bytes(), "text/plain"))],
    )
    assert wrong.status_code == 401
    assert filled.documents() == before and uploaded_files(tmp_path / "data") == []


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        ("湖南省通信管理局关于…的通知".encode(), "txt"),
        ("湖南省通信管理局关于…的通知".encode("gb18030"), "txt"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", None),
        (b"MZ\x90\x00\x03\x00\x00\x00", None),
        (b"   \n\t", None),
    ],
)
def test_sniff_decides_by_content(data: bytes, kind: str | None) -> None:
    assert sniff(data) == kind


def test_sniff_reads_docx_from_its_zip() -> None:
    import io

    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("关于做好有关工作的通知")
    document.save(buffer)
    assert sniff(buffer.getvalue()) == "docx"


# --- status ----------------------------------------------------------------------------


def test_status_without_token_is_refused_and_writes_nothing(client: TestClient, filled: Store) -> None:
    key = hunan_key(filled)
    answer = client.post("/status", data={"obligation": key, "organisation": BRANCH, "status": "done"})
    assert answer.status_code == 401
    assert track.history(filled, key) == []


def test_status_with_header_token_lands_in_the_cli_history(client: TestClient, filled: Store) -> None:
    key = hunan_key(filled)
    answer = client.post(
        "/status",
        headers={**AUTH, "X-Dutymap-User": "lisi", "Accept": "application/json"},
        data={
            "obligation": key,
            "organisation": BRANCH,
            "status": "已完成",
            "owner": "张三",
            "evidence": "reports/plan.pdf",
            "evidence_note": "工作方案",
        },
    )
    assert answer.status_code == 200 and answer.json()["status"] == "done"
    entries = track.history(filled, key)
    assert [(e.field, e.new, e.who) for e in entries] == [
        ("status", "done", "web:lisi"),
        ("owner", "张三", "web:lisi"),
        ("evidence", "reports/plan.pdf 工作方案", "web:lisi"),
    ]
    if filled.engine.dialect.name == "sqlite":  # the CLI reads the same history (its --db is a file)
        result = CliRunner().invoke(cli, ["history", key, "--db", str(filled.engine.url.database)])
        assert result.exit_code == 0 and "web:lisi" in result.output


def test_cookie_login_needs_csrf_on_every_form(client: TestClient, filled: Store) -> None:
    key = hunan_key(filled)
    csrf = log_in(client, who="王工")
    missing = client.post("/status", data={"obligation": key, "organisation": BRANCH, "status": "done"})
    assert missing.status_code == 403
    forged = client.post(
        "/status", data={"obligation": key, "organisation": BRANCH, "status": "done", "csrf": "x" * 32}
    )
    assert forged.status_code == 403
    assert track.history(filled, key) == []
    good = client.post(
        "/status",
        data={
            "obligation": key,
            "organisation": BRANCH,
            "status": "done",
            "csrf": csrf,
            "back": "/enterprise",
        },
    )
    assert good.status_code == 303 and good.headers["location"] == "/enterprise"
    assert [(e.field, e.new, e.who) for e in track.history(filled, key)] == [("status", "done", "web:王工")]


def test_login_refuses_a_wrong_token_and_a_missing_csrf(client: TestClient) -> None:
    csrf = csrf_of(client, "/login")
    assert client.post("/login", data={"token": "wrong", "csrf": csrf}).status_code == 401
    assert client.post("/login", data={"token": TOKEN}).status_code == 403
    assert "dutymap_session" not in client.cookies


def test_status_rules_of_the_library_answer_as_errors(client: TestClient, filled: Store) -> None:
    key = hunan_key(filled)
    answer = client.post(
        "/status",
        headers={**AUTH, "Accept": "application/json"},
        data={"obligation": key, "organisation": BRANCH, "status": "not_applicable"},
    )
    assert answer.status_code == 400 and "reason" in answer.json()["error"]
    assert track.history(filled, key) == []


# --- escaping --------------------------------------------------------------------------

HOSTILE = """<script>alert('x')</script>关于做好<b>测试</b>工作的通知
湘通管〔2024〕99号
各基础电信企业：
一、工作要求
（一）基础电信企业要于2024年6月30日前完成<script>alert(1)</script>专项自查，并将<img src=x onerror=alert(2)>报告报送我局。
湖南省通信管理局
2024年3月1日
"""


def test_hostile_text_is_shown_as_text(client: TestClient, filled: Store, tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    answer = client.post(
        "/documents/upload",
        headers=AUTH,
        files=[("files", ("<img src=y onerror=alert(9)>.txt", path.read_bytes(), "text/plain"))],
    )
    assert answer.status_code == 200
    assert "<img src=y" not in answer.text and "&lt;img src=y onerror=alert(9)&gt;.txt" in answer.text
    key = next(d.key for d in filled.documents() if d.doc_number == "湘通管〔2024〕99号")
    pages = [
        client.get(f"/documents/{key}").text,
        client.get("/documents").text,
        client.get("/documents", params={"q": "专项自查"}).text,
        client.get("/enterprise", params={"name": "<script>alert(3)</script>"}).text,
        client.get("/due", params={"enterprise": "<script>alert(4)</script>"}).text,
    ]
    for html in pages:
        tree = HTMLParser(html)
        scripts = [node.attributes.get("src") for node in tree.css("script")]
        assert all(src and src.startswith("/static/") for src in scripts), scripts
        assert not tree.css("img, b")  # no element from the document's text
        assert not [name for node in tree.css("*") for name in node.attributes if name.startswith("on")]
    document_text = HTMLParser(pages[0]).css_first("pre.text").text()
    stored = filled.document_text(key).text
    assert document_text == stored and "<script>" in stored and "<img src=x" in stored  # shown as characters
    obligation = next(o.key for o in filled.obligations(key) if "专项自查" in o.text)
    client.post(
        "/status",
        headers=AUTH,
        data={"obligation": obligation, "organisation": BRANCH, "note": "<script>alert(5)</script>"},
    )
    history = client.get(f"/obligations/{obligation}").text
    assert "&lt;script&gt;alert(5)" in history and "<script>alert(5)" not in history


# --- reading off loopback, binding ----------------------------------------------------


def test_reads_need_the_token_when_not_on_loopback(filled: Store, tmp_path: Path) -> None:
    with make_client(filled, tmp_path, read_needs_login=True) as client:
        answer = client.get("/documents")
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login")
        assert client.get("/documents", headers=AUTH).status_code == 200
        log_in(client)
        assert client.get("/documents").status_code == 200


def test_foreign_host_names_are_refused(filled: Store, tmp_path: Path) -> None:
    with make_client(filled, tmp_path, allowed_hosts=["127.0.0.1", "localhost"]) as client:
        assert client.get("/documents").status_code == 200
        assert client.get("/documents", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.parametrize(
    ("host", "token", "refused"),
    [
        ("127.0.0.1", None, False),
        ("localhost", None, False),
        ("::1", None, False),
        ("0.0.0.0", None, True),
        ("192.168.1.5", None, True),
        ("0.0.0.0", "chosen", False),
    ],
)
def test_binding_beyond_loopback_needs_a_token(host: str, token: str | None, refused: bool) -> None:
    from pipeline.errors import DutymapError

    if refused:
        with pytest.raises(DutymapError, match="DUTYMAP_TOKEN"):
            check_binding(host, token)
    else:
        check_binding(host, token)


def test_serve_refuses_a_public_address_without_a_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.cli import main

    monkeypatch.delenv("DUTYMAP_TOKEN", raising=False)
    monkeypatch.setattr("sys.argv", ["dutymap", "serve", "--host", "0.0.0.0", "--db", str(tmp_path / "x.db")])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 1


def test_source_file_of_a_document_is_served(client: TestClient, filled: Store) -> None:
    key = filled.document(str(HUNAN)).key
    answer = client.get(f"/documents/{key}/source/0")
    assert answer.status_code == 200 and answer.content == HUNAN.read_bytes()
    assert client.get(f"/documents/{key}/source/7").status_code == 404
