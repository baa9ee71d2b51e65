# Two entry points, both self-installing: `make run` (the main job) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench pdfs

$(BIN)/dutymap: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	# bytecode written once, as a regular install does: an editable install under
	# PYTHONDONTWRITEBYTECODE would compile every module in every process (0.1-0.2 s a command)
	$(BIN)/python -m compileall -q pipeline
	touch $@

## ingest corpus/ into the default SQLite store and print what was found
run: $(BIN)/dutymap
	$(BIN)/dutymap ingest corpus/
	$(BIN)/dutymap documents --format table

## lint, type-check and run the whole test suite (SQLite and PostgreSQL)
test: $(BIN)/dutymap
	$(BIN)/ruff check pipeline tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(BIN)/dutymap
	$(BIN)/python benchmarks/bench_pdf.py
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_linear.py
	$(BIN)/python benchmarks/bench_startup.py

## regenerate the PDF renderings of the corpus (and the document-grid renderings of two notices)
pdfs: $(BIN)/dutymap
	$(BIN)/python scripts/render_pdfs.py
	$(BIN)/python scripts/render_pdfs.py --grid corpus 000_f78fd156d0424d87.txt 001_c1d9d52df0875253.txt
