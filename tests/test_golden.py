"""Golden files: the extraction of every corpus notice and held-out test notice, reviewed as a diff.

Regenerate with `pytest tests/test_golden.py --update-golden` and read the diff before committing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.api import extract_file
from pipeline.contract import extraction_dict

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden"
INPUTS = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "notices").glob("*.txt"))


def _payload(path: Path) -> str:
    data = extraction_dict(extract_file(path), path_label=path.relative_to(ROOT).as_posix())
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_extraction_matches_golden(path: Path, request: pytest.FixtureRequest) -> None:
    golden = GOLDEN / f"{path.name}.json"
    actual = _payload(path)
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file for {path.name}: run pytest --update-golden and review it"
    assert actual == golden.read_text(encoding="utf-8")
