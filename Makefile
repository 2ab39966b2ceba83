# Two commands for a newcomer: `make demo` (install + run on corpus/) and `make test`
# (install + run the tests; .ci/run calls it). Each does its own set-up.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
# LibreOffice converts .doc/.wps/.et and makes the PDF test fixtures; poppler renders PDFs.
APT_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk

.PHONY: install system-deps demo test bench eval clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# System packages: installed when missing and we are root (CI, a fresh machine); otherwise the
# tests that need them are skipped with a reason.
system-deps:
	@if command -v soffice >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing $(APT_PACKAGES)"; \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null; \
	else echo "note: LibreOffice missing and not root: PDF/.doc tests will be skipped"; fi

demo: install
	@mkdir -p out
	@for f in corpus/*.txt; do \
		stem=$$(basename $$f .txt); \
		$(BIN)/govtasks extract $$f -o out/$$stem.jsonl -q && \
		$(BIN)/govtasks extract $$f -o out/$$stem.xlsx && \
		$(BIN)/govtasks extract $$f -o out/$$stem.md -q; \
	done
	@echo; echo "== first rows of each table =="; for f in out/*.jsonl; do head -n 2 $$f | cut -c1-300; done
	@echo; $(BIN)/govtasks eval --no-formats | sed -n '/^## Extraction: seed/,/^###/p'
	@echo "outputs in out/ (.jsonl = task rows, .xlsx for Excel/WPS, .md); full report in eval/REPORT.md"

test: install system-deps
	$(PY) -m pytest

bench: install
	$(PY) benchmarks/bench_extract.py

eval: install system-deps
	$(BIN)/govtasks eval

clean:
	rm -rf out .pytest_cache build *.egg-info
