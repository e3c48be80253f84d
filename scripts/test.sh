#!/usr/bin/env bash
# Quick start, command 2: install (with test extras and the system tools the tests drive), lint, then run every test.
# Extra arguments go to pytest, e.g. scripts/test.sh -m "not e2e" -k search
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
scripts/system-deps.sh
scripts/lint.sh
# In parallel (pytest-xdist): one worker more than there are cores, at most 4. The suite waits (on servers starting,
# paced streams, restarts, outages) more than it computes, so on 2 cores 3 workers keep both busy; beyond 4 the
# longest module (tests/test_durability.py, ~5 min) bounds the run anyway. A module runs whole on one worker
# (--dist loadfile: its module-scoped stack starts once), the longest first (by the durations the last run recorded
# in the pytest cache, conftest.py; hence --no-loadscope-reorder). Each worker has its own tansu and osmem (session fixtures). Arguments given here come
# later and win: scripts/test.sh -n 0 runs serially; CLAIMSTREAM_TEST_WORKERS=2 sets the number of workers.
cores=$(nproc 2>/dev/null || echo 1)
workers=${CLAIMSTREAM_TEST_WORKERS:-$((cores + 1 < 4 ? cores + 1 : 4))}
exec .venv/bin/python -m pytest -n "$workers" --dist loadfile --no-loadscope-reorder "$@"
