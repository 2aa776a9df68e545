#!/usr/bin/env bash
# Runs every test: unit tests, then the integration tests (*IT) that start real containers.
# Run as root; installs the Debian packages the tests need when they are missing.
# Integration tests that cannot run here fail instead of being skipped (-Djrunc.it.required),
# and this script fails if no integration test ran or any was skipped.
# Then, unless JRUNC_UNPRIVILEGED=0, the same suite runs again as an ordinary user
# ($JRUNC_TEST_USER, made when missing, default jrunc-ci) from a copy of this tree: rootless
# containers. There the tests that need root are skipped by name (Requirements.requireRoot) and
# listed; any other skip fails.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
. scripts/unprivileged.sh
jrunc_prerequisites

mvn -B verify -Djrunc.it.required=true "$@"
echo "== as root"
jrunc_it_report . 0

if [ "$(id -u)" -eq 0 ] && [ "${JRUNC_UNPRIVILEGED:-1}" != 0 ]; then
  echo "== as the unprivileged user $JRUNC_TEST_USER"
  jrunc_unprivileged_setup
  jrunc_unprivileged_mvn -B verify -Djrunc.it.required=true "$@"
  jrunc_it_report "$JRUNC_UNPRIVILEGED_TREE" 1
fi
