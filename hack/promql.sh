#!/usr/bin/env bash
# Usage: hack/promql.sh 'PROMQL QUERY'
#
# Runs an instant query against the cluster's Prometheus (svc/prometheus in monitoring) and
# prints one line per series:
#   {labels} => value
# It opens a port-forward of its own for the one query, even when `make port-forward` runs:
# whatever answers on localhost:9090 may be another Prometheus (Debian's prometheus package
# starts one there).
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
cd "$(dirname "$0")/.."
: "${KUBECTL:=kubectl}"

[[ $# -eq 1 && -n "$1" ]] || bad_usage
query=$1

on_exit stop_port_forward
port_forward monitoring svc/prometheus 9090
url=http://127.0.0.1:$PF_PORT

response=$(curl -sf "$url/api/v1/query" --data-urlencode "query=$query") ||
  die "Prometheus rejected the query; its answer: $(curl -s "$url/api/v1/query" --data-urlencode "query=$query")"
if command -v jq >/dev/null; then
  # A vector or a matrix is a list of series; a scalar or a string is one [time, value].
  jq -r '.data as $d
    | if ($d.resultType == "vector" or $d.resultType == "matrix") then
        if ($d.result | length) == 0 then "(no series: check the metric name and labels)"
        else $d.result[] | "\(.metric | to_entries | map("\(.key)=\"\(.value)\"") | join(", ") | "{" + . + "}") => \(.value[1] // (.values | last | .[1]))"
        end
      else "\($d.result[1])" end' <<<"$response"
else
  echo "$response"
fi
