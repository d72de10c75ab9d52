# Two commands on a fresh Debian machine (root, Python 3.11): `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The stamp names the requirements' hash, so editing requirements.txt or constraints.txt reinstalls.
STAMP := $(VENV)/.installed-$(shell cat requirements.txt constraints.txt | sha1sum | cut -c1-12)

.PHONY: setup system-packages run test data add-year bench clean-venv loadtest serve-cluster haproxy export

setup: $(STAMP)

$(STAMP): requirements.txt constraints.txt
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	rm -f $(VENV)/.installed-* && touch $@

# Browser tests drive Debian's Chromium (never a downloaded browser) and need CJK fonts. The PDF handout embeds
# BIZ UDPGothic (TrueType outlines: Chromium embeds Noto Sans CJK's CFF outlines only as unnamed Type 3 fonts);
# poppler-utils (pdffonts, pdftotext) lets the export test check that.
system-packages:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK" \
		|| ! fc-list 2>/dev/null | grep -q "BIZ UDPGothic" || ! command -v pdffonts >/dev/null; then \
		echo "installing chromium, fonts-noto-cjk, fonts-morisawa-bizud-gothic and poppler-utils"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk \
			fonts-morisawa-bizud-gothic poppler-utils; \
	fi

# PUBLIC_URL: the address phones in the hall reach, for the slides' QR codes (README "Presenting").
PUBLIC_URL ?=
run: setup
	$(PY) -m dashboard.serve --server.port 8501 --server.address localhost $(if $(PUBLIC_URL),--public-url $(PUBLIC_URL))

test: setup system-packages
	$(PY) -m pytest -q

data: setup
	$(PY) -m pipeline.build $(if $(REPLACE),--replace)

# A new fiscal year's 支援自治体一覧 as a new source set + snapshot (README "Adding a fiscal year"; no code change).
# FILE: the list (.xlsx, or CSV in UTF-8/CP932); AS_OF: YYYY-MM-DD it describes; SOURCE: the source card (TOML);
# COUNTS: per-year selection counts ("R5=6"); optional TOTALS ("selected=59,supported=42,ended=17"),
# ENDED (list of projects whose support ends, 001 p.8 layout), SHEET (the .xlsx sheet) and TECHNOLOGIES (new
# vocabulary entries with their English names: "量子技術=Quantum technology"); CHECK=1 checks and publishes nothing.
add-year: setup
	$(PY) -m pipeline.add_year --file "$(FILE)" --as-of "$(AS_OF)" --source "$(SOURCE)" --counts "$(COUNTS)" \
		$(if $(TOTALS),--totals "$(TOTALS)") $(if $(ENDED),--ended "$(ENDED)") $(if $(SHEET),--sheet "$(SHEET)") \
		$(if $(TECHNOLOGIES),--technologies "$(TECHNOLOGIES)") $(if $(CHECK),--check)

bench: setup system-packages
	$(PY) -m bench

# Load test of a running dashboard (loopback only; README "Serving a hall"). RSS_PORTS: the replicas' ports
# when URL is a load balancer; AFTER: seconds before the after-run memory figure; HALL=1: every visitor is a phone
# opening the presenter's link (no filters) instead of random filters; THINK: mean seconds between a visitor's pages
# (default 1); ARRIVE: seconds over which visitors arrive (default: all within 2 s; a hall scanning a QR code: 60).
SESSIONS ?= 50
SECONDS ?= 60
URL ?= http://localhost:8501
AFTER ?= 60
RSS_PORTS ?=
loadtest: setup
	$(PY) -m bench.loadgen --sessions $(SESSIONS) --seconds $(SECONDS) --url $(URL) --after $(AFTER) $(if $(RSS_PORTS),--rss-ports $(RSS_PORTS)) $(if $(HALL),--hall) \
		$(if $(THINK),--think $(THINK)) $(if $(ARRIVE),--arrive $(ARRIVE))

# HAProxy (Debian's package) is installed if missing, like chromium above.
haproxy:
	@command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || { echo "installing haproxy"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy; }

# REPLICAS dashboard processes on PORT+1.. behind HAProxy on BIND:PORT (README "Serving a hall"). Ctrl-C stops all.
REPLICAS ?= 2
PORT ?= 8080
BIND ?= 0.0.0.0
serve-cluster: setup haproxy
	$(PY) -m deploy.cluster --replicas $(REPLICAS) --port $(PORT) --bind $(BIND)

# A deck as PPTX (native charts), PDF (handout) or PNG (one image per slide in the folder OUT); README "Exports".
DECK ?= decks/default.toml
FORMAT ?= pptx
OUT ?= exports
# LANG=en for English; any other value (the shell's own LANG, e.g. C.UTF-8) means Japanese.
export: setup system-packages
	$(PY) -m dashboard.export --deck $(DECK) --format $(FORMAT) --out $(OUT) --lang $(if $(filter en,$(LANG)),en,ja)

clean-venv:
	rm -rf $(VENV)
