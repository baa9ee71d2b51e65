"""Full-text search over obligations: jieba words plus character pairs.

Chinese has no spaces, so the index holds each obligation's jieba words and, after them,
every pair of adjacent Chinese characters, joined by spaces; SQLite's FTS5 and PostgreSQL's
to_tsvector('simple', …) then index tokens. The pairs find what jieba glues into a longer
word (纠风 inside 行风纠风, 转网 inside 携号转网). A query is cut the same way: each of its
words must occur (see plan_query).

Hits come newest document first, then by offset, then by key (see hit_keys): at 100,000
notices a common word matches tens of thousands of obligations, so the first ones in that
order are looked for among the first obligations of the order index before all are sorted.
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

FTS_TABLE = "obligation_fts"
# the walk reads this many obligations per hit asked for (a word one obligation in 20 holds
# fills the limit there), and never more than WALK_MOST: past that, sorting every match is cheap
# enough (measured at 100,000 notices: walking 1,000 rows costs 15 ms on PostgreSQL)
WALK_PER_HIT = 20
WALK_MOST = 4000
# the order of hits: a total order, so which hits make a limit never depends on the query plan
_ORDER = "ORDER BY {issued} DESC, obligation.start, obligation.key LIMIT :limit"
_HIGH_FREQ = 200_000  # user words outrank jieba's own splits
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    """jieba with the regulatory vocabulary; its dictionary cache lives in the user cache dir."""
    import jieba
    import platformdirs

    from pipeline.domains.telecom.actors import ACTOR_ALIASES
    from pipeline.domains.telecom.terms import REGULATORY_TERMS
    from pipeline.lang.zh.modality import CUES

    jieba.setLogLevel(60)  # silence "Building prefix dict" chatter on stderr
    cache_dir = Path(
        os.environ.get("DUTYMAP_CACHE_DIR") or platformdirs.user_cache_dir("dutymap", appauthor=False)
    )
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        jieba.dt.tmp_dir = str(cache_dir)
    except OSError:
        pass  # an unwritable cache dir costs start-up time, never a failure: jieba keeps its default
    words = set(REGULATORY_TERMS)
    for aliases in ACTOR_ALIASES.values():
        words.update(alias for alias in aliases if len(alias) <= 8)
    words.update(cue for cue in CUES if len(cue) > 1)
    for word in sorted(words):
        jieba.add_word(word, freq=_HIGH_FREQ)
    return jieba


def words_of(value: str) -> list[str]:
    """jieba's words of ``value`` without white space and punctuation."""
    return [word for word in _segmenter().cut(value) if word.strip() and not _is_punct(word)]


def _is_punct(word: str) -> bool:
    return all(unicodedata.category(char).startswith("P") for char in word)


def _pairs(value: str) -> list[str]:
    return [run[i : i + 2] for run in _CJK_RUN.findall(value) for i in range(len(run) - 1)]


def segment(value: str) -> str:
    """What the index holds for one obligation's text: its words, then its character pairs."""
    return " ".join([*words_of(value), *_pairs(value)])


def create_index(connection: Connection) -> None:
    """Inside the caller's schema transaction (see pipeline.store.locking.create_schema)."""
    if connection.dialect.name == "sqlite":
        connection.execute(
            text(f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_text, tokenize='unicode61')")
        )
    elif connection.dialect.name == "postgresql":
        connection.execute(
            text(
                "CREATE INDEX IF NOT EXISTS obligation_search_idx ON obligation "
                "USING GIN (to_tsvector('simple', search_text))"
            )
        )


def index_rows(connection: Any, dialect: str, rows: list[tuple[int, str]]) -> None:
    """Add obligations (id, segmented text) to the FTS table (PostgreSQL indexes the column itself)."""
    if dialect == "sqlite" and rows:
        connection.execute(
            text(f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (:id, :body)"),
            [{"id": id_, "body": body} for id_, body in rows],
        )


def plan_query(words: str) -> tuple[list[list[list[str]]], list[str]]:
    """What every hit must hold: for each word of the query, alternatives of index tokens (any
    alternative will do; all tokens of it), and the words (Chinese characters only) to check
    in the text as substrings. A Chinese word of three or more characters is the word itself
    (as stores indexed before character pairs hold it) or all its pairs, then checked in the
    text; a pair is its own exact token; a single character is checked in the text alone."""
    groups: list[list[list[str]]] = []
    substrings: list[str] = []
    for word in words_of(words):
        if not _CJK_RUN.fullmatch(word) or len(word) == 2:
            groups.append([[word]])
        elif len(word) >= 3:
            groups.append([[word], list(dict.fromkeys(_pairs(word)))])
        if _CJK_RUN.fullmatch(word) and len(word) != 2:
            substrings.append(word)
    return groups, substrings


def match(dialect: str, groups: list[list[list[str]]], substrings: list[str]) -> tuple[str, dict[str, str]]:
    """SQL matching obligations against the planned query, and its parameters."""
    clauses = [f"obligation.text LIKE :sub{i}" for i in range(len(substrings))]
    params = {f"sub{i}": f"%{word}%" for i, word in enumerate(substrings)}
    if groups and dialect == "sqlite":
        expression = " AND ".join(
            "(" + " OR ".join("(" + " AND ".join(map(_fts_phrase, tokens)) + ")" for tokens in group) + ")"
            for group in groups
        )
        clauses.insert(0, f"obligation.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :query)")
        params["query"] = expression
    elif groups:  # PostgreSQL: each alternative one plainto_tsquery, all served by the GIN index
        for g, group in enumerate(groups):
            alternatives = []
            for a, tokens in enumerate(group):
                alternatives.append(
                    f"to_tsvector('simple', obligation.search_text) @@ plainto_tsquery('simple', :q{g}_{a})"
                )
                params[f"q{g}_{a}"] = " ".join(tokens)
            clauses.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(clauses), params


def _fts_phrase(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def hit_keys(
    connection: Connection,
    groups: list[list[list[str]]],
    substrings: list[str],
    *,
    level: str | None,
    region: str | None,
    limit: int,
    walk_rows: int | None = None,
) -> list[str]:
    """The keys of the first ``limit`` current obligations that match (plan_query), in the
    order of hits: their document's issue date, newest first, then offset, then key.

    First the first ``walk_rows`` obligations of the order index (every version's; default
    WALK_PER_HIT per hit, at most WALK_MOST) are matched: any match beyond them comes later in
    the order, so when they hold ``limit`` hits those are the answer. Otherwise (a rarer word,
    a narrow level or region) every match is read and sorted."""
    dialect = connection.dialect.name
    condition, params = match(dialect, groups, substrings)
    if level:
        condition += " AND document.level = :level"
        params["level"] = level
    if region:
        condition += " AND document.region LIKE :region"
        params["region"] = region + "%"
    # SQLite keeps the join order as written: led by the document's level index it once probed
    # every match for each of 10,000 documents (80 s at 100,000 notices)
    join = "CROSS JOIN" if dialect == "sqlite" else "JOIN"
    hits = (
        f"{join} document ON document.id = obligation.document_id "
        f"WHERE obligation.version_id = document.current_version_id AND {condition} "
    )
    walk = min(WALK_PER_HIT * limit, WALK_MOST) if walk_rows is None else walk_rows
    if walk >= limit:  # fewer rows cannot hold the limit
        first_rows = (
            "SELECT id, key, issued, start, version_id, document_id, text, search_text FROM obligation "
            "ORDER BY issued DESC, start, key LIMIT :walk"
        )
        walked = f"SELECT obligation.key FROM ({first_rows}) AS obligation {hits}" + _ORDER.format(
            issued="obligation.issued"
        )
        keys = [row[0] for row in connection.execute(text(walked), {**params, "walk": walk, "limit": limit})]
        if len(keys) == limit:
            return keys
    # ordered by the document's date (equal for current rows): ordered by the obligation's, the
    # planner may walk the order index through every row for a few hits
    every = f"SELECT obligation.key FROM obligation {hits}" + _ORDER.format(issued="document.issued")
    return [row[0] for row in connection.execute(text(every), {**params, "limit": limit})]
