# crmkit courseware. Two commands: `make start` (JupyterLab) and `make test` (ruff + pytest).
# Each creates .venv and installs what it needs on first use; only python3 (>= 3.11) and make
# are required on the machine.

PYTHON   ?= python3
VENV     ?= .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.crmkit-installed
SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
PORT     ?= 8888
LAB_ARGS ?=
# JupyterLab refuses to run as root (CI, containers) unless told.
AS_ROOT  := $(if $(filter 0,$(shell id -u)),--allow-root,)
# No browser when asked (NO_BROWSER=1), in CI, or on Linux without a display.
OPEN_BROWSER := $(if $(or $(NO_BROWSER),$(CI),$(and $(filter Linux,$(shell uname -s)),$(if $(DISPLAY)$(WAYLAND_DISPLAY),,nodisplay))),--no-browser,)

.PHONY: help install data start test lint demo clean

help:
	@echo "make start   install if needed, build the course data, open JupyterLab on the welcome notebook"
	@echo "make test    install if needed, run ruff and the whole test suite"
	@echo "make demo    build the data and execute every lesson notebook headless"
	@echo "make data    build the course databases of all shops (skips those already built)"
	@echo "make clean   remove .venv, built data and executed outputs"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

$(SETTINGS): jupyter/overrides.json
	@mkdir -p $(dir $(SETTINGS))
	cp jupyter/overrides.json $(SETTINGS)

install: $(STAMP) $(SETTINGS)

data: install
	$(BIN)/crmkit data build --shop all

start: install data
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --port=$(PORT) $(OPEN_BROWSER) $(AS_ROOT) \
		--LabApp.default_url=/lab/tree/notebooks/00_welcome.ipynb $(LAB_ARGS)

lint: install
	$(BIN)/ruff check .

test: install lint
	$(BIN)/python -m pytest -n auto --dist loadfile

demo: install data
	$(BIN)/python -m crmkit.demo

clean:
	rm -rf $(VENV) datasets/build build/outputs .pytest_cache .ruff_cache
