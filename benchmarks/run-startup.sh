#!/usr/bin/env bash
# Builds jrunc and runs the startup benchmark: a busybox /bin/true container run to its exit and
# deleted by jrunc embedded (warm JVM), `jrunc run`, `runc run` and `crun run`, beside the floor
# `unshare -p -f -m -u -i -n chroot ROOTFS /bin/true`. Run as root, on a quiet machine.
#   benchmarks/run-startup.sh [--n N] [--warmup N] [--cli N] [--ext N] [--rounds N] [--work DIR]
#                             [--state DIR] [--only embedded,cli,runc,crun,floor,spawn]
# Needs perl (the command-line runs are timed by benchmarks/src/main/resources/.../time-runs.pl).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl test-rootfs,runtime-cli,benchmarks -am package -DskipTests
exec java -cp "benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar:benchmarks/target/lib/*" \
  -Djrunc.busybox.tar=test-rootfs/target/busybox-rootfs.tar \
  -Djrunc.launcher=runtime-cli/target/jrunc \
  io.jrunc.bench.StartupBenchmark "$@"
