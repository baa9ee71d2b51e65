"""The cyclic collector is paused while a large answer is built, and left as it was after."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from pipeline.collection import collector_paused


@pytest.fixture
def collector() -> Iterator[None]:
    running = gc.isenabled()
    yield
    gc.enable() if running else gc.disable()


@pytest.mark.parametrize("running", [True, False])
def test_the_collector_is_paused_inside_and_left_as_it_was(collector: None, running: bool) -> None:
    gc.enable() if running else gc.disable()

    @collector_paused()
    def build() -> bool:
        return gc.isenabled()

    assert build() is False
    assert gc.isenabled() is running
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() is running


def test_the_collector_resumes_after_an_error(collector: None) -> None:
    gc.enable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a bad row")
    assert gc.isenabled()


class _Seen(Exception):
    pass


def test_the_answers_that_build_many_records_pause_it(monkeypatch: pytest.MonkeyPatch, collector: None) -> None:
    """due_report and enterprise_duty_page run with the collector paused (their first step
    records its state), and resume it even when they fail."""
    import pipeline.tracking.assign
    from pipeline import query
    from pipeline.tracking import track

    seen: list[bool] = []

    def registry_of(store: object) -> None:
        seen.append(gc.isenabled())
        raise _Seen

    monkeypatch.setattr(track, "registry_of", registry_of)
    monkeypatch.setattr(pipeline.tracking.assign, "registry_of", registry_of)
    gc.enable()
    with pytest.raises(_Seen):
        track.due_report(None, today=None)  # type: ignore[arg-type]
    with pytest.raises(_Seen):
        query.enterprise_duty_page(None, "中国移动清远分公司")  # type: ignore[arg-type]
    assert seen == [False, False] and gc.isenabled()
