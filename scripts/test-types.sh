#!/usr/bin/env bash
# The TypeScript consumer tests (tests/types/run.mjs): the packed package
# compiled against with `tsc --strict` under the common lib settings, and
# the no-`any` check of its declarations. Builds pkg/ first when it is
# missing. Ends with `types: N passed, M failed`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
[ -f pkg/package.json ] || scripts/build.sh
node tests/types/run.mjs
