#!/usr/bin/env bash
# Quick start, command 2: install (with test extras and the system tools the tests drive), lint, then run every test.
# Extra arguments go to pytest, e.g. scripts/test.sh -m "not e2e" -k search
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
scripts/system-deps.sh
scripts/lint.sh
exec .venv/bin/python -m pytest "$@"
