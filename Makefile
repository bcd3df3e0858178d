# The README's two commands: `make run` and `make test`. Both set up what they
# need on a fresh clone: the virtual environment, then the models.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MORPH_DB := models/morphology/bama/morphology.db
SHARED := ../shared

.PHONY: run test models bench eval fuzz clean lint bytecode

run: $(STAMP) $(MORPH_DB) bytecode
	$(BIN)/extract corpus/

test: $(STAMP) $(MORPH_DB) bytecode
	$(BIN)/python -m pytest

# The package is installed in place (pip -e), so pip compiles none of it; where
# PYTHONDONTWRITEBYTECODE is set, every `extract` and every worker would compile
# the package again (0.06 s of a 0.3 s start). Up-to-date files are skipped.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q nlp_extract

$(STAMP): pyproject.toml requirements.txt requirements-camel.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Error: $(PYTHON) not found (set PYTHON=...)" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt -r requirements-dev.txt
	# camel-tools without torch/transformers: see requirements-camel.txt
	$(BIN)/pip install --disable-pip-version-check -q --no-deps -r requirements-camel.txt
	$(BIN)/pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

models: $(MORPH_DB)

$(MORPH_DB): $(STAMP) nlp_extract/bama.py
	$(BIN)/python -m nlp_extract.bama build models/morphology/bama

bench: $(STAMP) $(MORPH_DB) bytecode
	$(BIN)/python -m tests.bench.run

eval: $(STAMP) $(MORPH_DB)
	$(BIN)/python -m tests.eval_gold

fuzz: $(STAMP) $(MORPH_DB)
	$(BIN)/python -m tests.fuzz.run

clean:
	rm -rf $(VENV) models/morphology build *.egg-info
