#!/usr/bin/env bash
# The busybox walkthrough: build jrunc, extract a `docker export` tarball of busybox into
# bundle/rootfs, write bundle/config.json with `jrunc spec`, and `jrunc run busybox2`: an
# interactive busybox shell, PID 1 in its own namespaces (`exit` leaves it). Run by a user who is
# not root, the config is `jrunc spec --rootless` (root in the container is that user).
#   usage: scripts/walkthrough.sh [BUNDLE_DIR]   (default: ./bundle)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/prerequisites.sh
jrunc_prerequisites

bundle=${1:-bundle}
mvn -B -q package -DskipTests
jrunc=runtime-cli/target/jrunc
tarball=test-rootfs/target/busybox-rootfs.tar # what `docker export $(docker create busybox)` gives

if [ -e "$bundle" ]; then
  echo "walkthrough: $bundle exists; remove it first (rm -rf $bundle)" >&2
  exit 1
fi
mkdir -p "$bundle"
"$jrunc" extract "$tarball" "$bundle/rootfs"
spec_args=()
if [ "$(id -u)" -ne 0 ]; then spec_args=(--rootless); fi
"$jrunc" spec "${spec_args[@]}" --bundle "$bundle"
echo "walkthrough: bundle ready in $bundle; running: cd $bundle && jrunc run busybox2" >&2
cd "$bundle"
exec "$OLDPWD/$jrunc" run busybox2
