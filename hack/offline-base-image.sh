#!/usr/bin/env bash
# Usage: hack/offline-base-image.sh OUTPUT.tar
#
# Writes a minimal base image as a docker-save tarball, made only from what this machine
# has: a jlink JRE of $JAVA_HOME (at /opt/java/openjdk, as in eclipse-temurin) and the
# host's C libraries it links against. Jib builds on it with -Djib.from.image=tar://OUTPUT.tar
# when no registry is reachable. For tests only: `make image` uses the real base image.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
[[ $# -eq 1 ]] || bad_usage
out=$(realpath -m "$1")
: "${JAVA_HOME:?set JAVA_HOME to a JDK 25}"

if [[ -f "$out" && "$out" -nt "$JAVA_HOME/release" && "$out" -nt "$0" ]]; then
  echo "up to date: $out"
  exit 0
fi

work=$(mktemp -d)
remove_work() { rm -rf "$work" "$out.part"; }
on_exit remove_work
root=$work/rootfs
mkdir -p "$root/opt/java" "$root/tmp" "$root/etc"
chmod 1777 "$root/tmp"

# The modules Spring Boot, Netty and Micrometer use (jdk.management: process CPU metrics;
# jdk.unsupported: Netty; java.desktop: java.beans).
"$JAVA_HOME/bin/jlink" --output "$root/opt/java/openjdk" \
  --add-modules java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.scripting,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.management,jdk.net,jdk.unsupported,jdk.zipfs \
  --strip-debug --no-man-pages --no-header-files --compress=zip-6

# The shared libraries the JRE needs, copied from the host at the same paths.
find "$root/opt/java/openjdk" -type f \( -name java -o -name '*.so' \) -print0 |
  xargs -0 ldd 2>/dev/null | awk '/=> \// {print $3} /^\s*\/.*ld-linux/ {print $1}' | sort -u |
  while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
# The dynamic loader must also be at the path binaries ask for.
loader=$(readelf -l "$root/opt/java/openjdk/bin/java" | awk -F': ' '/interpreter/ {print $2}' | tr -d ']')
mkdir -p "$root$(dirname "$loader")" && cp -L "$loader" "$root$loader"
echo 'root:x:0:0:root:/root:/sbin/nologin' >"$root/etc/passwd"

tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$root" -cf "$work/layer.tar" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
arch=$(arch_of "$(uname -m)")
cat >"$work/config.json" <<JSON
{"architecture":"$arch","os":"linux",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/bin:/bin","JAVA_HOME=/opt/java/openjdk"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]}}
JSON
echo '[{"Config":"config.json","RepoTags":["cat-facts-test-base:local"],"Layers":["layer.tar"]}]' >"$work/manifest.json"
mkdir -p "$(dirname "$out")"
# Written beside its name and renamed when complete: an interrupted run must not leave a
# truncated tarball that the up-to-date check above would take.
tar -C "$work" -cf "$out.part" manifest.json config.json layer.tar
mv "$out.part" "$out"
echo "wrote $out ($(du -h "$out" | cut -f1))"
