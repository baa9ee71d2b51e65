"""Notices for the reliability tests: built by hand (a header, one duty per line, each duty an
Obligation as tests.notice_builder makes it), and small notice files of their own for ingests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.records import Extraction, NoticeMeta
from tests.notice_builder import build_extraction, line_spans

TITLE = "湖南省通信管理局关于报送行风纠风工作信息的通知"
META = NoticeMeta(
    title=TITLE,
    titles=(TITLE,),
    issuers=("湖南省通信管理局",),
    doc_number="湘通局〔2019〕12号",
    doc_numbers=("湘通局〔2019〕12号",),
    level="provincial",
    region="湖南省",
    issued=date(2019, 3, 1),
    recipients=("基础电信企业",),
)
HEADER = (TITLE, "湘通局〔2019〕12号", "各基础电信企业：")
FOOTER = ("湖南省通信管理局", "2019年3月1日")


def numbered_notice(folder: Path, number: int, *, cites: int | None = None) -> Path:
    """A small notice file of its own (its own 文号) with two dated duties; ``cites`` names the
    notice of that number as its basis (a link between the two once both are stored)."""
    basis = (
        [f"根据《湖南省通信管理局关于做好第{cites}批服务质量工作的通知》（湘通局〔2020〕{cites}号），现将有关事项通知如下："]
        if cites is not None
        else []
    )
    path = folder / f"notice-{number:02d}.txt"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "\n".join(
            [
                f"湖南省通信管理局关于做好第{number}批服务质量工作的通知",
                f"湘通局〔2020〕{number}号",
                "各基础电信企业：",
                *basis,
                f"一、各基础电信企业要于2020年{number % 12 + 1}月15日前报送服务质量自查报告。",
                f"二、各基础电信企业要于2020年12月{number % 28 + 1}日前完成第{number}批整改。",
                "湖南省通信管理局",
                "2020年1月2日",
            ]
        ),
        encoding="utf-8",
    )
    return path


def notice_text(duties: list[str]) -> str:
    return "\n".join((*HEADER, *duties, *FOOTER))


def extraction(path: Path, duties: list[str], *, meta: NoticeMeta = META) -> Extraction:
    """The notice with these duty lines, as the pipeline would hand it to the store."""
    text = notice_text(duties)
    return build_extraction(path, text, meta=meta, duties=line_spans(text, duties))
