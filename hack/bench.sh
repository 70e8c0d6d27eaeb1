#!/usr/bin/env bash
# Usage: hack/bench.sh [--smoke] [RUNS] [DURATION]
#
# Measures cat-facts side by side on this machine and prints one table of medians and
# ratios (RUNS runs of DURATION each after a warm-up, default 3 x 15s; wrk, 1 thread, 32
# connections), then writes it to docs/benchmarks.md. Every row is measured in the same run,
# and the servers compared in a row run side by side with their wrk runs interleaved:
#   - /cat_facts throughput and latency: the app (offline mode) against the same app with
#     metrics and HTTP observations off, against a bare Reactor Netty server, and against
#     the app with its upstream refusing connections or answering after 1.5 s (a local
#     server, bench/slow-upstream.py): once the circuit breaker is open, as fast as offline;
#   - the metrics endpoint: the app against Boot's default endpoint with percentiles-histogram
#     on for the request timers (Micrometer's ~70 buckets per series), and uncached;
#   - start-up to readiness UP, as in the image (with a JDK AOT cache trained as
#     hack/build-image.sh trains it) and without the cache, and what Spring AOT, the
#     management context and springdoc each cost; RSS after 60 s of load; the JVM
#     flags are the image's (read from pom.xml) under a simulated 256 MiB limit;
#   - series before and after 10,000 requests to distinct unknown paths and bad parameters;
#   - the obvious app a user would write instead (bench/obvious-app: one @GetMapping, Actuator
#     and percentiles-histogram), run two ways: packaged and flagged exactly as cat-facts
#     (code against code), and as its author would run it, `java -jar` with default flags
#     under the same 256 MiB (product against product): throughput, start-up and RSS.
# --smoke: one short run of everything, written to target/bench/ (CI); it fails only when
# a series appears or a request fails, never on a ratio.
# Needs wrk (apt-get install wrk), curl, python3 and a built jar (make build).
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
cd "$(dirname "$0")/.."

smoke=false
if [[ "${1:-}" == --smoke ]]; then smoke=true && shift; fi
runs=${1:-3} duration=${2:-15s}
if $smoke; then runs=1 duration=3s; fi
[[ "$runs" =~ ^[1-9][0-9]*$ && "$duration" =~ ^[0-9]+[sm]$ ]] || bad_usage
for tool in wrk curl python3; do command -v "$tool" >/dev/null || die "$tool is needed (apt-get install $tool)"; done
: "${JAVA_HOME:=$(hack/java-home.sh)}"
work=target/bench && mkdir -p "$work" && rm -f "$work"/wrk-*.txt
app=$(extract_app "$(app_jar)" "$work/app")
# The obvious app, on the Spring Boot and Netty versions the project's pom names.
read -r boot_version netty_version < <(python3 -c '
import sys, xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
pom = ET.parse("pom.xml").getroot()
print(pom.find("m:parent/m:version", ns).text, pom.find("m:properties/m:netty.version", ns).text)')
./mvnw -q -B -ntp -f bench/obvious-app/pom.xml -Dspring-boot.version="$boot_version" -Dnetty.version="$netty_version" \
  package >"$work/obvious-build.log" 2>&1 || die "could not build bench/obvious-app: $(tail -20 "$work/obvious-build.log")"
obvious_jar=bench/obvious-app/target/obvious-app.jar
obvious=$(extract_app "$obvious_jar" "$work/obvious")
classpath=$work/classpath.txt
[[ -f "$classpath" && "$classpath" -nt pom.xml ]] ||
  ./mvnw -q -B -ntp dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$classpath"

# The image's JVM flags, with the heap sized as under the chart's 256Mi memory limit.
mapfile -t jvm_flags < <(image_jvm_flags)
jvm_flags=(-XX:MaxRAM=256m "${jvm_flags[@]}")
warmup=15s
if $smoke; then warmup=2s; fi
# Every server runs on ports of its own, so the servers being compared run side by side and
# their wrk runs interleave: round 1 of each, then round 2 of each, and so on. Drift on a
# shared machine (CPU steal, a noisy neighbour) then lands on every column alike.
declare -A pids=() apis=() managements=()
stop() { # stop NAME...
  local name
  for name in "$@"; do
    kill "${pids[$name]}" 2>/dev/null || true
    wait "${pids[$name]}" 2>/dev/null || true
    unset "pids[$name]"
  done
}
stop_all() { if ((${#pids[@]})); then stop "${!pids[@]}"; fi; }
on_exit stop_all

# start_app NAME [java flags...] -- [app args...]: starts an instance, sets ready_ms. Offline
# mode unless UPSTREAM=URL names an upstream. JAR=... runs another jar, READY=... is its
# readiness path, and DEFAULT_FLAGS=true replaces the image's JVM flags with the JVM's
# defaults under the same 256 MiB. NO_SPRING_AOT=true drops -Dspring.aot.enabled=true;
# ONE_CONTEXT=true serves the management endpoints on the API port (no child context).
start_app() {
  local name=$1 flags=() started upstream=(--cat-facts.upstream.enabled=false) base=("${jvm_flags[@]}") flag
  local jar=${JAR:-$app} ready=${READY:-/health/readiness}
  [[ -n "${UPSTREAM:-}" ]] && upstream=(--cat-facts.upstream.url="$UPSTREAM")
  [[ "${DEFAULT_FLAGS:-}" == true ]] && base=(-XX:MaxRAM=256m)
  if [[ "${NO_SPRING_AOT:-}" == true ]]; then
    base=() && for flag in "${jvm_flags[@]}"; do [[ "$flag" == -Dspring.aot.enabled=true ]] || base+=("$flag"); done
  fi
  shift
  while (($#)) && [[ "$1" != -- ]]; do flags+=("$1") && shift; done
  (($#)) && shift
  apis[$name]=$(free_port) managements[$name]=$(free_port)
  [[ "${ONE_CONTEXT:-}" == true ]] && managements[$name]=${apis[$name]}
  started=$(date +%s%N)
  "$JAVA_HOME/bin/java" "${base[@]}" "${flags[@]}" -jar "$jar" --server.port="${apis[$name]}" \
    --management.server.port="${managements[$name]}" "${upstream[@]}" \
    --logging.level.root=warn "$@" >"$work/$name.log" 2>&1 &
  pids[$name]=$!
  until curl -sf -o /dev/null "http://127.0.0.1:${managements[$name]}$ready"; do
    kill -0 "${pids[$name]}" 2>/dev/null || die "$name exited before readiness; its log: $(tail -20 "$work/$name.log")"
    sleep 0.02
  done
  ready_ms=$((($(date +%s%N) - started) / 1000000))
}

start_bare() { # start_bare NAME
  apis[$1]=$(free_port)
  "$JAVA_HOME/bin/java" "${jvm_flags[@]}" -cp "$(cat "$classpath")" bench/BareNettyServer.java "${apis[$1]}" \
    >"$work/$1.log" 2>&1 &
  pids[$1]=$!
  TIMEOUT=60 retry_until "the bare Netty server" curl -sf "http://127.0.0.1:${apis[$1]}/cat_facts"
}

start_slow_upstream() { # start_slow_upstream NAME DELAY_SECONDS: sets SLOW_URL
  local port
  port=$(free_port)
  python3 bench/slow-upstream.py "$port" "$2" >"$work/$1.log" 2>&1 &
  pids[$1]=$!
  SLOW_URL=http://127.0.0.1:$port/fact
  TIMEOUT=30 retry_until "the slow upstream" curl -sf -o /dev/null "$SLOW_URL"
}

api_url() { echo "http://127.0.0.1:${apis[$1]}$2"; }
metrics_url() { echo "http://127.0.0.1:${managements[$1]}/metrics"; }

# interleave CONNECTIONS NAME=URL...: warms every URL up (the JIT compiles what the load
# runs), then runs wrk on each in turn for $runs rounds, keeping each output in $work.
interleave() {
  local connections=$1 target i
  shift
  for target in "$@"; do wrk -t1 -c"$connections" -d"$warmup" "${target#*=}" >/dev/null; done
  for ((i = 0; i < runs; i++)); do
    for target in "$@"; do
      wrk -t1 -c"$connections" -d"$duration" --latency "${target#*=}" >"$work/wrk-${target%%=*}-$i.txt"
    done
  done
}

# summary NAME: the median requests/s, p50 ms and p99 ms of NAME's rounds, and the number of
# failed requests (non-2xx or socket errors) in all of them.
summary() {
  local rounds=("$work/wrk-$1-"*.txt)
  printf '%s %s\n' "$(cat "${rounds[@]}" | python3 -c '
import re, statistics, sys
text = sys.stdin.read()
rps = [float(x) for x in re.findall(r"Requests/sec:\s+([\d.]+)", text)]
def ms(p):
    out = []
    for value, unit in re.findall(r"^\s+" + str(p) + r"%\s+([\d.]+)(us|ms|s)\s*$", text, re.M):
        out.append(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit])
    return statistics.median(out)
print(f"{statistics.median(rps):.0f} {ms(50):.2f} {ms(99):.2f}")')" "$(wrk_failures "${rounds[@]}")"
}

series() { curl -sf "$(metrics_url "$1")" | grep -vc '^#'; }
# series_names NAME: NAME's series, sorted, without the JVM's GC meters: those appear the first
# time each kind of collection happens (bounded, and not the requests' doing; a first major
# GC during the junk volley once counted as 3 "new series").
series_names() { curl -sf "$(metrics_url "$1")" | grep -v '^#' | sed 's/ [^ ]*$//' | grep -v '^jvm_gc_' | sort; }
# within_50ms NAME: the share of NAME's /cat_facts answers, all so far, that its own
# http_server_requests histogram puts within 50 ms, in percent. wrk's percentiles cannot be
# read when a few requests take seconds (the breaker's probes of a slow upstream): they then
# report a mean that 32 sequential connections could not have produced.
within_50ms() {
  curl -sf "$(metrics_url "$1")" | python3 -c '
import re, sys
fast = total = 0.0
for line in sys.stdin:
    if line.startswith("http_server_requests_seconds_") and "uri=\"/cat_facts\"" in line:
        value = float(line.rsplit(" ", 1)[1])
        if line.startswith("http_server_requests_seconds_bucket") and "le=\"0.05\"" in line:
            fast += value
        elif line.startswith("http_server_requests_seconds_count"):
            total += value
print(f"{100 * fast / total:.3f}")'
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }

# The image's JDK AOT cache, trained the same way for this layout (a cache is only valid for
# the classpath it was trained with). AOTMode=on: a cache the JVM cannot use fails the bench
# instead of quietly measuring without it.
train_aot() { # train_aot NAME JAR: writes $work/NAME.aot
  "$JAVA_HOME/bin/java" "${jvm_flags[@]}" -XX:AOTCacheOutput="$work/$1.aot" -Dspring.context.exit=onRefresh \
    -jar "$2" --cat-facts.upstream.enabled=false --logging.level.root=warn >"$work/$1-aot-training.log" 2>&1 ||
    die "the AOT cache training run of $1 failed: $(tail -20 "$work/$1-aot-training.log")"
}
step "Training JDK AOT caches for cat-facts and the obvious app (runs that exit after the context refresh)"
train_aot app "$app"
train_aot obvious "$obvious"
aot_flags=(-XX:AOTCache="$work/app.aot" -XX:AOTMode=on)
obvious_aot_flags=(-XX:AOTCache="$work/obvious.aot" -XX:AOTMode=on)
# The obvious app keeps Actuator's default paths.
run_obvious() { JAR=$obvious READY=/actuator/health/readiness start_app "$@"; }
run_product() { JAR=$obvious_jar READY=/actuator/health/readiness DEFAULT_FLAGS=true start_app "$@"; }

step "Start-up to readiness: cat-facts with and without the JDK AOT cache, the obvious app both ways, in turn"
startup_ms=() aot_ms=() obvious_ms=() product_ms=()
for ((i = 0; i < runs; i++)); do
  start_app startup-aot "${aot_flags[@]}"
  aot_ms+=("$ready_ms")
  stop startup-aot
  start_app startup
  startup_ms+=("$ready_ms")
  stop startup
  run_obvious startup-obvious "${obvious_aot_flags[@]}"
  obvious_ms+=("$ready_ms")
  stop startup-obvious
  run_product startup-product
  product_ms+=("$ready_ms")
  stop startup-product
done

# What each start-up choice costs on its own. Spring AOT's code is generated for the shipped
# configuration, so the other two are measured without it, against the same app without it.
step "Start-up, each choice on its own: Spring AOT, the management context, springdoc"
plain_ms=() one_context_ms=() no_docs_ms=()
for ((i = 0; i < runs; i++)); do
  NO_SPRING_AOT=true start_app startup-plain
  plain_ms+=("$ready_ms") && stop startup-plain
  NO_SPRING_AOT=true ONE_CONTEXT=true start_app startup-one-context
  one_context_ms+=("$ready_ms") && stop startup-one-context
  NO_SPRING_AOT=true start_app startup-no-docs -- --springdoc.api-docs.enabled=false --springdoc.swagger-ui.enabled=false
  no_docs_ms+=("$ready_ms") && stop startup-no-docs
done

step "/cat_facts: cat-facts as shipped (offline), metrics off, bare Reactor Netty, upstream down or slow, the obvious app"
start_app app "${aot_flags[@]}"
start_app off "${aot_flags[@]}" -- --management.metrics.enable.all=false --management.observations.enable.http=false
start_bare bare
# Nothing listens on a fresh free port: every connection is refused.
UPSTREAM=http://127.0.0.1:$(free_port)/fact start_app down "${aot_flags[@]}"
start_slow_upstream slow-upstream 1.5
UPSTREAM=$SLOW_URL start_app slow "${aot_flags[@]}"
run_obvious obvious "${obvious_aot_flags[@]}"
run_product product
# The warm-up opens the breakers (10 failed or slow calls); the rounds measure them open.
interleave 32 app="$(api_url app /cat_facts)" off="$(api_url off /cat_facts)" bare="$(api_url bare /cat_facts)" \
  down="$(api_url down /cat_facts)" slow="$(api_url slow /cat_facts)" obvious="$(api_url obvious /cat_facts)" \
  product="$(api_url product /cat_facts)"
rss_after_load=$(rss_mb "${pids[app]}") obvious_rss=$(rss_mb "${pids[obvious]}") product_rss=$(rss_mb "${pids[product]}")
down_fast=$(within_50ms down) slow_fast=$(within_50ms slow)
stop off bare down slow slow-upstream obvious product
read -r obvious_rps obvious_p50 obvious_p99 obvious_failed < <(summary obvious)
read -r product_rps product_p50 product_p99 product_failed < <(summary product)
read -r app_rps app_p50 app_p99 app_failed < <(summary app)
read -r off_rps off_p50 off_p99 _ < <(summary off)
read -r bare_rps bare_p50 bare_p99 _ < <(summary bare)
read -r down_rps down_p50 down_p99 down_failed < <(summary down)
read -r slow_rps slow_p50 slow_p99 slow_failed < <(summary slow)

# Scrapes of the shipped app against two uncached ones: as shipped but with the cache off,
# and as Boot's defaults would scrape it with percentiles-histogram on (~70 buckets a series).
step "/metrics: cat-facts as shipped, uncached, and Boot's defaults with percentiles-histogram"
start_app uncached "${aot_flags[@]}" -- --cat-facts.metrics.scrape-cache-ttl=0s
start_app histograms "${aot_flags[@]}" -- --cat-facts.metrics.scrape-cache-ttl=0s \
  --management.metrics.distribution.percentiles-histogram.http.server.requests=true \
  --management.metrics.distribution.percentiles-histogram.http.client.requests=true
for name in uncached histograms; do wrk -t1 -c32 -d3s "$(api_url "$name" /cat_facts)" >/dev/null; done
interleave 8 scrape="$(metrics_url app)" uncached="$(metrics_url uncached)" histograms="$(metrics_url histograms)"
scrape_lines=$(series app) hist_lines=$(series histograms)
stop app histograms
read -r scrape_rps scrape_p50 scrape_p99 _ < <(summary scrape)
read -r uncached_rps uncached_p50 uncached_p99 _ < <(summary uncached)
read -r hist_rps hist_p50 hist_p99 _ < <(summary histograms)

# Counting series needs every scrape rendered afresh: the uncached instance.
step "Series before and after 10,000 junk requests"
# One request of each junk kind first: the first 404 and the first 400 create their series
# once; what must not happen is growth with every new path or value.
curl -s -o /dev/null "$(api_url uncached /no/such/path/warm-up)"
curl -s -o /dev/null "$(api_url uncached '/cat_facts?count=warm-up')"
series_names uncached >"$work/series-before.txt"
# wrk runs for its whole duration even once the script has stopped its thread: short
# runs, until 10,000 have been answered.
junk_requests=0
while ((junk_requests < 10000)); do
  REQUESTS=$((10000 - junk_requests)) wrk -t1 -c8 -d2s -s bench/random-paths.lua "$(api_url uncached '')" \
    >"$work/cardinality.txt"
  junk_requests=$((junk_requests + $(awk '/requests in/ {print $1}' "$work/cardinality.txt")))
done
series_names uncached >"$work/series-after.txt"
before_series=$(wc -l <"$work/series-before.txt") after_series=$(wc -l <"$work/series-after.txt")
stop uncached

report=$(
  cat <<REPORT
| measurement | cat-facts | compared with | ratio | target |
|---|---|---|---|---|
| /cat_facts req/s (p50 / p99 ms) | $app_rps ($app_p50 / $app_p99) | metrics off: $off_rps ($off_p50 / $off_p99) | $(ratio "$app_rps" "$off_rps") | >= 0.95 |
| /cat_facts req/s | $app_rps | bare Reactor Netty: $bare_rps ($bare_p50 / $bare_p99 ms) | $(ratio "$app_rps" "$bare_rps") | >= 0.8 |
| /cat_facts req/s (p50 / p99 ms), upstream refusing connections, breaker open | $down_rps ($down_p50 / $down_p99); $down_fast % within 50 ms by the app's histogram | offline: $app_rps | $(ratio "$down_rps" "$app_rps") | >= 0.8, p99 < 50 ms |
| /cat_facts req/s (p50 / p99 ms), upstream answering after 1.5 s, breaker open | $slow_rps ($slow_p50 / $slow_p99); $slow_fast % within 50 ms by the app's histogram | offline: $app_rps | $(ratio "$slow_rps" "$app_rps") | >= 0.8, p99 < 50 ms |
| /metrics scrapes/s (p50 / p99 ms), 8 connections | $scrape_rps ($scrape_p50 / $scrape_p99), $scrape_lines samples | Boot defaults, percentiles-histogram on: $hist_rps ($hist_p50 / $hist_p99), $hist_lines samples | $(ratio "$scrape_rps" "$hist_rps") | >= 4 |
| /metrics scrapes/s with the cache off | $uncached_rps ($uncached_p50 / $uncached_p99) | Boot defaults, as above: $hist_rps | $(ratio "$uncached_rps" "$hist_rps") | |
| start-up to readiness UP, ms (median of $runs) | $(median "${aot_ms[@]}") | without the JDK AOT cache: $(median "${startup_ms[@]}") | $(ratio "$(median "${aot_ms[@]}")" "$(median "${startup_ms[@]}")") | <= 1500 |
| start-up, ms: Spring AOT on (no JDK AOT cache) | $(median "${startup_ms[@]}") | Spring AOT off: $(median "${plain_ms[@]}") | $(ratio "$(median "${startup_ms[@]}")" "$(median "${plain_ms[@]}")") | |
| start-up, ms: one context, management on the API port (Spring AOT off) | $(median "${one_context_ms[@]}") | a management context of its own: $(median "${plain_ms[@]}") | $(ratio "$(median "${one_context_ms[@]}")" "$(median "${plain_ms[@]}")") | |
| start-up, ms: springdoc off (Spring AOT off) | $(median "${no_docs_ms[@]}") | springdoc on: $(median "${plain_ms[@]}") | $(ratio "$(median "${no_docs_ms[@]}")" "$(median "${plain_ms[@]}")") | |
| RSS after the /cat_facts load, MB | $rss_after_load | | | <= 160 |
| code against code: /cat_facts req/s (p50 / p99 ms) | $app_rps ($app_p50 / $app_p99) | the obvious app, packaged and flagged as cat-facts: $obvious_rps ($obvious_p50 / $obvious_p99) | $(ratio "$app_rps" "$obvious_rps") | >= 1.0 |
| code against code: RSS after the load, MB | $rss_after_load | the obvious app: $obvious_rss | $(ratio "$rss_after_load" "$obvious_rss") | <= 1.0 |
| code against code: start-up to readiness, ms | $(median "${aot_ms[@]}") | the obvious app: $(median "${obvious_ms[@]}") | $(ratio "$(median "${aot_ms[@]}")" "$(median "${obvious_ms[@]}")") | |
| product against product: /cat_facts req/s (p50 / p99 ms) | $app_rps ($app_p50 / $app_p99) | the obvious app, \`java -jar\`, default flags: $product_rps ($product_p50 / $product_p99) | $(ratio "$app_rps" "$product_rps") | >= 1.2 |
| product against product: start-up to readiness, ms | $(median "${aot_ms[@]}") | the obvious app, \`java -jar\`: $(median "${product_ms[@]}") | $(ratio "$(median "${aot_ms[@]}")" "$(median "${product_ms[@]}")") | <= 0.5 |
| product against product: RSS after the load, MB | $rss_after_load | the obvious app, \`java -jar\`: $product_rss | $(ratio "$rss_after_load" "$product_rss") | <= 0.6 |
| series before / after $junk_requests junk requests | $before_series / $after_series | | | equal |
| failed /cat_facts requests under load (offline / upstream down / slow / obvious / obvious java -jar) | $app_failed / $down_failed / $slow_failed / $obvious_failed / $product_failed | | | 0 |
REPORT
)
printf '\n%s\n' "$report"

machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)"
out=docs/benchmarks.md
if $smoke; then out=$work/benchmarks.md; fi
cat >"$out" <<DOC
# Benchmarks

Written by \`make bench\` (hack/bench.sh) on $(date -u +%Y-%m-%d): $machine;
$("$JAVA_HOME/bin/java" -version 2>&1 | head -1); wrk $(wrk -v 2>&1 | awk 'NR==1 {print $2}'), 1 thread,
32 connections for /cat_facts and 8 for /metrics; medians of $runs runs of $duration after a
$warmup warm-up, every row from the same run, the servers compared in a row running side by
side with their runs interleaved. The app runs as in the image: its jar unpacked
(no nested jars), a JDK AOT cache trained as the image's is, and the image's JVM flags from
pom.xml under a simulated 256 MiB limit: \`${jvm_flags[*]} ${aot_flags[*]}\`.
It runs in offline mode, so the numbers are the service and its instrumentation, not the
public facts API; the two upstream rows point it at a loopback port where nothing listens
and at bench/slow-upstream.py. Ratios are what to compare; absolute numbers depend on the machine, and wrk
shares its cores with the server.

$report

What the profiles show, and why a target is not met: [performance.md](performance.md).
DOC
echo "written to $out"

new_series=$(comm -13 "$work/series-before.txt" "$work/series-after.txt")
[[ -z "$new_series" ]] || die "new series after $junk_requests junk requests:"$'\n'"$new_series"
failed=$((app_failed + down_failed + slow_failed + obvious_failed + product_failed))
[[ "$failed" == 0 ]] || die "$failed /cat_facts requests failed under load (offline $app_failed, upstream down $down_failed, slow $slow_failed)"
