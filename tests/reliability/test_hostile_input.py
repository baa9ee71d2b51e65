"""Whatever a website served is ingested safely: bounded in size and inflation, read by its
content, and every problem is a one-line error for that file alone."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.api import ingest_paths
from pipeline.cli import app
from pipeline.errors import EncodingError, Encrypted, TooLarge
from pipeline.ingest import html, read_source
from pipeline.settings import Settings
from pipeline.store import Store
from tests import fixtures_gen as gen

ROOT = Path(__file__).resolve().parents[2]
TEXT = ROOT / "corpus" / "001_c1d9d52df0875253.txt"
PDF = ROOT / "corpus" / "001_c1d9d52df0875253.pdf"
runner = CliRunner()


def _bomb(path: Path, megabytes: int) -> Path:
    """A DOCX whose document.xml inflates to ``megabytes`` MB of spaces (written streaming)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * 1_048_576
            for _ in range(megabytes):
                member.write(chunk)
    return path


@pytest.mark.parametrize(("megabytes", "why"), [(20, "fold"), (200, "inflates to")])
def test_a_zip_bomb_is_refused_before_inflating(tmp_path: Path, megabytes: int, why: str) -> None:
    bomb = _bomb(tmp_path / "bomb.docx", megabytes)
    assert bomb.stat().st_size < 1_048_576
    with pytest.raises(TooLarge, match=why) as caught:
        read_source(bomb)
    assert str(caught.value).startswith(str(bomb))


MEMORY_PROBE = """
import resource, sys
from pathlib import Path
from pipeline.ingest import read_source
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    read_source(Path(sys.argv[1]))
except Exception as err:
    print(type(err).__name__)
print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
MEMORY_CEILING_KB = 64 * 1024  # what reading the bomb may add to the interpreter's peak


def test_a_zip_bomb_stays_under_the_memory_ceiling(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bomb.docx", 1024)  # 1 GB inflated, as in the issue
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(bomb)], capture_output=True, text=True, timeout=300
    )
    error, peaks = result.stdout.split("\n")[:2]
    before, after = map(int, peaks.split())
    assert error == "TooLarge" and after - before < MEMORY_CEILING_KB


def test_text_beyond_the_text_limit_is_refused(tmp_path: Path) -> None:
    from pipeline.ingest.limits import MAX_TEXT_CHARS

    long = tmp_path / "long.txt"
    long.write_text("通知\n" + "各单位要按时报送。" * (MAX_TEXT_CHARS // 9 + 1), encoding="utf-8")
    with pytest.raises(TooLarge, match="characters of text"):
        read_source(long)


def test_a_file_over_the_size_limit_is_refused_by_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(TEXT.read_bytes() * 30)
    with pytest.raises(TooLarge, match="over the 0.0954 MB limit"):
        read_source(big, max_bytes=100_000)
    monkeypatch.setenv("DUTYMAP_MAX_INPUT_MB", "0.1")
    assert Settings.from_env().max_input_bytes == 104_857
    monkeypatch.setenv("DUTYMAP_MAX_INPUT_MB", "lots")
    assert Settings.from_env().max_input_bytes == 64 * 1024 * 1024  # a typo never lifts the limit
    monkeypatch.setenv("DUTYMAP_MAX_INPUT_MB", "0.1")
    result = runner.invoke(
        app,
        [
            "ingest",
            str(big),
            str(TEXT),
            "--db",
            str(tmp_path / "s.db"),
            "-q",
            "--output",
            str(tmp_path / "o"),
        ],
    )
    assert result.exit_code == 1 and "big.txt: too large" in result.output and "1 ingested" in result.output


@pytest.mark.parametrize(
    ("make", "name", "format"),
    [
        (lambda tmp: shutil.copy(PDF, tmp / "x"), "notice.txt", "pdf"),
        (lambda tmp: gen.docx_file(tmp / "x"), "notice.txt", "docx"),
        (lambda tmp: gen.docx_file(tmp / "x"), "notice.pdf", "docx"),
        (lambda tmp: gen.ofd_file(tmp / "x"), "notice.html", "ofd"),
    ],
    ids=["PDF as .txt", "DOCX as .txt", "DOCX as .pdf", "OFD as .html"],
)
def test_a_renamed_file_is_read_by_its_content(tmp_path: Path, make, name: str, format: str) -> None:  # type: ignore[no-untyped-def]
    made = Path(make(tmp_path))
    path = made.rename(tmp_path / name)
    assert read_source(path).format == format


def test_an_encrypted_pdf_says_so(tmp_path: Path) -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    page = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret"))
    page.drawString(100, 700, "notice")
    page.save()
    with pytest.raises(Encrypted, match="locked.pdf: encrypted"):
        read_source(path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "关于做好携号转网工作的通知\n2019年4月1日\n".encode("utf-16-le"),
            "UTF-16 without a byte-order mark",
        ),
        (
            "关于做好携号转网工作的通知\n2019年4月1日\n".encode("utf-16-be"),
            "UTF-16 without a byte-order mark",
        ),
        (
            codecs.BOM_UTF8 + "通知".encode("gb18030") + b"\xff\xfe\xfd",
            "UTF-8 byte-order mark but is not UTF-8",
        ),
        (
            codecs.BOM_UTF16_LE + "通知".encode("utf-16-le") + b"\x00",
            "UTF-16 byte-order mark but is not UTF-16",
        ),
    ],
    ids=["UTF-16LE, no BOM", "UTF-16BE, no BOM", "broken UTF-8 BOM", "odd UTF-16 length"],
)
def test_encodings_without_or_with_broken_marks_get_a_clear_error(
    tmp_path: Path, data: bytes, message: str
) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes(data)
    with pytest.raises(EncodingError, match=message):
        read_source(path)


NAME = "广东省.txt".encode("gbk")  # a name saved on a Chinese Windows: not UTF-8


def test_a_file_name_that_is_not_utf8_ingests_and_prints_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/" + NAME
    with open(raw, "wb") as handle:
        handle.write(TEXT.read_bytes())
    db, out = tmp_path / "s.db", tmp_path / "out"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--output", str(out)])
    assert result.exception is None and result.exit_code == 0, result.output
    assert "1 ingested" in result.output
    (written,) = out.rglob("*.json")
    assert os.fsencode(written.name) == NAME + b".json"
    store = Store.open(f"sqlite:///{db}")
    (version,) = store.document(store.documents()[0].key).versions
    shown = NAME.decode("utf-8", "backslashreplace")  # the bytes that are not UTF-8 as \\xNN
    assert "\\xb9" in shown and version.sources[0].endswith(shown)
    store.engine.dispose()
    assert json.loads(written.read_text(encoding="utf-8"))["document"]["source"]["path"].endswith(shown)


def test_a_special_file_in_a_folder_fails_alone(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(TEXT, folder / "good.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "dangling.txt").symlink_to(folder / "missing.txt")
    store = Store.open(f"sqlite:///{tmp_path / 's.db'}")
    report = ingest_paths([folder], store=store)
    store.engine.dispose()
    outcomes = {o.path.name: (o.status, o.error) for o in report.outcomes}
    assert outcomes["good.txt"][0] == "ingested"
    assert "not a regular file" in (outcomes["pipe.txt"][1] or "")
    assert "No such file" in (outcomes["dangling.txt"][1] or "")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file and folder")
def test_an_unreadable_file_or_folder_fails_alone(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    (folder / "locked").mkdir(parents=True)
    shutil.copy(TEXT, folder / "good.txt")
    shutil.copy(TEXT, folder / "secret.txt")
    (folder / "secret.txt").chmod(0)
    (folder / "locked").chmod(0)
    try:
        store = Store.open(f"sqlite:///{tmp_path / 's.db'}")
        report = ingest_paths([folder], store=store)
        store.engine.dispose()
    finally:
        (folder / "locked").chmod(0o700)
    failed = {o.path.name: o.error for o in report.failed}
    assert set(failed) == {"secret.txt", "locked"} and report.count("ingested") == 1
    assert all("Permission denied" in (error or "") for error in failed.values())


def test_deeply_nested_html_reads_in_linear_time() -> None:
    """Not a timed test: the work of 100,000 nested blocks is compared with 10,000's."""

    def seconds(depth: int) -> float:
        data = (
            "<html><body>" + "<div>" * depth + "各基础电信企业要报送。" + "</div>" * depth + "</body></html>"
        ).encode()
        started = time.process_time()
        assert "各基础电信企业要报送。" in html.read(Path("deep.html"), data, "0").text
        return time.process_time() - started

    small, large = min(seconds(10_000) for _ in range(3)), seconds(100_000)
    assert large < 40 * max(small, 0.005)  # quadratic growth would be 100-fold
