#!/bin/sh
# make-jvm-cache.sh TARGET BUILD_JAVA_HOME
# Makes the class-data cache the launcher TARGET/jrunc uses, from a training run
# (io.jrunc.cli.CacheTraining, through the launcher itself so that JVM options and class path are
# the ones of later calls). The JVM: $JRUNC_JAVA if set; else the newest JDK 25 or later in
# /usr/lib/jvm (AOT cache, JEP 483/514: classes loaded and linked ahead of time); else the build's
# JDK (AppCDS dynamic archive). Writes TARGET/jrunc.aot or TARGET/jrunc.jsa, and TARGET/jrunc.jvm
# ("JAVA KIND"). JRUNC_JVM_CACHE=off makes none. A failed training leaves no cache and does not
# fail the build: the launcher works without one, only slower.
set -u
target=$1
build_java=$2/bin/java
rm -f "$target/jrunc.aot" "$target/jrunc.jsa" "$target/jrunc.jvm"
rm -rf "$target/native"
# JNA's native library for this machine, unpacked by the build into jna-native/ (the launcher
# points jna.boot.library.path at native/)
case $(uname -m) in
  x86_64) arch=linux-x86-64 ;;
  aarch64) arch=linux-aarch64 ;;
  *) arch=none ;;
esac
if [ -r "$target/jna-native/com/sun/jna/$arch/libjnidispatch.so" ]; then
  mkdir -p "$target/native"
  cp "$target/jna-native/com/sun/jna/$arch/libjnidispatch.so" "$target/native/"
fi
if [ "${JRUNC_JVM_CACHE:-}" = off ]; then
  echo "make-jvm-cache: JRUNC_JVM_CACHE=off, no cache"
  exit 0
fi

major() { # the feature version of a JDK's java, from its release file
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "${1%/bin/java}/release" 2>/dev/null)
  echo "${v:-0}"
}

java=${JRUNC_JAVA:-}
if [ -z "$java" ]; then
  best=0
  for j in /usr/lib/jvm/*/bin/java; do
    [ -x "$j" ] || continue
    m=$(major "$(readlink -f "$j")")
    if [ "$m" -ge 25 ] && [ "$m" -gt "$best" ]; then best=$m; java=$(readlink -f "$j"); fi
  done
fi
[ -n "$java" ] || java=$(readlink -f "$build_java")
m=$(major "$java")
if [ "$m" -ge 25 ]; then
  kind=aot; opt="-XX:AOTCacheOutput=$target/jrunc.aot"
else
  kind=cds; opt="-XX:ArchiveClassesAtExit=$target/jrunc.jsa"
fi
log=$target/jrunc-cache.log
if JRUNC_JAVA=$java JRUNC_MAIN_CLASS=io.jrunc.cli.CacheTraining JRUNC_JAVA_OPTS="$opt" \
    "$target/jrunc" > "$log" 2>&1 && [ -s "$target/jrunc.$( [ $kind = aot ] && echo aot || echo jsa)" ]; then
  echo "$java $kind" > "$target/jrunc.jvm"
  echo "make-jvm-cache: $kind cache for $java (JDK $m) in $target"
else
  rm -f "$target/jrunc.aot" "$target/jrunc.jsa"
  echo "make-jvm-cache: WARNING: no cache, the training run failed (see $log); jrunc works, but starts slower"
fi
exit 0
