#!/usr/bin/env bash
# Usage: hack/load.sh [REQUESTS] [CONCURRENCY]
#
# Sends REQUESTS (default 600) requests to /cat_facts, CONCURRENCY (default 4) at a time
# (an empty argument takes the default: `make load` passes N and C as they are), with a few
# bad ones mixed in so the error panels move too. Each request goes through the API
# server's proxy to the Service, which picks a ready pod per request as the Service does
# (a port-forward would pin one pod for the whole run, and fail with it during a rollout).
# Exits non-zero if any request failed (no answer, or a 5xx).
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
: "${KUBECTL:=kubectl}" "${NAMESPACE:=cat-facts}" "${RELEASE:=cat-facts}"

requests=${1:-600} concurrency=${2:-4}
[[ "$requests" =~ ^[0-9]+$ && "$concurrency" =~ ^[1-9][0-9]*$ && $# -le 2 ]] || bad_usage

results=$(mktemp)
proxy_pid=
stop() {
  # The jobs still running (kubectl proxy, curls in flight): not a list of every PID ever
  # started, most long reaped and perhaps reused by other processes since.
  local running
  mapfile -t running < <(jobs -pr)
  ((${#running[@]} == 0)) || kill "${running[@]}" 2>/dev/null || true
  rm -f "$results"
}
on_exit stop
port=$(free_port)
"$KUBECTL" proxy --port "$port" >/dev/null &
proxy_pid=$!
base=http://127.0.0.1:$port/api/v1/namespaces/$NAMESPACE/services/http:$RELEASE:http/proxy/cat_facts
TIMEOUT=30 retry_until "kubectl proxy on :$port" curl -sf -o /dev/null "http://127.0.0.1:$port/version"

echo "Sending $requests requests to /cat_facts of service $NAMESPACE/$RELEASE ($concurrency at a time)"
for ((i = 1; i <= requests; i++)); do
  case $((i % 20)) in
    0) path="$base?count=oops" ;;
    1) path="$base?count=3" ;;
    *) path=$base ;;
  esac
  # One line per request, its status (000: no answer); short appends do not interleave.
  curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 "$path" >>"$results" &
  # Keep at most $concurrency requests in flight (kubectl proxy is one more job). The
  # status line, not curl's exit code, says how a request went (a timeout is 000).
  if (($(jobs -rp | wc -l) > concurrency)); then wait -n || true; fi
done
for pid in $(jobs -pr); do
  [[ "$pid" == "$proxy_pid" ]] || wait "$pid" || true
done
summary=$(sort "$results" | uniq -c | awk '{printf "%s%s x %s", sep, $2, $1; sep=", "}')
failed=$(grep -cE '^(000|5..)$' "$results" || true)
echo "Answers: $summary"
((failed == 0)) || die "$failed of $requests requests failed (no answer, or a 5xx)"
echo "Done. Try: make promql Q='sum by (status) (rate(http_server_requests_seconds_count{uri=\"/cat_facts\"}[1m]))'"
