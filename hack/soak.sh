#!/usr/bin/env bash
# Usage: hack/soak.sh [DURATION] [INTERVAL]
#
# Runs the app as in the image (its JVM flags from pom.xml, a simulated 256 MiB limit,
# offline mode) under steady load for DURATION (default 10m; wrk, 1 thread, 16
# connections) and prints, every INTERVAL (default 30s): RSS, heap used, live data after
# the last full collection, GC count and GC time, and requests served (an empty argument
# takes the default: `make soak` passes DURATION and INTERVAL as they are). Then it fails if:
#   - any request failed, or the process died;
#   - memory grew without bound: the median RSS of the last quarter of the run above the
#     second quarter's by more than max(16 MB, 10 %), or the live data after full
#     collections likewise (when there were any).
# Needs wrk (apt-get install wrk), curl, python3 and a built jar (make build).
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
cd "$(dirname "$0")/.."

duration=${1:-10m} interval=${2:-30s}
[[ "$duration" =~ ^[0-9]+[smh]$ ]] || die "DURATION ($duration) must be a number of seconds, minutes or hours: 90s, 10m, 1h"
[[ "$interval" =~ ^[0-9]+s$ ]] || die "INTERVAL ($interval) must be a number of seconds: 30s"
for tool in wrk curl python3; do command -v "$tool" >/dev/null || die "$tool is needed (apt-get install $tool)"; done
seconds() { local n=${1%?}; case $1 in *h) echo $((n * 3600)) ;; *m) echo $((n * 60)) ;; *) echo "$n" ;; esac; }
total=$(seconds "$duration") every=$(seconds "$interval")
((total >= 4 * every)) || die "DURATION ($duration) must be at least four INTERVALs ($interval) to compare quarters"
require_java
work=target/soak && mkdir -p "$work"
app=$(extract_app "$(app_jar)" "$work/app")
mapfile -t jvm_flags < <(image_jvm_flags)
api=$(free_port) management=$(free_port)

"$JAVA_HOME/bin/java" -XX:MaxRAM=256m "${jvm_flags[@]}" -jar "$app" --server.port="$api" \
  --management.server.port="$management" --cat-facts.upstream.enabled=false --logging.level.root=warn \
  >"$work/app.log" 2>&1 &
pid=$!
wrk_pid=
cleanup() {
  # Every step tolerates failure: under set -e a failed one (wrk has exited already) would
  # end the trap there and leave the JVM running.
  if [[ -n "$wrk_pid" ]]; then kill "$wrk_pid" 2>/dev/null || true; fi
  kill "$pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
on_exit cleanup
TIMEOUT=60 retry_until "readiness of the app" curl -sf --max-time 5 "http://127.0.0.1:$management/health/readiness"

step "Soaking for $duration, a sample every $interval"
wrk -t1 -c16 -d"$total"s "http://127.0.0.1:$api/cat_facts" >"$work/wrk.txt" &
wrk_pid=$!
samples=$work/samples.tsv
printf 'seconds\trss_mb\theap_used_mb\tlive_data_mb\tgc_count\tgc_seconds\trequests\n' | tee "$samples"
start=$SECONDS n=0
while kill -0 "$wrk_pid" 2>/dev/null; do
  n=$((n + 1))
  while ((SECONDS < start + n * every)) && kill -0 "$wrk_pid" 2>/dev/null; do sleep 1; done
  kill -0 "$pid" 2>/dev/null || die "the application died during the soak; its log: $(tail -20 "$work/app.log")"
  rss=$(rss_mb "$pid")
  curl -sf --max-time 10 "http://127.0.0.1:$management/metrics" | python3 -c '
import re, sys
text = sys.stdin.read()
def total(name, where=""):
    pattern = r"^" + name + r"\{[^}]*" + re.escape(where) + r"[^}]*\} (\S+)$"
    return sum(float(v) for v in re.findall(pattern, text, re.M))
mb = 1024 * 1024
heap = total("jvm_memory_used_bytes", "area=\"heap\"") / mb
live = total("jvm_gc_live_data_size_bytes") / mb
gcs = total("jvm_gc_pause_seconds_count")
gc_time = total("jvm_gc_pause_seconds_sum")
served = total("http_server_requests_seconds_count", "uri=\"/cat_facts\"")
print(f"{sys.argv[1]}\t{sys.argv[2]}\t{heap:.0f}\t{live:.0f}\t{gcs:.0f}\t{gc_time:.2f}\t{served:.0f}")
' "$((SECONDS - start))" "$rss" | tee -a "$samples"
done
wrk_pid=

failed=$(wrk_failures "$work/wrk.txt")
grep -E 'requests in|Requests/sec' "$work/wrk.txt"
[[ "$failed" == 0 ]] || die "$failed requests failed during the soak (see $work/wrk.txt)"

python3 - "$samples" <<'PY' || die "memory grew during the soak (samples in $samples)"
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
q = max(1, len(rows) // 4)
failed = False
for column in ("rss_mb", "live_data_mb"):
    values = [float(r[column]) for r in rows]
    early, late = statistics.median(values[q:2 * q]), statistics.median(values[-q:])
    if column == "live_data_mb" and early == 0:
        print("live_data_mb: no full collection in the second quarter, nothing to compare")
        continue
    allowed = max(16, 0.10 * early)
    verdict = "steady" if late - early <= allowed else "GROWING"
    failed |= verdict != "steady"
    print(f"{column}: {early:.0f} MB in the second quarter, {late:.0f} MB in the last (allowed +{allowed:.0f}): {verdict}")
sys.exit(1 if failed else 0)
PY
echo "soak OK: no failed request, memory steady"
