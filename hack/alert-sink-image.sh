#!/usr/bin/env bash
# Usage: hack/alert-sink-image.sh OUT.tar VERSION
#
# Builds the alert sink of k8s/monitoring/alertmanager (hack/tools/alert-sink, a static Go
# binary) and writes its image localhost/cat-facts-alert-sink:VERSION to OUT.tar, a
# docker-archive tarball (hack/node/image-tar) that `kind load image-archive` and
# `ctr images import` read: no base image, no registry. The binary is the entrypoint, run as
# nobody (65534), on port 8080. `make alert-sink-image` (kind) and hack/node-images.sh (the
# real node) call it; the Makefile pins VERSION (ALERT_SINK_VERSION).
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
[[ $# -eq 2 ]] || bad_usage
# Absolute before the cd below (realpath -m is GNU only; make cluster runs on macOS too).
case $1 in /*) out=$1 ;; *) out=$PWD/$1 ;; esac
name=localhost/cat-facts-alert-sink:$2
cd "$(dirname "$0")/.."
require_go "the alert sink"

tmp=$(mktemp -d)
# The tarball is written beside its final name and renamed when complete: an interrupted run
# never leaves a truncated image to load.
remove_tmp() { rm -rf "$tmp" "$out.part"; }
on_exit remove_tmp

# For Linux on the nodes' architecture, whatever this machine runs (a Mac builds for Docker's VM).
arch=$(image_arch)
(cd hack/tools/alert-sink && GOTOOLCHAIN=local CGO_ENABLED=0 GOOS=linux GOARCH="$arch" \
  go build -trimpath -ldflags '-s -w' -o "$tmp/alert-sink" .)
(cd hack/node/image-tar && GOTOOLCHAIN=local CGO_ENABLED=0 go build -trimpath -o "$tmp/image-tar" .)
mkdir -p "$(dirname "$out")"
"$tmp/image-tar" -o "$out.part" -name "$name" -arch "$arch" -user 65534 -port 8080/tcp -entrypoint /alert-sink \
  "$tmp/alert-sink=/alert-sink"
mv "$out.part" "$out"
printf '%-60s %s\n' "$name" "$out ($(du -h "$out" | cut -f1))"
