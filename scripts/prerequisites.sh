# Sourced by the scripts here: makes sure the Debian packages jrunc's build and tests need are
# installed, installing the missing ones when run as root on Debian/Ubuntu.
#   busybox-static  the test rootfs (test-rootfs/make-busybox-rootfs.sh)
#   musl-tools      musl-gcc, for the small static helper (gcc -static is the fallback)
#   runc            a test oracle only (`runc spec` output is compared with `jrunc spec`)
#   xz-utils zstd bzip2  compressing test archives; tar for the extraction comparison
#   uidmap          newuidmap/newgidmap: rootless containers that map subordinate id ranges
#   docker.io podman containerd  the engines that drive jrunc in the engine ITs (DockerIT,
#                   PodmanIT, ContainerdIT); each test starts its own daemon, nothing is enabled
#   bsdutils        script(1), a terminal for `docker run -it` in DockerIT
jrunc_prerequisites() {
  local missing=() cmd pkg
  for pair in /bin/busybox:busybox-static musl-gcc:musl-tools runc:runc xz:xz-utils \
              zstd:zstd bzip2:bzip2 gcc:gcc tar:tar /usr/bin/newuidmap:uidmap \
              dockerd:docker.io /usr/bin/docker:docker.io podman:podman conmon:conmon \
              containerd:containerd ctr:containerd containerd-shim-runc-v2:containerd \
              script:bsdutils; do
    cmd=${pair%%:*} pkg=${pair#*:}
    if [[ $cmd == /* ]]; then [ -x "$cmd" ] || missing+=("$pkg")
    else command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg"); fi
  done
  # A dynamically linked busybox (package "busybox") cannot run inside a bare rootfs.
  if [ -x /bin/busybox ] && ! dpkg -s busybox-static >/dev/null 2>&1; then missing+=(busybox-static); fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "jrunc: missing packages: ${missing[*]} (install them, e.g. sudo apt-get install -y ${missing[*]})" >&2
    return 1
  fi
  echo "jrunc: installing ${missing[*]}" >&2
  apt-get update -qq
  # (--no-install-recommends: no docker/podman services are wanted, only their programs)
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
}
