#!/usr/bin/env bash
# Runs every test: unit tests, then the integration tests (*IT) that start real containers.
# Run as root; installs the Debian packages the tests need when they are missing.
# Integration tests that cannot run here fail instead of being skipped (-Djrunc.it.required),
# and this script fails if no integration test ran or any was skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
jrunc_prerequisites

mvn -B verify -Djrunc.it.required=true "$@"

# Count what Failsafe ran, across modules.
shopt -s nullglob
reports=(*/target/failsafe-reports/TEST-*.xml)
total=0 skipped=0
for r in "${reports[@]}"; do
  head=$(grep -m1 -o '<testsuite [^>]*>' "$r")
  t=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$head")
  s=$(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<<"$head")
  total=$((total + ${t:-0})) skipped=$((skipped + ${s:-0}))
done
echo "integration tests: $total run, $skipped skipped (${#reports[@]} classes)"
if [ "$total" -eq 0 ]; then echo "FAIL: no integration test ran" >&2; exit 1; fi
if [ "$skipped" -ne 0 ]; then echo "FAIL: $skipped integration tests were skipped" >&2; exit 1; fi
