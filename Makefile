# Two commands on a fresh Debian machine (root, Python 3.11): `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The stamp names the requirements' hash, so editing requirements.txt or constraints.txt reinstalls.
STAMP := $(VENV)/.installed-$(shell cat requirements.txt constraints.txt | sha1sum | cut -c1-12)

.PHONY: setup system-packages run test data bench clean-venv

setup: $(STAMP)

$(STAMP): requirements.txt constraints.txt
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	rm -f $(VENV)/.installed-* && touch $@

# Browser tests drive Debian's Chromium (never a downloaded browser) and need CJK fonts.
system-packages:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then \
		echo "installing chromium and fonts-noto-cjk"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; \
	fi

run: setup
	$(PY) -m dashboard.serve --server.port 8501 --server.address localhost

test: setup system-packages
	$(PY) -m pytest -q

data: setup
	$(PY) -m pipeline.build $(if $(REPLACE),--replace)

bench: setup system-packages
	$(PY) -m bench

clean-venv:
	rm -rf $(VENV)
