#!/usr/bin/env bash
# Usage: hack/e2e-offline-breaks.sh
#
# Runs the offline e2e twice with the ServiceMonitor broken on purpose, the two mistakes
# users make most: the label the Prometheus selects is missing, and the endpoint port is a
# number instead of the Service port's name. Each run must fail, and say why.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
(($# == 0)) || bad_usage
cd "$(dirname "$0")/.."

# The e2e runs in the background and this script waits for it, so that a signal reaches
# this script's trap at once; the trap stops the e2e, whose own trap tears down what it
# started, and waits until it has.
e2e_pid=
stop_e2e() { if [[ -n "$e2e_pid" ]]; then kill "$e2e_pid" 2>/dev/null; wait "$e2e_pid"; fi; }
on_exit stop_e2e

expect_failure() { # expect_failure BREAK MESSAGE
  local log=target/e2e-offline-break-$1.log
  step "E2E_BREAK=$1: the e2e must fail with: $2"
  E2E_BREAK=$1 hack/e2e-offline.sh >"$log" 2>&1 &
  e2e_pid=$!
  if wait "$e2e_pid"; then
    e2e_pid=
    die "the e2e passed with E2E_BREAK=$1 (log: $log)"
  fi
  e2e_pid=
  grep -q "$2" "$log" || die "the e2e failed with E2E_BREAK=$1 but did not say '$2' (log: $log)"
  grep 'error:' "$log" | head -1
}
mkdir -p target
expect_failure label "is NOT discovered: its labels"
expect_failure port "is not a port NAME of Service"
echo "both broken ServiceMonitors were caught and named"
