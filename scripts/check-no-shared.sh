#!/usr/bin/env bash
# Fails when code, tests, build or CI scripts refer to ../shared: a user's
# clone has no such folder, so everything the tests need lives in the
# repository (fixtures under data/reference/ and crates/*/tests/fixtures/).
set -euo pipefail
cd "$(dirname "$0")/.."
hits=$(grep -rnE '\.\./([.][.]/)*shared\b|/work/shared' \
  --include='*.rs' --include='*.sh' --include='*.toml' --include='Makefile' --include='run' \
  crates bench bench-hydro scripts Makefile .ci 2>/dev/null \
  | grep -v '^scripts/check-no-shared.sh:' || true)
if [ -n "$hits" ]; then
  echo "error: these lines refer to ../shared, which a user's clone does not have:" >&2
  echo "$hits" >&2
  echo "hint: copy the data into the repository (data/reference/ or the crate's tests/fixtures/) and point the code there" >&2
  exit 1
fi
