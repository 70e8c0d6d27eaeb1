#!/usr/bin/env bash
# Usage: hack/status.sh
#
# What is deployed and whether Prometheus scrapes it: pods, the ServiceMonitor, and the
# targets Prometheus has for cat-facts.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/lib.sh
source hack/lib.sh
: "${KUBECTL:=kubectl}" "${NAMESPACE:=cat-facts}" "${RELEASE:=cat-facts}"

step "Pods"
"$KUBECTL" get pods -n monitoring -o wide
"$KUBECTL" get pods -n "$NAMESPACE" -o wide
step "ServiceMonitors and PrometheusRules"
"$KUBECTL" get servicemonitors,prometheusrules -A --show-labels
step "Prometheus targets for job=$RELEASE"
hack/promql.sh "up{job=\"$RELEASE\", namespace=\"$NAMESPACE\"}"
