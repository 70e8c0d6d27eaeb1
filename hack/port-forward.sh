#!/usr/bin/env bash
# Usage: hack/port-forward.sh
#
# Forwards the stack to localhost until Ctrl-C: Prometheus :9090, cat-facts :8080 (and its
# metrics :8081), Alertmanager :9093, and Grafana :3000 when it is installed.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
(($# == 0)) || bad_usage
: "${KUBECTL:=kubectl}" "${NAMESPACE:=cat-facts}" "${RELEASE:=cat-facts}"

pids=()
stop_forwards() { if ((${#pids[@]})); then kill "${pids[@]}" 2>/dev/null || true; fi; }
on_exit stop_forwards
forward() {
  echo "  http://localhost:$3  ->  $1/$2"
  "$KUBECTL" -n "$1" port-forward "$2" "$3:$4" >/dev/null &
  pids+=($!)
}
echo "Forwarding (Ctrl-C to stop):"
forward monitoring svc/prometheus 9090 9090
forward monitoring svc/alertmanager 9093 9093
# By the Service's port names, which the chart keeps whatever numbers service.port and
# service.metricsPort give them.
forward "$NAMESPACE" "svc/$RELEASE" 8080 http
forward "$NAMESPACE" "svc/$RELEASE" 8081 http-metrics
if "$KUBECTL" -n monitoring get svc/grafana >/dev/null 2>&1; then
  forward monitoring svc/grafana 3000 3000
fi
# Until Ctrl-C. A forward that ends (its pod went away in a rollout; kubectl says why on
# stderr) leaves the others running; when none is left, that is a failure, not a success.
wait
stop_forwards
die "every port-forward ended (kubectl's messages above say why)"
