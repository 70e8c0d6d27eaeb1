#!/usr/bin/env bash
# Usage: hack/promql.sh 'PROMQL QUERY'
#
# Runs an instant query against Prometheus and prints one line per series:
#   {labels} => value
# Uses localhost:9090 when `make port-forward` is running, otherwise opens a port-forward of
# its own for the one query.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
cd "$(dirname "$0")/.."
: "${KUBECTL:=kubectl}"

[[ $# -eq 1 && -n "$1" ]] || bad_usage
query=$1

url=http://127.0.0.1:9090
if ! curl -sf -o /dev/null "$url/-/ready"; then
  on_exit stop_port_forward
  port_forward monitoring svc/prometheus 9090
  url=http://127.0.0.1:$PF_PORT
fi

response=$(curl -sf "$url/api/v1/query" --data-urlencode "query=$query") ||
  die "Prometheus rejected the query; its answer: $(curl -s "$url/api/v1/query" --data-urlencode "query=$query")"
if command -v jq >/dev/null; then
  jq -r '.data.result as $r
    | if ($r | type) == "array" then
        if ($r | length) == 0 then "(no series: check the metric name and labels)"
        else $r[] | "\(.metric | to_entries | map("\(.key)=\"\(.value)\"") | join(", ") | "{" + . + "}") => \(.value[1] // (.values | last | .[1]))"
        end
      else "\($r[1])" end' <<<"$response"
else
  echo "$response"
fi
