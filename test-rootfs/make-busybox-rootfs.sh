#!/usr/bin/env bash
# Makes a busybox rootfs tarball in the layout `docker export` gives for the busybox image:
# bin/busybox with every applet a hard link beside it in bin/, etc/passwd and etc/group with
# root and nobody, and empty dev proc sys tmp root var. Entries carry no leading "./" and are
# owned by 0:0, sorted, with a fixed mtime, so the tarball is the same on every build.
#
# usage: make-busybox-rootfs.sh OUT.tar   (BUSYBOX=/path/to/static/busybox to override)
set -euo pipefail
out=$(realpath -m "${1:?usage: make-busybox-rootfs.sh OUT.tar}")
busybox=${BUSYBOX:-/bin/busybox}

if [ ! -x "$busybox" ]; then
  echo "make-busybox-rootfs: $busybox not found; install Debian's busybox-static (apt-get install -y busybox-static)" >&2
  exit 1
fi
if [[ $("$busybox" --help 2>&1 | head -1) != BusyBox* ]]; then
  echo "make-busybox-rootfs: $busybox does not run as busybox" >&2
  exit 1
fi
if command -v ldd >/dev/null && ldd "$busybox" >/dev/null 2>&1; then
  echo "make-busybox-rootfs: $busybox is dynamically linked; install busybox-static" >&2
  exit 1
fi
if [ -e "$out" ] && [ "$out" -nt "$busybox" ] && [ "$out" -nt "$0" ]; then
  exit 0 # up to date
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/busybox-rootfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
umask 022
mkdir -p "$stage"/{bin,dev,etc,proc,sys,tmp,root,var}
chmod 1777 "$stage/tmp"
chmod 700 "$stage/root"
cp "$busybox" "$stage/bin/busybox"
chmod 755 "$stage/bin/busybox"
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] && continue
  ln "$stage/bin/busybox" "$stage/bin/$applet"
done
cat > "$stage/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/home:/bin/false
PASSWD
cat > "$stage/etc/group" <<'GROUP'
root:x:0:
nobody:x:65534:
GROUP

mkdir -p "$(dirname "$out")"
tmp_out="$out.partial"
(cd "$stage" && tar --sort=name --owner=0 --group=0 --numeric-owner \
  --mtime='2024-01-01 00:00:00Z' --format=gnu -cf "$tmp_out" bin dev etc proc root sys tmp var)
mv -f "$tmp_out" "$out"
echo "make-busybox-rootfs: wrote $out ($("$busybox" --list | wc -l) applets)"
