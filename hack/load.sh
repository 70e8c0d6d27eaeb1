#!/usr/bin/env bash
# Usage: hack/load.sh [REQUESTS] [CONCURRENCY]
#
# Sends REQUESTS (default 600) requests to /cat_facts through a port-forward, CONCURRENCY
# (default 4) at a time, with a few bad ones mixed in so the error panels move too.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
cd "$(dirname "$0")/.."
: "${KUBECTL:=kubectl}" "${NAMESPACE:=cat-facts}" "${RELEASE:=cat-facts}"

requests=${1:-600} concurrency=${2:-4}
[[ "$requests" =~ ^[0-9]+$ && "$concurrency" =~ ^[0-9]+$ ]] || bad_usage

on_exit stop_port_forward
port_forward "$NAMESPACE" "svc/$RELEASE" 8080
echo "Sending $requests requests to /cat_facts ($concurrency at a time)"
base=http://127.0.0.1:$PF_PORT/cat_facts
for ((i = 1; i <= requests; i++)); do
  case $((i % 20)) in
    0) path="$base?count=oops" ;;
    1) path="$base?count=3" ;;
    *) path=$base ;;
  esac
  curl -s -o /dev/null "$path" &
  # Keep at most $concurrency requests in flight (the port-forward is one more job).
  if (($(jobs -rp | wc -l) > concurrency)); then wait -n; fi
done
wait
echo "Done. Try: make promql Q='sum by (status) (rate(http_server_requests_seconds_count{uri=\"/cat_facts\"}[1m]))'"
