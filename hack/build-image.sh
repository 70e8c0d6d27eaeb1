#!/usr/bin/env bash
# Usage: hack/build-image.sh tar|docker [MAVEN_ARGS...]
#
# Builds the image with Jib in two passes, so that it carries a JDK AOT cache:
#   1. jib:buildTar, the image without a cache (target/aot-cache/training-image.tar);
#   2. a training run of that image's own entrypoint, in its own file system, with
#      -XX:AOTCacheOutput and -Dspring.context.exit=onRefresh (the context starts, then the
#      JVM exits and writes the cache);
#   3. Jib again with the aot-cache profile, which adds the cache and -XX:AOTCache.
# tar: the image as target/jib-image.tar (for `kind load image-archive`); docker: into the
# local Docker daemon. Either for the local Docker's architecture (kind's nodes), else this
# machine's. MAVEN_ARGS go to both Jib passes (e.g. -Djib.from.image=...).
# The training runs in a chroot inside a user namespace (Linux: root, or unprivileged user
# namespaces), else in a Docker container (macOS, or Linux without user namespaces).
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
cd "$(dirname "$0")/.."

(($#)) || bad_usage
mode=$1 && shift
case $mode in
  tar) final_goal=jib:buildTar ;;
  docker) final_goal=jib:dockerBuild ;;
  *) bad_usage ;;
esac
require_java
require_go "the image unpacker (hack/tools/image-unpack) of the AOT cache's training run"
# Jib builds for linux/amd64 unless told: an Apple Silicon Mac or an arm64 machine would get an
# image its kind node loads and then cannot run.
platform=linux/$(image_arch)
work=$PWD/target/aot-cache
training_image=$work/training-image.tar
layer=$work/layer
cache=cat-facts.aot

step "Pass 1: the image for $platform without an AOT cache ($training_image)"
rm -rf "$work" && mkdir -p "$layer"
./mvnw -B -ntp -q -DskipTests -Djib.from.platforms="$platform" "$@" package jib:buildTar \
  -Djib.to.image=cat-facts-aot-training:local -Djib.outputPaths.tar="$training_image" \
  -Djib.outputPaths.imageId="$work/training-image.id" -Djib.outputPaths.digest="$work/training-image.digest" \
  -Djib.outputPaths.imageJson="$work/training-image.json"

step "Training the AOT cache in the image's own file system"
rootfs=$work/rootfs
unpack_image "$training_image" "$rootfs" "$work/config.env"
# shellcheck source=/dev/null
source "$work/config.env"
# The image's own command line, writing the cache instead of reading it; offline mode, so the
# training never calls the public facts API.
training=("${IMAGE_ENTRYPOINT[0]}" "-XX:AOTCacheOutput=/tmp/$cache" -Dspring.context.exit=onRefresh
  "${IMAGE_ENTRYPOINT[@]:1}" "${IMAGE_CMD[@]}")
log=$work/training.log
out=$work/training-tmp && mkdir -p "$out" && chmod 1777 "$out"
# Where user namespaces exist but grant no mounts (Ubuntu's AppArmor restriction), Docker runs it.
if run_in_image "$rootfs" "$out" 0:0 "${IMAGE_ENTRYPOINT[0]}" -version >/dev/null 2>&1; then
  echo "runner: chroot"
  run_in_image "$rootfs" "$out" 0:0 CAT_FACTS_UPSTREAM_ENABLED=false "${training[@]}" >"$log" 2>&1 ||
    die "the training run failed; its log:
$(tail -30 "$log")"
  cp "$out/$cache" "$layer/$cache"
elif command -v docker >/dev/null; then
  echo "runner: docker"
  docker load -i "$training_image" >/dev/null
  container=$(docker create --env CAT_FACTS_UPSTREAM_ENABLED=false \
    --entrypoint "${training[0]}" cat-facts-aot-training:local "${training[@]:1}")
  remove_container() { docker rm -f "$container" >/dev/null 2>&1; }
  on_exit remove_container
  docker start --attach "$container" >"$log" 2>&1 || die "the training run failed; its log:
$(tail -30 "$log")"
  docker cp "$container:/tmp/$cache" "$layer/$cache"
else
  die "the AOT cache training needs user namespaces (unshare, from util-linux) or Docker"
fi
[[ -s "$layer/$cache" ]] || die "the training run wrote no AOT cache; its log:
$(tail -30 "$log")"
rm -rf "$rootfs" "$out"
echo "AOT cache: $(du -h "$layer/$cache" | cut -f1)"

step "Pass 2: the image with the AOT cache ($final_goal)"
# The JVM maps the cache only for the jar it was trained with, byte for byte, so pass 2 must
# not regenerate the Spring AOT code: its bean registration order can differ between runs.
./mvnw -B -ntp -q -DskipTests -Dspring-boot.aot.skip=true -Paot-cache -Djib.from.platforms="$platform" "$@" \
  package "$final_goal"
