# `make demo` and `make test` work from a fresh clone: they create .venv and install first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo test lint typecheck pytest docs bench bench-core bench-file bench-sparse clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[all,dev,docs]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/python scripts/demo.py

lint: install
	$(BIN)/ruff check src tests benchmarks examples scripts

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/python -m pytest

# The documentation site, built offline with warnings as errors; it lands in site/.
docs: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

test: lint typecheck pytest docs

bench: bench-core bench-file
	for f in benchmarks/bench_*.py; do case "$$f" in benchmarks/bench_core.py|benchmarks/bench_file_to_file.py) ;; *) $(BIN)/python $$f || exit 1;; esac; done

# ecomplexity 0.5.3 is installed for the comparison only, in its own environment.
.venv-bench/.stamp: pyproject.toml
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet -e . 'ecomplexity==0.5.3'
	touch $@

bench-core: install .venv-bench/.stamp
	$(BIN)/python benchmarks/bench_core.py --ecomplexity-python .venv-bench/bin/python

bench-file: install .venv-bench/.stamp
	$(BIN)/python benchmarks/bench_file_to_file.py --ecomplexity-python .venv-bench/bin/python

bench-sparse: install
	$(BIN)/python benchmarks/bench_sparse.py

clean:
	rm -rf $(VENV) .venv-bench build dist site .pytest_cache .mypy_cache .ruff_cache
