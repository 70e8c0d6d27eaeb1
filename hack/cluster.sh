#!/usr/bin/env bash
# Usage: hack/cluster.sh
#
# The kind half of `make deploy`: creates the kind cluster of kind-config.yaml unless it
# exists, makes it kubectl's current context, and loads the app image and the alert sink's
# (k8s/monitoring/alertmanager) into its node (`kind load image-archive`, so no registry is
# involved). hack/install.sh then installs into it. `make cluster` sets the environment: KIND,
# CLUSTER, IMAGE_TAR, ALERT_SINK_TAR.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
(($# == 0)) || bad_usage
cd "$(dirname "$0")/.."

: "${KIND:?run it through make cluster}" "${CLUSTER:?run it through make cluster}" \
  "${IMAGE_TAR:?run it through make cluster}" "${ALERT_SINK_TAR:?run it through make cluster}"
[[ -f "$IMAGE_TAR" ]] || die "$IMAGE_TAR is missing: run 'make image-tar'"
[[ -f "$ALERT_SINK_TAR" ]] || die "$ALERT_SINK_TAR is missing: run 'make alert-sink-image'"

step "kind cluster '$CLUSTER'"
if "$KIND" get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
  echo "exists"
else
  "$KIND" create cluster --config kind-config.yaml --wait 120s
fi
# Writes the cluster's context into the kubeconfig and makes it current, also when the
# cluster exists and the kubeconfig has lost it.
"$KIND" export kubeconfig --name "$CLUSTER"

for image in "$IMAGE_TAR" "$ALERT_SINK_TAR"; do
  step "Image $image into kind"
  "$KIND" load image-archive "$image" --name "$CLUSTER"
done
