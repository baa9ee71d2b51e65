"""The workspace in a real Chromium (Debian's package, driven by Playwright; no browser is ever
downloaded): upload a notice and click one of its duties to see its deadline, mark a duty done
and see it in the history, click through the graph. Every page is photographed at 1280 and
800 px (under $DUTYMAP_TEST_OUTPUT, else the test's tmp_path) and checked for horizontal
overflow, a loaded CJK font and script errors."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from pipeline.orgs import Registry
from pipeline.store import Store
from pipeline.web import create_app
from tests.web.conftest import HUNAN, NATIONAL, PLAN, TODAY, TOKEN, extraction

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = (1280, 800)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium fonts-noto-cjk)",
    ),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright Python package")


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[str, Store]]:
    """A server on a free loopback port over a SQLite store holding a notice and its plan."""
    import uvicorn

    store = Store.open(f"sqlite:///{tmp_path / 'browser.db'}")
    for path in (NATIONAL, PLAN):
        store.save(extraction(path))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(
        store, token=TOKEN, data_dir=tmp_path / "data", today=lambda: TODAY, allowed_hosts=["127.0.0.1"]
    )
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", store
    server.should_exit = True
    thread.join(timeout=10)
    store.engine.dispose()


@pytest.fixture
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def shots(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    base = Path(os.environ["DUTYMAP_TEST_OUTPUT"]) if os.environ.get("DUTYMAP_TEST_OUTPUT") else tmp_path
    folder = base / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


class Watched:
    """A page whose script errors and refused resources are collected."""

    def __init__(self, browser: object, width: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))


def check_and_shoot(watched: Watched, folder: Path, name: str) -> None:
    page = watched.page
    # what the reader sees: a full-page capture would misplace the sticky side column
    page.screenshot(path=str(folder / f"{name}.png"))
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the window"
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '通知')"), "no CJK font"
    assert watched.errors == [], watched.errors


def log_in(page: object, base: str) -> None:
    page.goto(f"{base}/login?next=/documents")  # type: ignore[attr-defined]
    page.fill("input[name=token]", TOKEN)  # type: ignore[attr-defined]
    page.fill("input[name=who]", "王工")  # type: ignore[attr-defined]
    page.click("form[action='/login'] button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(f"{base}/documents")  # type: ignore[attr-defined]


def test_upload_open_and_click_a_duty_to_see_its_deadline(
    live: tuple[str, Store], browser: object, shots: Path
) -> None:
    base, store = live
    watched = Watched(browser, 1280)
    page = watched.page
    log_in(page, base)
    page.click("details.upload summary")
    page.set_input_files("#upload-form input[type=file]", str(HUNAN))
    page.click("#upload-form button[type=submit]")
    row = page.locator("#upload-outcomes tbody tr")
    assert row.get_attribute("class") == "outcome-ingested"
    check_and_shoot(watched, shots, "documents-after-upload-1280")
    row.locator("a").click()
    key = store.document("湘通局信管〔2019〕8号").key
    page.wait_for_url(f"{base}/documents/{key}")
    dated = next(
        o for o in store.obligations(key) if o.due and o.deadline and "4月15日前" in o.deadline.text
    )
    assert page.locator(f"#p-{dated.key}").is_hidden()
    page.locator(f"pre.text .ob[data-ob='{dated.key}'] mark.f-deadline").first.click()
    panel = page.locator(f"#p-{dated.key}")
    assert panel.is_visible()
    assert str(dated.due) in panel.locator(".deadline").inner_text()
    assert page.locator(f"pre.text .ob.sel[data-ob='{dated.key}']").count() >= 1
    check_and_shoot(watched, shots, "document-1280")
    narrow = Watched(browser, 800)
    narrow.page.goto(f"{base}/documents/{key}")
    narrow.page.locator(f"pre.text .ob[data-ob='{dated.key}']").first.click()
    box = narrow.page.locator(f"#p-{dated.key}").bounding_box()
    assert box is not None and 0 <= box["y"] < 900, (
        "the chosen duty's panel is on screen below the column break"
    )
    check_and_shoot(narrow, shots, "document-800")


def test_mark_a_duty_done_with_the_token_and_see_the_history(
    live: tuple[str, Store], browser: object, shots: Path
) -> None:
    base, store = live
    store.save(extraction(HUNAN))
    branch = Registry.load().resolve("中国移动湖南公司").name  # type: ignore[union-attr]
    key = next(o.key for o in store.obligations() if "于4月15日前将本企业" in o.text)
    watched = Watched(browser, 1280)
    page = watched.page
    page.goto(f"{base}/enterprise?q={quote('湖南移动')}")
    page.locator("#matches a").first.click()
    page.wait_for_url(f"{base}/enterprise?name=*")
    assert page.locator("a.edit").first.inner_text() == "详情"  # not logged in: no edit in place
    log_in(page, base)
    page.goto(f"{base}/enterprise?name={quote(branch)}")
    row = page.locator(f"tr[data-ob='{key}']")
    assert row.locator(".status").inner_text() == "待办"
    row.locator("a.edit").click()
    dialog = page.locator("#status-dialog")
    assert dialog.is_visible()
    dialog.locator("select[name=status]").select_option("done")
    dialog.locator("input[name=owner]").fill("张三")
    dialog.locator("button[type=submit]").click()
    page.wait_for_function(
        "key => document.querySelector(`tr[data-ob='${key}'] .status`).textContent === '已完成'", arg=key
    )
    history = page.locator(f"tr[data-ob='{key}'] + tr.history-row")
    history.wait_for()
    assert "web:王工" in history.inner_text() and "已完成" in history.inner_text()
    assert [(e.field, e.new, e.who) for e in store.history(key)] == [
        ("status", "done", "web:王工"),
        ("owner", "张三", "web:王工"),
    ]
    check_and_shoot(watched, shots, "enterprise-1280")
    narrow = Watched(browser, 800)
    narrow.page.goto(f"{base}/enterprise?name={quote(branch)}")
    assert narrow.page.locator(f"tr[data-ob='{key}'] .status").inner_text() == "已完成"
    check_and_shoot(narrow, shots, "enterprise-800")


def test_graph_click_through_to_a_document(live: tuple[str, Store], browser: object, shots: Path) -> None:
    base, store = live
    national = store.document("工信部信管〔2024〕20号")
    watched = Watched(browser, 1280)
    page = watched.page
    page.goto(f"{base}/graph")
    assert page.locator("svg#graph a.node").count() == len(store.documents())
    check_and_shoot(watched, shots, "graph-1280")
    page.locator(f"svg#graph a.node[data-key='{national.key}'] rect").click()
    page.wait_for_url(f"{base}/documents/{national.key}")
    assert page.locator("h1").inner_text() == national.title


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_and_renders_chinese(
    live: tuple[str, Store], browser: object, shots: Path, width: int
) -> None:
    base, store = live
    store.save(extraction(HUNAN))
    plan = store.document("湘通管〔2024〕5号").key
    branch = Registry.load().resolve("中国移动湖南公司").name  # type: ignore[union-attr]
    pages = {
        "documents": "/documents?q=" + quote("携号转网"),
        "document": f"/documents/{store.document(str(HUNAN)).key}",
        "enterprise": f"/enterprise?name={quote(branch)}",
        "gaps": f"/gaps?child={plan}",
        "due": f"/due?enterprise={quote(branch)}&days=60&month=2019-04",
        "graph": "/graph",
        "login": "/login",
        "obligation": "/obligations/" + next(o.key for o in store.obligations() if "于4月15日前将本企业" in o.text),
    }
    for name, path in pages.items():
        watched = Watched(browser, width)
        answer = watched.page.goto(base + path)
        assert answer is not None and answer.status == 200, name
        check_and_shoot(watched, shots, f"{name}-{width}")
        watched.context.close()
