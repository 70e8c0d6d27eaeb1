#!/usr/bin/env bash
# Usage: hack/status.sh
#
# What is deployed and whether Prometheus scrapes it: pods, the ServiceMonitor, and the
# targets Prometheus has for cat-facts.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
(($# == 0)) || bad_usage
cd "$(dirname "$0")/.."
: "${KUBECTL:=kubectl}" "${NAMESPACE:=cat-facts}" "${RELEASE:=cat-facts}"

step "Pods"
"$KUBECTL" get pods -n monitoring -o wide
"$KUBECTL" get pods -n "$NAMESPACE" -o wide
step "ServiceMonitors and PrometheusRules"
"$KUBECTL" get servicemonitors,prometheusrules -A --show-labels
step "Prometheus targets for job=$RELEASE"
hack/promql.sh "up{job=\"$RELEASE\", namespace=\"$NAMESPACE\"}"
