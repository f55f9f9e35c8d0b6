#!/usr/bin/env bash
# Redraw docs/img/report-vi.png, the README's picture of the HTML report: the demo plan's report
# (tests/fixtures, every status once) in Vietnamese, as headless Chromium shows it in a window of
# 1000×1400 pixels. Run from anywhere, with dxcheck installed:
#
#   bash scripts/screenshot.sh                      Chromium from the PATH
#   DXCHECK_CHROMIUM=/path/to/chrome bash scripts/screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
browser="${DXCHECK_CHROMIUM:-chromium}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# exit 1: the demo misses a target, as the page's summary line says
python3 -m dxcheck compare tests/fixtures/plan.yaml tests/fixtures/actuals-2023.yaml \
    tests/fixtures/actuals-2024.yaml --lang vi --output "$work/report.html" || [ $? -eq 1 ]
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size=1000,1400 \
    --screenshot="$PWD/docs/img/report-vi.png" "file://$work/report.html" 2>/dev/null
ls -l docs/img/report-vi.png
