#!/usr/bin/env bash
# Usage: hack/e2e-offline.sh
#
# The Docker-free end-to-end test: proves that Prometheus, configured by the real
# Prometheus Operator from the chart's ServiceMonitor, discovers cat-facts and scrapes it,
# and that an alert travels to Alertmanager and its webhook. Real etcd, kube-apiserver,
# controller-manager and scheduler on loopback; KWOK plays the kubelet; the app, Alertmanager
# and the webhook sink run as real processes in a network namespace that owns the pod IPs
# KWOK assigned, so Prometheus reaches them exactly as in a cluster. Only loopback and
# addresses inside that namespace are ever dialled. Needs root (network namespace) and the
# tools from hack/e2e-tools.sh; `make e2e-offline` builds them first.
#
# E2E_BREAK=label or E2E_BREAK=port breaks the ServiceMonitor on purpose: the run must then
# fail and name the cause.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
(($# == 0)) || bad_usage
cd "$(dirname "$0")/.."

# ---- Settings ----------------------------------------------------------------------------
E2E_BIN=${E2E_BIN:-$PWD/bin/e2e}
work=$PWD/target/e2e-offline
netns=cf-e2e
pod_cidr=10.244.0.0/24      # the fake node's podCIDR: KWOK gives pod IPs from it (from .1)
link_host=10.200.0.1        # the veth pair between the host and the pod namespace
link_pod=10.200.0.2
namespace=cat-facts release=cat-facts
requests=25
started_at=$SECONDS

[[ $(id -u) -eq 0 ]] || die "the offline e2e needs root for its network namespace: sudo -E make e2e-offline"
for tool in kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok prometheus-operator helm prometheus promtool; do
  [[ -x "$E2E_BIN/$tool" ]] || die "$E2E_BIN/$tool is missing: run 'make e2e-tools'"
done
for tool in prometheus-alertmanager openssl ip curl python3; do
  command -v "$tool" >/dev/null ||
    die "$tool is missing: apt-get install prometheus-alertmanager openssl iproute2 curl python3"
done
: "${JAVA_HOME:=$(hack/java-home.sh)}"
jar=$(app_jar)

kubectl() { "$E2E_BIN/kubectl" --kubeconfig "$work/kubeconfig" "$@"; }
elapsed() { echo "$((SECONDS - started_at)) s"; }

# ---- Teardown: every process, the namespace, the veth, the hosts file ------------------
pids=()
cleanup() {
  if ((exit_status != 0)); then
    printf '\n\033[31mThe offline e2e failed.\033[0m Diagnostics follow; logs are in %s\n' "$work"
    [[ -f "$work/operator.log" ]] && { echo "--- operator log (tail)"; tail -30 "$work/operator.log"; }
    [[ -f "$work/prometheus.yaml" ]] && { echo "--- the configuration the operator generated (head)"; sed -n 1,80p "$work/prometheus.yaml"; }
    [[ -n "${prom_url:-}" ]] && { echo "--- /api/v1/targets"; curl -s "$prom_url/api/v1/targets" | head -c 3000; echo; }
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  ip netns pids "$netns" 2>/dev/null | xargs -r kill 2>/dev/null || true
  # Bounded: whatever has not stopped after 15 s is killed.
  local deadline=$((SECONDS + 15))
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  remove_network
}
remove_network() {
  ip netns pids "$netns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
  ip netns del "$netns" 2>/dev/null || true
  ip link del "$netns-h" 2>/dev/null || true
  rm -rf "/etc/netns/$netns"
}
on_exit cleanup
# Leftovers of an interrupted run (only our own namespace, link and route).
remove_network

start() { # start NAME command...: runs in the background, logs to $work/NAME.log
  local name=$1
  shift
  "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
}

rm -rf "$work" && mkdir -p "$work"

# ---- 1. Certificates ---------------------------------------------------------------------
step "Certificates (openssl) [$(elapsed)]"
pki=$work/pki && mkdir -p "$pki"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=e2e-ca \
  -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
issue() { # issue NAME SUBJECT [SAN]
  openssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$pki/$1.key" -out "$pki/$1.csr" 2>/dev/null
  local ext=$pki/$1.ext
  echo "extendedKeyUsage=serverAuth,clientAuth" >"$ext"
  [[ -n "${3:-}" ]] && echo "subjectAltName=$3" >>"$ext"
  openssl x509 -req -in "$pki/$1.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -days 1 -extfile "$ext" -out "$pki/$1.crt" 2>/dev/null
}
issue apiserver /CN=kube-apiserver \
  "IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
issue admin "/O=system:masters/CN=e2e-admin"
openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null

# ---- 2. Control plane on loopback ------------------------------------------------------
step "etcd, kube-apiserver, controller-manager, scheduler on loopback [$(elapsed)]"
etcd_port=$(free_port) peer_port=$(free_port) api_port=$(free_port)
start etcd "$E2E_BIN/etcd" --name e2e --data-dir "$work/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "e2e=http://127.0.0.1:$peer_port" --unsafe-no-fsync
TIMEOUT=60 retry_until "etcd" curl -sf "http://127.0.0.1:$etcd_port/health"

start kube-apiserver "$E2E_BIN/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$etcd_port" \
  --secure-port "$api_port" --bind-address 127.0.0.1 --advertise-address 127.0.0.1 \
  --cert-dir "$work/apiserver" --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
  --client-ca-file "$pki/ca.crt" --authorization-mode RBAC \
  --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$pki/sa.pub" \
  --service-account-signing-key-file "$pki/sa.key" --service-cluster-ip-range 10.96.0.0/16 \
  --endpoint-reconciler-type none --allow-privileged=true
api=https://127.0.0.1:$api_port
TIMEOUT=120 retry_until "kube-apiserver /readyz" \
  curl -sf --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "$api/readyz"

cat >"$work/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters: [{name: e2e, cluster: {server: "$api", certificate-authority: "$pki/ca.crt"}}]
users: [{name: admin, user: {client-certificate: "$pki/admin.crt", client-key: "$pki/admin.key"}}]
contexts: [{name: e2e, context: {cluster: e2e, user: admin}}]
current-context: e2e
KUBECONFIG
export KUBECONFIG=$work/kubeconfig
echo "API server $(kubectl version -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["serverVersion"]["gitVersion"])') at $api"

start kube-controller-manager "$E2E_BIN/kube-controller-manager" --kubeconfig "$KUBECONFIG" \
  --leader-elect=false --bind-address 127.0.0.1 --secure-port "$(free_port)" \
  --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
  --use-service-account-credentials=false --controllers '*'
start kube-scheduler "$E2E_BIN/kube-scheduler" --kubeconfig "$KUBECONFIG" \
  --leader-elect=false --bind-address 127.0.0.1 --secure-port "$(free_port)"

# ---- 3. A fake node that KWOK runs -------------------------------------------------------
step "KWOK node with podCIDR $pod_cidr [$(elapsed)]"
kubectl apply -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  annotations:
    kwok.x-k8s.io/node: fake
  labels:
    kubernetes.io/hostname: kwok-node-0
    kubernetes.io/os: linux
    type: kwok
spec:
  podCIDR: $pod_cidr
  podCIDRs: [$pod_cidr]
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "110"}
  capacity: {cpu: "32", memory: 256Gi, pods: "110"}
NODE
start kwok "$E2E_BIN/kwok" --kubeconfig "$KUBECONFIG" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --cidr "${pod_cidr%.0/24}.1/24" --node-ip 10.200.0.10 --server-address "127.0.0.1:$(free_port)"
TIMEOUT=60 retry_until "the KWOK node to be Ready" \
  sh -c "\"$E2E_BIN/kubectl\" get node kwok-node-0 -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -q True"

# ---- 4. The operator and the stack from k8s/ ---------------------------------------------
step "Prometheus Operator CRDs (server-side) and the operator, out of cluster [$(elapsed)]"
kubectl apply --server-side -f "$E2E_BIN/prometheus-operator-crd/" >/dev/null
kubectl wait --for condition=Established --timeout 60s crd --all >/dev/null
start operator "$E2E_BIN/prometheus-operator" --web.listen-address "127.0.0.1:$(free_port)" \
  --apiserver "$api" --ca-file "$pki/ca.crt" --cert-file "$pki/admin.crt" --key-file "$pki/admin.key" \
  --log-level info

step "Monitoring stack: kubectl apply -k k8s (the API server validates every object) [$(elapsed)]"
kubectl apply --server-side -k k8s
prometheus_version=v$("$E2E_BIN/prometheus" --version 2>&1 | awk 'NR==1 {print $3}')
alertmanager_version=v$(prometheus-alertmanager --version 2>&1 | awk 'NR==1 {print $3}' | cut -d+ -f1)
# What differs from a cluster: the operator is told the versions of the binaries that run
# here, and Prometheus runs outside the cluster, so it reaches the API server by address and
# certificate. A 5 s scrape and evaluation interval keep the run short.
kubectl -n monitoring patch prometheus main --type merge -p "$(cat <<PATCH
{"spec": {"version": "$prometheus_version", "scrapeInterval": "5s", "evaluationInterval": "5s",
  "apiserverConfig": {"host": "$api", "tlsConfig": {"caFile": "$pki/ca.crt",
    "certFile": "$pki/admin.crt", "keyFile": "$pki/admin.key"}}}}
PATCH
)" >/dev/null
kubectl -n monitoring patch alertmanager main --type merge -p "{\"spec\": {\"version\": \"$alertmanager_version\"}}" >/dev/null

# ---- 5. The chart --------------------------------------------------------------------------
step "helm install the chart [$(elapsed)]"
monitor_args=(--set serviceMonitor.interval=5s --set serviceMonitor.scrapeTimeout=4s
  --set prometheusRule.targetDownFor=20s)
case "${E2E_BREAK:-}" in
  "") ;;
  label) monitor_args+=(--set serviceMonitor.additionalLabels=null) ;;
  port) ;;
  *) die "E2E_BREAK must be label or port" ;;
esac
"$E2E_BIN/helm" upgrade --install "$release" helm/cat-facts --kubeconfig "$KUBECONFIG" \
  --namespace "$namespace" --create-namespace --set replicaCount=1 "${monitor_args[@]}" \
  --wait --timeout 3m >/dev/null
if [[ "${E2E_BREAK:-}" == port ]]; then
  kubectl -n "$namespace" patch servicemonitor "$release" --type json \
    -p '[{"op": "replace", "path": "/spec/endpoints/0/port", "value": "8081"}]' >/dev/null
fi
# The negative case: the same ServiceMonitor without the label the Prometheus selects.
kubectl -n "$namespace" get servicemonitor "$release" -o json | python3 -c '
import json, sys
sm = json.load(sys.stdin)
sm["metadata"] = {"name": "cat-facts-unlabelled", "namespace": sm["metadata"]["namespace"],
                  "labels": {k: v for k, v in sm["metadata"]["labels"].items() if k != "prometheus"}}
print(json.dumps(sm))' | kubectl apply -f - >/dev/null

pod_ip() { kubectl -n "$1" get pods -l "$2" -o jsonpath='{.items[0].status.podIP}'; }
TIMEOUT=60 retry_until "pod IPs from KWOK" sh -c "[ -n \"\$(\"$E2E_BIN/kubectl\" -n $namespace get pods -l app.kubernetes.io/instance=$release -o jsonpath='{.items[0].status.podIP}')\" ]"
TIMEOUT=120 retry_until "the Alertmanager and alert-sink pods" sh -c "
  \"$E2E_BIN/kubectl\" -n monitoring get pod alertmanager-main-0 -o jsonpath='{.status.podIP}' | grep -q . &&
  \"$E2E_BIN/kubectl\" -n monitoring get pods -l app.kubernetes.io/name=alert-sink -o jsonpath='{.items[0].status.podIP}' | grep -q ."
app_ip=$(pod_ip "$namespace" "app.kubernetes.io/instance=$release")
app_pod=$(kubectl -n "$namespace" get pods -l "app.kubernetes.io/instance=$release" -o jsonpath='{.items[0].metadata.name}')
am_ip=$(kubectl -n monitoring get pod alertmanager-main-0 -o jsonpath='{.status.podIP}')
sink_ip=$(pod_ip monitoring app.kubernetes.io/name=alert-sink)
echo "pod IPs: $app_pod $app_ip, alertmanager-main-0 $am_ip, alert-sink $sink_ip"
for ip in "$app_ip" "$am_ip" "$sink_ip"; do
  python3 -c "import ipaddress,sys; sys.exit(ipaddress.ip_address('$ip') not in ipaddress.ip_network('$pod_cidr'))" ||
    die "pod IP $ip is outside $pod_cidr: refusing to route it"
done

# ---- 6. The pod network: a namespace that owns the pod IPs ---------------------------------
step "Network namespace $netns owning $app_ip, $am_ip, $sink_ip [$(elapsed)]"
ip netns add "$netns"
ip link add "$netns-h" type veth peer name "$netns-p"
ip link set "$netns-p" netns "$netns"
ip addr add "$link_host/30" dev "$netns-h" && ip link set "$netns-h" up
ip -n "$netns" addr add "$link_pod/30" dev "$netns-p"
for ip in "$app_ip" "$am_ip" "$sink_ip"; do ip -n "$netns" addr add "$ip/32" dev "$netns-p"; done
ip -n "$netns" link set lo up && ip -n "$netns" link set "$netns-p" up
ip -n "$netns" route add default via "$link_host"
ip route add "$pod_cidr" via "$link_pod" dev "$netns-h"
# Cluster DNS stand-in for the one name the Alertmanager config uses (ip netns exec mounts it).
mkdir -p "/etc/netns/$netns"
printf '127.0.0.1 localhost\n%s alert-sink.monitoring.svc\n' "$sink_ip" >"/etc/netns/$netns/hosts"
# Safety: nothing is dialled unless the route to the pod range goes into our namespace.
ip route get "$app_ip" | grep -q "dev $netns-h" || die "no route from the host into $netns"

step "The app, Alertmanager and the webhook sink as the 'pods' [$(elapsed)]"
# `ip netns exec` execs the command, so the recorded PID is the process itself. The three
# share one namespace, so each listens on its own pod IP only (as if in its own pod).
# As the image runs it: its JVM flags from pom.xml, under the chart's 256 MiB limit.
mapfile -t jvm_flags < <(image_jvm_flags)
start app ip netns exec "$netns" env CAT_FACTS_UPSTREAM_ENABLED=false \
  SERVER_ADDRESS="$app_ip" MANAGEMENT_SERVER_ADDRESS="$app_ip" \
  "$JAVA_HOME/bin/java" -XX:MaxRAM=256m "${jvm_flags[@]}" -jar "$jar"
app_pid=${pids[-1]}
start alert-sink ip netns exec "$netns" python3 hack/alert-sink.py "$sink_ip" 8080 "$work/notifications.jsonl"
TIMEOUT=60 retry_until "the operator's Secret alertmanager-main-generated" \
  "$E2E_BIN/kubectl" -n monitoring get secret alertmanager-main-generated
kubectl -n monitoring get secret alertmanager-main-generated -o jsonpath='{.data.alertmanager\.yaml\.gz}' |
  base64 -d | gunzip >"$work/alertmanager.yaml"
start alertmanager ip netns exec "$netns" prometheus-alertmanager --config.file "$work/alertmanager.yaml" \
  --storage.path "$work/alertmanager-data" --web.listen-address "$am_ip:9093" --cluster.listen-address ""
TIMEOUT=120 retry_until "the app's readiness at $app_ip:8081" curl -sf "http://$app_ip:8081/health/readiness"
TIMEOUT=60 retry_until "Alertmanager at $am_ip:9093" curl -sf "http://$am_ip:9093/-/ready"

# ---- 7. Prometheus with the configuration the operator generated ---------------------------
step "Prometheus with the operator's generated configuration [$(elapsed)]"
TIMEOUT=120 retry_until "Secret prometheus-main with the generated config" \
  "$E2E_BIN/kubectl" -n monitoring get secret prometheus-main
rules=$work/rules && mkdir -p "$rules"
fetch_config() {
  # The placeholders the config-reloader sidecar substitutes in a cluster.
  # shellcheck disable=SC2016
  kubectl -n monitoring get secret prometheus-main -o jsonpath='{.data.prometheus\.yaml\.gz}' | base64 -d | gunzip |
    sed -e 's/\$(SHARD)/0/g' -e 's/\$(POD_NAME)/prometheus-main-0/g' \
      -e "s#/etc/prometheus/rules/#$rules/#g" >"$work/prometheus.yaml"
  for cm in $(kubectl -n monitoring get configmaps -o name | grep 'prometheus-main-rulefiles-'); do
    mkdir -p "$rules/${cm#configmap/}"
    kubectl -n monitoring get "$cm" -o json | python3 -c "
import json, sys, os
for name, text in json.load(sys.stdin)['data'].items():
    open(os.path.join('$rules/${cm#configmap/}', name), 'w').write(text)"
  done
}
# The operator regenerates the config as it sees the ServiceMonitors; wait for ours.
config_has() { fetch_config && grep -q "job_name: $1" "$work/prometheus.yaml"; }
TIMEOUT=60 poll_until config_has "serviceMonitor/$namespace/$release/0" || true
if ! grep -q "job_name: serviceMonitor/$namespace/$release/0" "$work/prometheus.yaml"; then
  selector=$(kubectl -n monitoring get prometheus main -o jsonpath='{.spec.serviceMonitorSelector}')
  labels=$(kubectl -n "$namespace" get servicemonitor "$release" -o jsonpath='{.metadata.labels}')
  die "ServiceMonitor $namespace/$release is NOT discovered: its labels $labels do not match the Prometheus serviceMonitorSelector $selector (README: troubleshooting, cause 1)"
fi
grep -q "job_name: serviceMonitor/$namespace/cat-facts-unlabelled/0" "$work/prometheus.yaml" &&
  die "the ServiceMonitor without the selected label was discovered: the selector does not select"
echo "generated jobs: $(grep -cE '^- job_name' "$work/prometheus.yaml"); the unlabelled ServiceMonitor is ignored, as it must be"
"$E2E_BIN/promtool" check config "$work/prometheus.yaml"

prom_port=$(free_port)
prom_url=http://127.0.0.1:$prom_port
start prometheus "$E2E_BIN/prometheus" --config.file "$work/prometheus.yaml" --storage.tsdb.path "$work/prometheus-data" \
  --web.listen-address "127.0.0.1:$prom_port" --web.enable-lifecycle
TIMEOUT=60 retry_until "Prometheus ready" curl -sf "$prom_url/-/ready"
echo "Prometheus at $prom_url"

query() { curl -sf "$prom_url/api/v1/query" --data-urlencode "query=$1"; }
value() { query "$1" | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "none")'; }

# ---- 8. Assertions through the Prometheus HTTP API -----------------------------------------
step "The ServiceMonitor's target is UP with the expected labels [$(elapsed)]"
target_up() {
  curl -sf "$prom_url/api/v1/targets?state=active" | python3 -c "
import json, sys
for t in json.load(sys.stdin)['data']['activeTargets']:
    l = t['labels']
    if (l.get('job'), l.get('namespace'), l.get('service'), l.get('pod')) == ('$release', '$namespace', '$release', '$app_pod') and t['health'] == 'up':
        sys.exit(0)
sys.exit(1)"
}
if ! TIMEOUT=60 poll_until target_up; then
  port=$(kubectl -n "$namespace" get servicemonitor "$release" -o jsonpath='{.spec.endpoints[0].port}')
  ports=$(kubectl -n "$namespace" get service "$release" -o jsonpath='{.spec.ports[*].name}')
  if [[ " $ports " != *" $port "* ]]; then
    die "no target: the ServiceMonitor endpoint port '$port' is not a port NAME of Service $release (its ports: $ports) (README: troubleshooting, cause 3)"
  fi
  die "the target for $namespace/$release is not UP (see /api/v1/targets below)"
fi
echo "up{job=\"$release\", namespace=\"$namespace\", service=\"$release\", pod=\"$app_pod\"} == $(value "up{job=\"$release\",namespace=\"$namespace\"}")"

step "$requests requests: the seed counter rises by exactly $requests [$(elapsed)]"
# One request first: the request histogram's series are born with it, and rate() counts
# only increases Prometheus has seen, so the measured requests must come after a scrape of it.
curl -sf -o /dev/null "http://$app_ip:8080/cat_facts"
TIMEOUT=30 retry_until "the request histogram in Prometheus" \
  sh -c "curl -sf '$prom_url/api/v1/query' --data-urlencode 'query=http_server_requests_seconds_count{job=\"$release\",uri=\"/cat_facts\"}' | grep -q cat_facts"
counter="sum(random_facts_api_execution_counter_total{job=\"$release\",namespace=\"$namespace\"})"
before=$(value "$counter")
[[ "$before" != none ]] || die "random_facts_api_execution_counter_total is not in Prometheus"
for ((i = 0; i < requests; i++)); do curl -sf -o /dev/null "http://$app_ip:8080/cat_facts"; done
expected=$(python3 -c "print(float('$before') + $requests)")
counted() { [[ $(python3 -c "print(float('$(value "$counter")') == $expected)") == True ]]; }
TIMEOUT=60 retry_until "$counter == $expected" counted
echo "$counter: $before -> $(value "$counter")"
p99="histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket{job=\"$release\",uri=\"/cat_facts\"}[1m])))"
is_number() { python3 -c "import math,sys; v=sys.argv[1]; sys.exit(v == 'none' or math.isnan(float(v)))" "$(value "$p99")"; }
TIMEOUT=30 retry_until "histogram_quantile over http_server_requests_seconds_bucket to give a number" is_number
quantile=$(value "$p99")
echo "p99 of /cat_facts: $quantile s"
recorded() { [[ $(value "job:cat_facts_requests:rate5m{job=\"$release\"}") != none ]]; }
TIMEOUT=30 poll_until recorded ||
  die "the chart's recording rules give nothing; rule health: $(curl -s "$prom_url/api/v1/rules" | head -c 1500)"
echo "job:cat_facts_requests:rate5m = $(value "job:cat_facts_requests:rate5m{job=\"$release\"}")"

step "Stop the app: CatFactsTargetDown fires and reaches the webhook through Alertmanager [$(elapsed)]"
kill "$app_pid"
wait "$app_pid" 2>/dev/null || true
alert_firing() {
  curl -sf "$prom_url/api/v1/alerts" | python3 -c '
import json, sys
alerts = json.load(sys.stdin)["data"]["alerts"]
sys.exit(not any(a["labels"]["alertname"] == sys.argv[1] and a["state"] == "firing" for a in alerts))' "$1"
}
TIMEOUT=120 retry_until "CatFactsTargetDown to fire in Prometheus" alert_firing CatFactsTargetDown
echo "CatFactsTargetDown is firing in Prometheus"
TIMEOUT=90 retry_until "Alertmanager to hold CatFactsTargetDown" \
  sh -c "curl -sf 'http://$am_ip:9093/api/v2/alerts' | grep -q CatFactsTargetDown"
TIMEOUT=90 retry_until "the webhook sink to log the notification" \
  sh -c "grep -q CatFactsTargetDown '$work/notifications.jsonl'"
echo "notification received: $(head -c 300 "$work/notifications.jsonl")..."

printf '\n\033[1mOffline e2e passed in %s.\033[0m\n' "$(elapsed)"
