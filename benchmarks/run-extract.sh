#!/usr/bin/env bash
# Builds jrunc and runs the extraction benchmark (jrunc vs GNU tar). Run as root for ownership
# and device nodes to be part of the work, as they are for tar.
#   benchmarks/run-extract.sh [--reps N] [--warmup N] [--work DIR] [--only busybox|generated]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl test-rootfs,benchmarks -am package -DskipTests
exec java -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
  -Djrunc.busybox.tar=test-rootfs/target/busybox-rootfs.tar \
  io.jrunc.bench.ExtractBenchmark "$@"
