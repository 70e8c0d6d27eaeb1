#!/usr/bin/env bash
# Usage: hack/image-test.sh
#
# Proves the Jib image without Docker: builds it as `make image-tar` does (hack/build-image.sh:
# two Jib passes around the JDK AOT cache training) on a locally made base image (a jlink JRE
# plus the host's C libraries, see hack/offline-base-image.sh), unpacks its layers, and runs
# its own entrypoint, environment and user from the image config in a chroot. Then it checks
# the process runs as the image's non-root user with the image's JVM flags and its AOT cache
# mapped, on a read-only root filesystem, readiness turns UP on the management port, and
# /cat_facts and /metrics answer.
# Needs root (chroot, mount); `make image-test` runs it, and CI after `make test`. The real
# base image stays the default for `make image`.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
(($# == 0)) || bad_usage
cd "$(dirname "$0")/.."

[[ $(id -u) -eq 0 ]] || die "the image test needs root for chroot and mount: run it as root (CI does), e.g. sudo -E make image-test"
for tool in python3 curl unshare chroot; do
  command -v "$tool" >/dev/null || die "$tool is needed (apt-get install python3 curl util-linux coreutils)"
done
require_java
require_go "the image unpacker (hack/tools/image-unpack)"

work=$PWD/target/image-test
rootfs=$work/rootfs
base=$work/base.tar
image=$work/image.tar
mkdir -p "$work"

step "Base image from a jlink JRE ($base)"
hack/offline-base-image.sh "$base"

step "Application image on that base, with its JDK AOT cache ($image)"
# Its ID files beside it: target/jib-image.id names the image built for a cluster (make
# image-tar, make node-app-image), which make install puts into the pod template.
hack/build-image.sh tar -Djib.from.image="tar://$base" -Djib.outputPaths.tar="$image" \
  -Djib.outputPaths.imageId="$work/image.id" -Djib.outputPaths.digest="$work/image.digest" \
  -Djib.outputPaths.imageJson="$work/image.json"

step "Unpacking the layers and reading the image config"
unpack_image "$image" "$rootfs" "$work/config.env"
# shellcheck source=/dev/null
source "$work/config.env"
echo "user: $IMAGE_USER, ports: $IMAGE_PORTS"
echo "entrypoint: ${IMAGE_ENTRYPOINT[*]}"

[[ "$IMAGE_USER" == 65532:65532 ]] || die "image user is '$IMAGE_USER', expected the non-root 65532:65532"
[[ "$IMAGE_PORTS" == "8080/tcp 8081/tcp" ]] || die "image ports are '$IMAGE_PORTS', expected 8080/tcp 8081/tcp"
for port in 8080 8081; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    die "port $port is in use on this machine (is 'make run' running?); the image's ports are tested as they are"
  fi
done

step "Running the entrypoint as $IMAGE_USER in a chroot"
mkdir -p "$rootfs/etc" && cp /etc/hosts "$rootfs/etc/hosts"
tmp=$work/tmp && rm -rf "$tmp" && mkdir -p "$tmp" && chmod 1777 "$tmp"
log=$work/app.log
# Offline mode, so the test never calls the public facts API.
run_in_image "$rootfs" "$tmp" "$IMAGE_USER" CAT_FACTS_UPSTREAM_ENABLED=false \
  "${IMAGE_ENTRYPOINT[@]}" "${IMAGE_CMD[@]}" >"$log" 2>&1 &
runner=$!
# The JVM is at the end of a chain (this script's subshell, unshare, then the exec'd chroot).
app_pid() {
  local pid=$runner child
  while child=$(pgrep -P "$pid" | head -1) && [[ -n "$child" ]]; do pid=$child; done
  echo "$pid"
}
# SIGTERM, as the kubelet sends; SIGKILL if the drain has not ended it in 30 s, as the
# kubelet would after the grace period, so a hung JVM cannot hold the script for ever.
cleanup() {
  local pid
  pid=$(app_pid)
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 30); do kill -0 "$runner" 2>/dev/null || break; sleep 1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$runner" 2>/dev/null || true
}
on_exit cleanup

deadline=$((SECONDS + 120))
until curl -sf http://127.0.0.1:8081/health/readiness | grep -q '"status":"UP"'; do
  kill -0 "$runner" 2>/dev/null || die "the application exited before it was ready; its log:
$(tail -40 "$log")"
  ((SECONDS < deadline)) || die "readiness not UP on :8081 after 120 s; the log:
$(tail -40 "$log")"
  sleep 1
done
java_pid=$(app_pid)
[[ "$java_pid" != "$runner" && $(cat "/proc/$java_pid/comm") == java ]] || die "could not find the application process"
uid=$(awk '/^Uid:/ {print $2}' "/proc/$java_pid/status")
cmdline=$(tr '\0' ' ' <"/proc/$java_pid/cmdline")
echo "pid $java_pid, uid $uid: $cmdline"
[[ "$uid" == 65532 ]] || die "the application runs as uid $uid, expected 65532"
# The mount options of the process's own root, as it sees it.
root_options=$(awk '$5 == "/" {print $6}' "/proc/$java_pid/mountinfo" | tail -1)
[[ "$root_options" == ro* ]] || die "the root filesystem is mounted '$root_options', expected read-only"
mapfile -t flags < <(image_jvm_flags)
((${#flags[@]})) || die "no jvmFlags found in pom.xml"
for flag in "${flags[@]}"; do
  [[ "$cmdline" == *"$flag"* ]] || die "the JVM runs without $flag (a jvmFlag in pom.xml)"
done
grep -q 'Starting AOT-processed' "$log" || die "the application did not run its Spring AOT code; the log:
$(head -5 "$log")"
[[ "$cmdline" == *-XX:AOTCache=/app/cat-facts.aot* ]] || die "the JVM runs without its AOT cache flag"
# A cache that does not match the JVM, the classpath or the flags is logged and skipped; the
# JVM maps the file only when it uses it.
if grep -q '\[error *\]\[aot\]' "$log"; then die "the JVM rejected the AOT cache; the log:
$(grep '\[aot\]' "$log" | head -10)"; fi
grep -q '/app/cat-facts.aot$' "/proc/$java_pid/maps" || die "the JVM did not map its AOT cache /app/cat-facts.aot"
echo "$(grep -o 'Started CatFactsApplication in .*' "$log") with the AOT cache mapped"
fact=$(curl -sf http://127.0.0.1:8080/cat_facts) || die "/cat_facts did not answer"
echo "fact: $fact"
# Read whole before grep: `curl | grep -q` under pipefail fails whenever grep exits on its
# match before curl has written the rest (SIGPIPE), which a long scrape makes likely.
metrics=$(curl -sf http://127.0.0.1:8081/metrics) || die "/metrics did not answer"
grep -q '^random_facts_api_execution_counter_total.*source="fallback".* 1.0$' <<<"$metrics" ||
  die "/metrics does not count the one fact served"
grep -q 'cat-facts ready' "$log" || die "no start-up report in the log"

echo "image test OK: non-root user, JVM flags, Spring AOT, JDK AOT cache, read-only root, readiness, /cat_facts and /metrics"
