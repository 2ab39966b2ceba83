# Two commands for a newcomer: `make demo` (install + run on corpus/) and `make test`
# (install + run the tests; .ci/run calls it). Each does its own set-up.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
# LibreOffice converts .doc/.wps/.et, makes the PDF test fixtures and prints the drafts to PDF;
# poppler renders PDFs to PNG; Noto CJK gives the charts (and the PDFs) Chinese glyphs; chromium is
# the browser the web page's tests drive with Playwright (tests/web/test_browser.py).
APT_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk chromium

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
	@if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && [ -x /usr/bin/chromium ] && [ -n "$$(fc-list :lang=zh 2>/dev/null | head -1)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing $(APT_PACKAGES)"; \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null; \
	else echo "note: LibreOffice, poppler, chromium or a CJK font missing and not root: PDF/.doc/chart/browser tests will be skipped"; fi

DEMO_QUESTIONS := "商务局牵头哪些任务？" "钟楼区新增公共停车泊位的目标是多少？" "两个区的老旧电梯更新目标分别是多少？" "潘俊分管几项工作？" "区气象局牵头哪些任务？"

demo: install system-deps
	@mkdir -p out
	@for f in corpus/*.txt; do \
		stem=$$(basename $$f .txt); \
		$(BIN)/govtasks extract $$f -o out/$$stem.jsonl -q && \
		$(BIN)/govtasks extract $$f -o out/$$stem.xlsx && \
		$(BIN)/govtasks extract $$f -o out/$$stem.md -q; \
	done
	@echo; echo "== a few rows of each table (seq · goal · lead units · targets · source) =="
	@$(PY) -c 'import json,glob; [print(r["doc_id"], r["seq"], "/".join(g or "?" for g in r["goal_path"]), "、".join(r["lead_units"]), [(t["value"], t["unit"]) for t in r["targets"]], r["source"].get("line_start")) for f in sorted(glob.glob("out/*.jsonl")) for r in [json.loads(l) for l in open(f, encoding="utf-8")][:4]]'
	@echo; echo "== index corpus/ (local embeddings, embedded Chroma in out/store) =="
	@$(BIN)/govtasks index corpus/ --store out/store
	@echo; echo "== questions, answered with the rows and their source lines =="
	@for q in $(DEMO_QUESTIONS); do $(BIN)/govtasks ask "$$q" --store out/store; done
	@echo; echo "== drafts for 武进区商务局: summary (.xlsx), 2026Q1 progress-report template with charts (.docx), the ledger to fill (.xlsx) =="
	@$(BIN)/govtasks draft --store out/store --unit 商务局 --district 武进区 -o out/商务局_汇总.xlsx
	@$(BIN)/govtasks draft --store out/store --unit 商务局 --district 武进区 --period 2026Q1 -o out/商务局_2026Q1_进展情况.docx
	@$(BIN)/govtasks draft --store out/store --unit 商务局 --district 武进区 --period 2026Q1 -o out/商务局_2026Q1_台账.xlsx
	@$(BIN)/govtasks eval --no-formats --no-questions --no-links --report out/eval.md 2>/dev/null | sed -n '/^## Extraction: seed/,/^###/p' | grep '^|'
	@echo; echo "outputs in out/: .jsonl = task rows (the contract), .xlsx for Excel/WPS, .md; drafts 商务局_*; index out/store; eval report out/eval.md"

test: install system-deps
	$(PY) -m pytest

bench: install
	$(PY) benchmarks/bench_extract.py
	$(PY) benchmarks/bench_retrieval.py
	$(PY) benchmarks/bench_index.py
	$(PY) benchmarks/bench_llm.py
	$(PY) benchmarks/bench_render.py
	$(PY) benchmarks/bench_draft.py

eval: install system-deps
	$(BIN)/govtasks eval

clean:
	rm -rf out .pytest_cache build *.egg-info
