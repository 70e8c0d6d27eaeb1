#!/usr/bin/env bash
# Usage: hack/install.sh
#
# Installs the monitoring stack and cat-facts into the cluster the kubeconfig names (kind
# after hack/cluster.sh, the real node of the e2e, or your own), and proves it: it ends only
# when Prometheus reports the target up == 1. Idempotent: run it again after a change.
# `make install` (and `make deploy`) set the environment: KUBECTL, HELM, NAMESPACE, RELEASE,
# IMAGE_TAG, and IMAGE_ID when the image was built here; GRAFANA=true adds Grafana, HELM_ARGS
# adds chart flags, OPERATOR_KUSTOMIZATION replaces k8s/operator (the e2e names the
# operator's bundle from its Go module there), and
# STACK_KUSTOMIZATION and GRAFANA_KUSTOMIZATION replace k8s and k8s/grafana (make install
# HA=true sets them to k8s/overlays/ha and k8s/overlays/ha/grafana: Prometheus in two replicas
# behind Thanos Query, with Thanos Receive).
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
(($# == 0)) || bad_usage
cd "$(dirname "$0")/.."

: "${KUBECTL:?run it through make install}" "${HELM:?run it through make install}" "${NAMESPACE:?run it through make install}" \
  "${RELEASE:?run it through make install}" "${IMAGE_TAG:?run it through make install}"
operator=${OPERATOR_KUSTOMIZATION:-k8s/operator}
stack=${STACK_KUSTOMIZATION:-k8s}
grafana=${GRAFANA_KUSTOMIZATION:-k8s/grafana}

step "Prometheus Operator ($operator)"
"$KUBECTL" apply --server-side --force-conflicts -k "$operator"
for crd in prometheuses alertmanagers servicemonitors podmonitors prometheusrules; do
  "$KUBECTL" wait --for=condition=Established --timeout=120s "crd/$crd.monitoring.coreos.com"
done
"$KUBECTL" -n monitoring rollout status deploy/prometheus-operator --timeout=180s

step "Monitoring stack ($stack): Prometheus, Alertmanager, alert sink"
# --force-conflicts: this script owns the stack, so a re-run takes back fields changed by
# hand or by another tool (kubectl edit, a test) instead of stopping at the conflict.
applied=$("$KUBECTL" apply --server-side --force-conflicts -k "$stack" -o name)
echo "$applied"
# The operator turns each resource into a StatefulSet: wait until it has reconciled this
# generation (kubectl wait compares the condition's observedGeneration), so that a re-run
# with a change (HA=true) waits for the new pods, not the old ones; then for the rollout.
for resource in prometheus/main alertmanager/main; do
  "$KUBECTL" -n monitoring wait --for=condition=Reconciled --timeout=120s "$resource"
  "$KUBECTL" -n monitoring rollout status "statefulset/${resource%/*}-main" --timeout=300s
done
# The alert sink, and Thanos Query and Thanos Receive when the stack has them (HA).
for deployment in $(grep '^deployment.apps/' <<<"$applied" || true); do
  "$KUBECTL" -n monitoring rollout status "$deployment" --timeout=300s
done
if [[ "${GRAFANA:-false}" == true ]]; then
  step "Grafana ($grafana)"
  "$KUBECTL" apply --server-side --force-conflicts -k "$grafana"
  "$KUBECTL" -n monitoring rollout status deploy/grafana --timeout=300s
fi

step "Helm release '$RELEASE' in namespace '$NAMESPACE'"
# HELM_ARGS: extra flags, e.g. HELM_ARGS='--set app.upstream.enabled=false'.
read -ra extra_args <<<"${HELM_ARGS:-}"
# The image is rebuilt under the same tag (kind load replaces it on the node): its ID in the
# pod template makes a new build roll the pods out, where an unchanged template would leave
# them on the old image.
if [[ -n "${IMAGE_ID:-}" ]]; then extra_args=(--set-string "podAnnotations.cat-facts/image-id=$IMAGE_ID" "${extra_args[@]}"); fi
# fullnameOverride: the Service, and so Prometheus' job label, are named as the release,
# which is what this script, load.sh, port-forward.sh and status.sh address; the chart
# would otherwise name a release that is not called cat-facts "<release>-cat-facts".
"$HELM" upgrade --install "$RELEASE" helm/cat-facts \
  --namespace "$NAMESPACE" --create-namespace \
  --set image.tag="$IMAGE_TAG" --set fullnameOverride="$RELEASE" "${extra_args[@]}" \
  --wait --timeout 5m

step "Waiting for Prometheus to discover and scrape the ServiceMonitor"
on_exit stop_port_forward
port_forward monitoring svc/prometheus 9090
query="up{job=\"$RELEASE\", namespace=\"$NAMESPACE\"}"
target_up() {
  curl -sf "http://127.0.0.1:$PF_PORT/api/v1/query" --data-urlencode "query=min($query)" |
    grep -q '"value":\[[0-9.]*,"1"\]'
}
TIMEOUT=${DISCOVERY_TIMEOUT:-240} retry_until "$query == 1 (see README: my ServiceMonitor is not discovered)" target_up
echo "Prometheus scrapes cat-facts: $query == 1"

cat <<NEXT

Done. Next:
  make port-forward          # Prometheus :9090, cat-facts :8080, Alertmanager :9093, Grafana :3000
  make load                  # some traffic for the graphs
  make promql Q='sum(rate(random_facts_api_execution_counter_total[1m]))'
  helm test $RELEASE -n $NAMESPACE
NEXT
