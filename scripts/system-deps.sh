#!/usr/bin/env bash
# System tools some tests drive: promtool and prometheus (Debian package `prometheus`), chromium (package `chromium`).
# Installs them with apt-get when missing and when this user can (root, or passwordless sudo).
set -euo pipefail
missing=()
# promtool checks the deploy/prometheus assets; prometheus itself scrapes the stack in tests/test_prometheus_scrape.py
{ command -v promtool >/dev/null && command -v prometheus >/dev/null; } || missing+=(prometheus)
command -v chromium >/dev/null || missing+=(chromium)  # headless browser for the explorer tests (Playwright drives it)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "note: ${missing[*]} not installed and no root: tests that need them will skip (or fail under CI=true)" >&2
    exit 0
  fi
fi
if ! command -v apt-get >/dev/null; then
  echo "note: no apt-get; install ${missing[*]} yourself for the full test suite" >&2
  exit 0
fi
echo "installing system packages: ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
