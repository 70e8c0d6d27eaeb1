#!/usr/bin/env bash
# Usage: hack/cluster.sh
#
# The kind half of `make deploy`: creates the kind cluster of kind-config.yaml unless it
# exists, makes it kubectl's current context, and loads the app image into its node (a
# `kind load image-archive`, so no registry is involved). hack/install.sh then installs into
# it. `make cluster` sets the environment: KIND, KUBECTL, CLUSTER, IMAGE_TAR.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
(($# == 0)) || bad_usage
cd "$(dirname "$0")/.."

: "${KIND:?}" "${KUBECTL:?}" "${CLUSTER:?}" "${IMAGE_TAR:?}"
[[ -f "$IMAGE_TAR" ]] || die "$IMAGE_TAR is missing: run 'make image-tar'"

step "kind cluster '$CLUSTER'"
if "$KIND" get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
  echo "exists"
else
  "$KIND" create cluster --config kind-config.yaml --wait 120s
fi
"$KUBECTL" config use-context "kind-$CLUSTER" >/dev/null

step "Image $IMAGE_TAR into kind"
"$KIND" load image-archive "$IMAGE_TAR" --name "$CLUSTER"
