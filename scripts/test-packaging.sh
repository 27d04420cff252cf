#!/usr/bin/env bash
# The packaging tests (tests/packaging/run.mjs): the packed npm package in
# webpack, Vite (dev server and build) and a plain page, in headless
# Chromium and Firefox, plus publint and arethetypeswrong. Builds pkg/
# first when it is missing. Ends with `packaging: N passed, M failed`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
[ -f pkg/package.json ] || scripts/build.sh
node tests/packaging/run.mjs
