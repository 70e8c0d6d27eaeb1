#!/usr/bin/env bash
# Usage: hack/bench.sh [RUNS] [DURATION]
#
# Measures cat-facts side by side on this machine and prints one table of medians and
# ratios (RUNS runs of DURATION each, default 3 x 10s; wrk, 1 thread, 32 connections), then
# writes it to docs/benchmarks.md. Every row is measured in the same run:
#   - /cat_facts throughput and latency: the app (offline mode) against the same app with
#     metrics and HTTP observations off, and against a bare Reactor Netty server;
#   - the metrics endpoint: the app against the same app with Boot's percentiles-histogram on
#     for the request timers (Micrometer's default ~70 buckets per series);
#   - start-up to readiness UP and RSS after the load, with the image's JVM flags under a
#     simulated 256 MiB memory limit;
#   - series before and after a burst of distinct unknown paths and bad parameters.
# Needs wrk (apt-get install wrk), curl, python3 and a built jar (make build).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/lib.sh
source hack/lib.sh

runs=${1:-3} duration=${2:-10s}
[[ "$runs" =~ ^[1-9][0-9]*$ && "$duration" =~ ^[0-9]+[sm]$ ]] || { sed -n 's/^# \{0,1\}//; 2,16p' "$0" >&2; exit 2; }
for tool in wrk curl python3; do command -v "$tool" >/dev/null || die "$tool is needed (apt-get install $tool)"; done
: "${JAVA_HOME:=$(hack/java-home.sh)}"
jar=$(app_jar)
work=target/bench && mkdir -p "$work"
classpath=$work/classpath.txt
[[ -f "$classpath" && "$classpath" -nt pom.xml ]] ||
  ./mvnw -q -B -ntp dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$classpath"

# The image's JVM flags, with the heap sized as under the chart's 256Mi memory limit.
jvm_flags=(-XX:MaxRAM=256m -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED)
api=18080 management=18081
pid=
stop() {
  if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  pid=
}
trap stop EXIT

start_app() { # start_app LOG extra-args...: starts the jar (pid), waits for readiness (ready_ms)
  local log=$1
  shift
  local started
  started=$(date +%s%N)
  "$JAVA_HOME/bin/java" "${jvm_flags[@]}" -jar "$jar" --server.port=$api --management.server.port=$management \
    --cat-facts.upstream.enabled=false --logging.level.root=warn "$@" >"$work/$log.log" 2>&1 &
  pid=$!
  TIMEOUT=60 retry_until "readiness of $log" curl -sf "http://127.0.0.1:$management/health/readiness"
  ready_ms=$((($(date +%s%N) - started) / 1000000))
}

start_bare() {
  "$JAVA_HOME/bin/java" "${jvm_flags[@]}" -cp "$(cat "$classpath")" bench/BareNettyServer.java $api \
    >"$work/bare.log" 2>&1 &
  pid=$!
  TIMEOUT=60 retry_until "the bare Netty server" curl -sf "http://127.0.0.1:$api/cat_facts"
}

# wrk_runs URL CONNECTIONS: median requests/s, p50 ms and p99 ms over $runs runs (after a warm-up).
wrk_runs() {
  wrk -t1 -c"$2" -d3s "$1" >/dev/null
  for ((i = 0; i < runs; i++)); do wrk -t1 -c"$2" -d"$duration" --latency "$1"; done | python3 -c '
import re, statistics, sys
text = sys.stdin.read()
rps = [float(x) for x in re.findall(r"Requests/sec:\s+([\d.]+)", text)]
def ms(p):
    out = []
    for value, unit in re.findall(r"^\s+" + str(p) + r"%\s+([\d.]+)(us|ms|s)\s*$", text, re.M):
        out.append(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit])
    return statistics.median(out)
errors = re.findall(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{statistics.median(rps):.0f} {ms(50):.2f} {ms(99):.2f} {sum(map(int, errors))}")'
}

series() { curl -sf "http://127.0.0.1:$management/metrics" | grep -vc '^#'; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status"; }

step "cat-facts, instrumented (the shipped configuration)"
startup_ms=()
for ((i = 0; i < runs; i++)); do
  start_app startup
  startup_ms+=("$ready_ms")
  stop
done
start_app app
read -r app_rps app_p50 app_p99 app_errors < <(wrk_runs "http://127.0.0.1:$api/cat_facts" 32)
rss_after_load=$(rss_mb)
read -r scrape_rps scrape_p50 scrape_p99 _ < <(wrk_runs "http://127.0.0.1:$management/metrics" 8)
scrape_lines=$(series)
# One request of each junk kind first: the first 404 and the first 400 create their series
# once; what must not happen is growth with every new path or value.
curl -s -o /dev/null "http://127.0.0.1:$api/no/such/path/warm-up"
curl -s -o /dev/null "http://127.0.0.1:$api/cat_facts?count=warm-up"
before_series=$(series)
wrk -t1 -c8 -d3s -s bench/random-paths.lua "http://127.0.0.1:$api" >"$work/cardinality.txt"
junk_requests=$(awk '/requests in/ {print $1}' "$work/cardinality.txt")
after_series=$(series)
stop

step "cat-facts with metrics and HTTP observations off"
start_app no-metrics --management.metrics.enable.all=false --management.observations.enable.http=false
read -r off_rps off_p50 off_p99 _ < <(wrk_runs "http://127.0.0.1:$api/cat_facts" 32)
stop

step "cat-facts with Boot's percentiles-histogram on (default-style scrape)"
start_app histograms --management.metrics.distribution.percentiles-histogram.http.server.requests=true \
  --management.metrics.distribution.percentiles-histogram.http.client.requests=true
wrk -t1 -c32 -d3s "http://127.0.0.1:$api/cat_facts" >/dev/null
read -r hist_rps hist_p50 hist_p99 _ < <(wrk_runs "http://127.0.0.1:$management/metrics" 8)
hist_lines=$(series)
stop

step "bare Reactor Netty server"
start_bare
read -r bare_rps bare_p50 bare_p99 _ < <(wrk_runs "http://127.0.0.1:$api/cat_facts" 32)
stop

startup_median=$(printf '%s\n' "${startup_ms[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
report=$(cat <<REPORT
| measurement | cat-facts | compared with | ratio | target |
|---|---|---|---|---|
| /cat_facts req/s (p50 / p99 ms) | $app_rps ($app_p50 / $app_p99) | metrics off: $off_rps ($off_p50 / $off_p99) | $(ratio "$app_rps" "$off_rps") | >= 0.95 |
| /cat_facts req/s | $app_rps | bare Reactor Netty: $bare_rps ($bare_p50 / $bare_p99 ms) | $(ratio "$app_rps" "$bare_rps") | >= 0.8 |
| /metrics scrapes/s (p50 / p99 ms), 8 connections | $scrape_rps ($scrape_p50 / $scrape_p99), $scrape_lines samples | percentiles-histogram on: $hist_rps ($hist_p50 / $hist_p99), $hist_lines samples | $(ratio "$scrape_rps" "$hist_rps") | >= 4 |
| start-up to readiness UP, ms (median of $runs) | $startup_median | | | <= 1500 |
| RSS after the /cat_facts load, MB | $rss_after_load | | | <= 160 |
| series before / after $junk_requests junk requests | $before_series / $after_series | | | equal |
| failed /cat_facts requests under load | $app_errors | | | 0 |
REPORT
)
printf '\n%s\n' "$report"

machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)"
cat >docs/benchmarks.md <<DOC
# Benchmarks

Written by \`make bench\` (hack/bench.sh) on $(date -u +%Y-%m-%d): $machine;
$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); wrk $(wrk -v 2>&1 | awk 'NR==1 {print $2}'), 1 thread,
32 connections for /cat_facts and 8 for /metrics; medians of $runs runs of $duration, every row from
the same run. JVM flags as in the image: ${jvm_flags[*]} (MaxRAM simulates the chart's 256Mi limit).
The app runs in offline mode, so the numbers are the service and its instrumentation, not the
public facts API. Ratios are what to compare; absolute numbers depend on the machine.

$report
DOC
echo "written to docs/benchmarks.md"
