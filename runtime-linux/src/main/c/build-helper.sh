#!/usr/bin/env bash
# Builds the jrunc helper for this machine's architecture as a static executable, and writes its
# SHA-256 beside it (the runtime refuses a helper whose hash does not match).
#
# usage: build-helper.sh OUTDIR     -> OUTDIR/<arch>/jrunc-helper, OUTDIR/<arch>/jrunc-helper.sha256
# CC=... overrides the compiler; by default musl-gcc (small: ~20 KB) if present, else gcc -static
# (glibc: ~700 KB, more to copy into a memfd on every JVM start).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
outdir=${1:?usage: build-helper.sh OUTDIR}

case $(uname -m) in
  x86_64 | amd64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch64 ;;
  *) echo "build-helper: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac
if [ -z "${CC:-}" ]; then
  if command -v musl-gcc >/dev/null; then CC=musl-gcc; else CC=gcc; fi
fi
out="$outdir/$arch/jrunc-helper"
if [ -e "$out" ] && [ -e "$out.sha256" ] && [ "$out" -nt "$here/jrunc-helper.c" ] \
    && [ "$out" -nt "$here/plan.h" ] && [ "$out" -nt "$0" ]; then
  exit 0 # up to date
fi

mkdir -p "$outdir/$arch"
# -Werror: the helper is small and ours; a warning is a bug. Stack protector kept (cheap, and
# the helper runs as root before any sandboxing). No build id, sections collected, stripped.
"$CC" -std=gnu11 -Os -static -s -Wall -Wextra -Werror -Wshadow -Wformat=2 \
  -fstack-protector-strong -ffunction-sections -fdata-sections \
  -Wl,--gc-sections -Wl,--build-id=none \
  -o "$out.partial" "$here/jrunc-helper.c"
mv -f "$out.partial" "$out"
(cd "$outdir/$arch" && sha256sum jrunc-helper > jrunc-helper.sha256)
echo "build-helper: $out ($CC, $(stat -c %s "$out") bytes)"
