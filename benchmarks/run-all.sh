#!/usr/bin/env bash
# Builds jrunc and runs every benchmark (issue 8) side by side on one busybox bundle, printing one
# table of medians, p10-p90 spreads, ratios and goals; also written to
# benchmarks/target/bench-results.txt. Run as root, on a quiet machine.
#   benchmarks/run-all.sh [--quick] [--parts 1,2,3,4,5] [--parallel P] [--out FILE]
# --quick: small counts (about 2 minutes), for development; the full run takes about 10 minutes.
# Needs perl, and runc and crun to compare with (rows of a missing tool stay empty).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl test-rootfs,runtime-cli,benchmarks -am package -DskipTests
exec java -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
  -Djrunc.busybox.tar=test-rootfs/target/busybox-rootfs.tar \
  -Djrunc.launcher=runtime-cli/target/jrunc \
  io.jrunc.bench.RunAll "$@"
