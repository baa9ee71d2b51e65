"""Score extraction against gold annotations, as ../shared/eval/score.py does.

Same matching (white space ignored; a gold key inside a predicted text, or a predicted
text inside the key covering 60% of it; greedy one-to-one) and the same totals, so users
can measure on their own annotations with `dutymap eval`. Extraction runs in-process.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.contract import extraction_dict
from pipeline.errors import DutymapError

_WS = re.compile(r"[\s\u3000\u00a0]+")
META_FIELDS = ("issuers", "doc_number", "level", "region", "issued")
OPS = {">=": ">=", "≥": ">=", ">": ">", "<=": "<=", "≤": "<=", "<": "<", "=": "=", "==": "="}
COUNTERS = (
    "gold",
    "pred",
    "matched",
    "dl_gold",
    "dl_right",
    "dl_matched",
    "act_gold",
    "act_right",
    "mod_right",
    "dur_gold",
    "dur_right",
    "tgt_found",
    "tgt_gold",
    "rep_gold",
    "rep_right",
    "meta_right",
    "meta_all",
    "cites_found",
    "cites_all",
    "failed",
    "scored",
    "act_exact",
    "fallback",
    "no_actor",
)


def squash(text: Any) -> str:
    """Compare as a reader would (and as ../shared/eval/score.py does): no white space, full-
    and half-width forms alike."""
    return _WS.sub("", unicodedata.normalize("NFKC", str(text or "")))


@dataclass
class DocumentScore:
    name: str
    gold: int = 0
    pred: int = 0
    matched: int = 0
    deadlines: int = 0
    deadlines_right: int = 0
    actors: int = 0
    actors_right: int = 0
    error: str | None = None
    misses: list[str] = field(default_factory=list)


@dataclass
class EvalReport:
    documents: list[DocumentScore]
    totals: dict[str, int]

    def summary(self) -> dict[str, float | int]:
        t = self.totals
        precision, recall = _ratio(t["matched"], t["pred"]), _ratio(t["matched"], t["gold"])
        f1 = (
            2 * precision * recall / (precision + recall)
            if not math.isnan(precision + recall) and precision + recall
            else 0.0
        )
        return {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "deadline_recall": _ratio(t["dl_right"], t["dl_gold"]),
            "deadline_accuracy": _ratio(t["dl_right"], t["dl_matched"]),
            "actor_accuracy": _ratio(t["act_right"], t["act_gold"]),
            # the same actors, none missing and none extra
            "actor_exact": _ratio(t["act_exact"], t["act_gold"]),
            # predicted duties bound to 各单位 only because nobody is named anywhere (to review)
            "actor_fallback_rate": _ratio(t["fallback"], t["pred"]),
            "actor_unresolved_rate": _ratio(t["no_actor"], t["pred"]),
            "modality_accuracy": _ratio(t["mod_right"], t["matched"]),
            "duration_accuracy": _ratio(t["dur_right"], t["dur_gold"]),
            "target_recall": _ratio(t["tgt_found"], t["tgt_gold"]),
            "report_to_accuracy": _ratio(t["rep_right"], t["rep_gold"]),
            "meta_accuracy": _ratio(t["meta_right"], t["meta_all"]),
            "cites_recall": _ratio(t["cites_found"], t["cites_all"]),
            "failed_docs": t["failed"],
            "documents_scored": t["scored"],
        }


def _ratio(a: int, b: int) -> float:
    return a / b if b else float("nan")


def match(gold_items: list[dict], pred_items: list[dict]) -> list[tuple[dict, dict]]:
    candidates = []
    for gi, gold in enumerate(gold_items):
        key = squash(gold["key"])
        for pi, pred in enumerate(pred_items):
            text = squash(pred.get("text"))
            if not text:
                continue
            if key in text:
                score = len(key) / len(text)
            elif text in key and len(text) >= 0.6 * len(key):
                score = len(text) / len(key)
            else:
                continue
            candidates.append((score, gi, pi))
    candidates.sort(reverse=True)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gold_items[gi], pred_items[pi]))
    return pairs


def _same_deadline(gold: dict, pred: Any) -> bool:
    if not isinstance(pred, dict):
        return False
    if gold["type"] == "recurring":
        return pred.get("type") == "recurring" and pred.get("freq") == gold.get("freq")
    return pred.get("type") in ("date", "period_end") and pred.get("date") == gold.get("date")


def gold_deadlines(gold: dict) -> list[dict]:
    return [d for d in [gold.get("deadline"), *(gold.get("also_deadlines") or [])] if d]


def deadline_ok(gold_deadline: dict, pred: dict) -> bool:
    offered = [pred.get("deadline"), *(pred.get("deadlines") or [])]
    return any(_same_deadline(gold_deadline, p) for p in offered)


def duration_ok(gold: dict, pred: dict) -> bool:
    g, p = gold.get("duration"), pred.get("duration")
    if not g:
        return True
    try:
        return (
            isinstance(p, dict)
            and float(p.get("value", -1)) == float(g["value"])
            and p.get("unit") == g["unit"]
        )
    except (TypeError, ValueError):
        return False


def targets_found(gold: dict, pred: dict) -> tuple[int, int]:
    want, have = gold.get("targets") or [], pred.get("targets") or []
    found = 0
    for g in want:
        for p in have:
            try:
                same_value = float(p.get("value")) == float(g["value"])
            except (TypeError, ValueError):
                continue
            if same_value and OPS.get(p.get("op"), p.get("op")) == OPS.get(g["op"], g["op"]):
                found += 1
                break
    return found, len(want)


def actors_ok(gold: dict, pred: dict) -> bool:
    have = {squash(a) for a in pred.get("actors") or []}
    return all(squash(a) in have for a in gold.get("actors") or [])


def meta_scores(gold_meta: dict, pred_meta: dict | None) -> tuple[int, int, int, int]:
    pred_meta = pred_meta or {}
    right = asked = 0
    for name in META_FIELDS:
        g, p = gold_meta.get(name), pred_meta.get(name)
        if g in (None, [], ""):
            continue
        asked += 1
        if isinstance(g, list):
            right += {squash(x) for x in g} <= {squash(x) for x in (p or [])}
        else:
            right += squash(str(g)) == squash(str(p))
    want = [squash(c.get("title") or c.get("doc_number")) for c in gold_meta.get("cites") or []]
    have = [squash(json.dumps(c, ensure_ascii=False)) for c in pred_meta.get("cites") or []]
    return right, asked, sum(any(w and w in h for h in have) for w in want), len(want)


def predict(path: Path) -> dict:
    from pipeline.api import extract_file

    return extraction_dict(extract_file(path))


def evaluate(gold_dir: Path, docs_dir: Path) -> EvalReport:
    totals = dict.fromkeys(COUNTERS, 0)
    scores = []
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        score = DocumentScore(gold["doc"])
        try:
            pred = predict(Path(docs_dir) / gold["doc"])
            totals["scored"] += 1
        except DutymapError as error:
            totals["failed"] += 1
            score.error = str(error)
            pred = {}
        _score_document(gold, pred, score, totals)
        scores.append(score)
    return EvalReport(scores, totals)


def _score_document(gold: dict, pred: dict, score: DocumentScore, t: dict[str, int]) -> None:
    gold_items = gold["obligations"]
    pred_items = [p for p in pred.get("obligations") or [] if isinstance(p, dict)]
    pairs = match(gold_items, pred_items)
    score.gold, score.pred, score.matched = len(gold_items), len(pred_items), len(pairs)
    for p in pred_items:
        t["fallback"] += p.get("actor_basis", "") == "fallback"
        t["no_actor"] += not p.get("actors")
    t["gold"] += len(gold_items)
    t["pred"] += len(pred_items)
    t["matched"] += len(pairs)
    for g in gold_items:
        t["dl_gold"] += len(gold_deadlines(g))
        score.deadlines += len(gold_deadlines(g))
    for g, p in pairs:
        for d in gold_deadlines(g):
            t["dl_matched"] += 1
            if deadline_ok(d, p):
                t["dl_right"] += 1
                score.deadlines_right += 1
            else:
                score.misses.append(f"deadline: {g['key'][:30]} gold={d} pred={p.get('deadline')}")
        if not g.get("implied_actor") and g.get("actors"):
            t["act_gold"] += 1
            score.actors += 1
            if actors_ok(g, p):
                t["act_right"] += 1
                score.actors_right += 1
            t["act_exact"] += {squash(a) for a in g["actors"]} == {squash(a) for a in p.get("actors") or []}
        t["mod_right"] += p.get("modality") == g.get("modality")
        if g.get("duration"):
            t["dur_gold"] += 1
            t["dur_right"] += duration_ok(g, p)
        found, wanted = targets_found(g, p)
        t["tgt_found"] += found
        t["tgt_gold"] += wanted
        if g.get("report_to"):
            t["rep_gold"] += 1
            t["rep_right"] += squash(p.get("report_to")) == squash(g["report_to"])
    mr, ma, cf, ca = meta_scores(gold.get("meta") or {}, pred.get("document") or pred.get("meta"))
    t["meta_right"] += mr
    t["meta_all"] += ma
    t["cites_found"] += cf
    t["cites_all"] += ca
    matched_gold = {id(g) for g, _ in pairs}
    matched_pred = {id(p) for _, p in pairs}
    score.misses[:0] = [f"missed:   {g['key']}" for g in gold_items if id(g) not in matched_gold] + [
        f"spurious: {squash(p.get('text'))[:60]}" for p in pred_items if id(p) not in matched_pred
    ]


def _fmt(x: float) -> str:
    return "  n/a" if x != x else f"{x:5.3f}"


def format_report(report: EvalReport, *, show_misses: bool = False) -> str:
    lines = [f"{'document':34} {'gold':>4} {'pred':>4} {'P':>5} {'R':>5} {'F1':>5} {'deadl':>5} {'actor':>5}"]
    for s in report.documents:
        if s.error:
            lines.append(f"{s.name:34} FAILED: {s.error}")
        p, r = _ratio(s.matched, s.pred), _ratio(s.matched, s.gold)
        f1 = 2 * p * r / (p + r) if p == p and r == r and p + r else 0.0
        lines.append(
            f"{s.name:34} {s.gold:4} {s.pred:4} {_fmt(p)} {_fmt(r)} {_fmt(f1)} "
            f"{_fmt(_ratio(s.deadlines_right, s.deadlines))} {_fmt(_ratio(s.actors_right, s.actors))}"
        )
        if show_misses:
            lines.extend(f"    {miss}" for miss in s.misses)
    summary = report.summary()
    lines.append("")
    for name, value in summary.items():
        lines.append(f"{name:22} {value if isinstance(value, int) else _fmt(value)}")
    lines.append(
        " | ".join(
            f"{k}={_fmt(v) if isinstance(v, float) else v}"
            for k, v in (
                ("F1", summary["f1"]),
                ("deadline_recall", summary["deadline_recall"]),
                ("actor", summary["actor_accuracy"]),
                ("target", summary["target_recall"]),
                ("meta", summary["meta_accuracy"]),
                ("failed", report.totals["failed"]),
            )
        )
    )
    return "\n".join(lines)
