# Set-up is part of each target: a fresh machine needs only python3 (>= 3.11) and make.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: demo test gate bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --upgrade pip
	$(VENV)/bin/python -m pip install -q -c constraints.txt -e '.[web,test,spark]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/eventwire ingest samples/ --db eventwire.duckdb

test: $(STAMP)
	$(VENV)/bin/python -m pytest -q

gate: $(STAMP)
	$(VENV)/bin/python -m pytest -q tests/test_gate.py

bench: $(STAMP)
	$(VENV)/bin/python benchmarks/nlp_speed.py
	$(VENV)/bin/python benchmarks/pipeline_speed.py
	$(VENV)/bin/python benchmarks/nlp_speed.py --model eventwire/models/en_eventwire --conllu ../shared/data/ud-english/en_ewt-ud-dev.conllu
	$(VENV)/bin/python benchmarks/pipeline_speed.py --samples 'en-*.txt' --repeat 60
	$(VENV)/bin/python benchmarks/web_speed.py

clean:
	rm -rf $(VENV) eventwire.duckdb eventwire.duckdb.wal .pytest_cache
