"""`dutymap fields`: the vocabulary every command and export uses, printed from pipeline.vocabulary."""

from __future__ import annotations

from typing import Any

import typer

from pipeline import vocabulary
from pipeline.cli.common import app
from pipeline.cli.formats import Column, FormatOption, emit


@app.command()
def fields(
    format: FormatOption = None,
    values: bool = typer.Option(False, "--values", help="List the status, level and modality values instead."),
) -> None:
    """Field names (JSON/CSV keys) with their Chinese labels, or the values of status, level, modality.

    Example: dutymap fields --values
    """
    if values:
        rows: list[dict[str, Any]] = [
            {
                "field": field,
                "value": value,
                "label": label,
                "meaning": vocabulary.STATUS_MEANINGS.get(value, "") if field == "status" else "",
            }
            for field, labels in vocabulary.VALUE_LABELS.items()
            for value, label in labels.items()
        ]
        emit(rows, [Column("field"), Column("value"), Column("label"), Column("meaning", wide=True)], format)
        return
    emit(
        vocabulary.FIELDS,
        [Column("key"), Column("label"), Column("meaning", wide=True)],
        format,
        title="field names: the key in json/jsonl/csv/tsv, the label in tables and the 台账",
    )
