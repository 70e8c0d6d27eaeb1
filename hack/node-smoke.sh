#!/usr/bin/env bash
# Usage: hack/node-smoke.sh PAUSE_VERSION COREDNS_VERSION PROMETHEUS_OPERATOR_VERSION APP_IMAGE.tar
#
# Proves the real node of hack/node-up.sh runs the project's images as pods: brings it up with
# APP_IMAGE.tar imported, installs the chart, and checks the app pod is Ready as uid 65532 on a
# read-only root and answers on its pod IP, its Service and its DNS name; nothing was pulled.
# Then the operator from k8s/operator (its bundle read from the operator's Go module) and the
# stack from k8s/ must bring Prometheus and Alertmanager, with their config-reloader sidecars,
# and the alert sink to Ready, all from imported images, and Prometheus (asked through kubectl
# port-forward) must scrape the app through its ServiceMonitor. Tears the node down at the end,
# unless KEEP_NODE=true. Needs root and `make node-images`.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=hack/lib.sh
source hack/lib.sh
# shellcheck source=hack/node/settings.sh
source hack/node/settings.sh

answer_help "$@"
[[ $# -eq 4 ]] || bad_usage
pause=$1 coredns=$2 operator=$3 app_image=$4
[[ -f "$app_image" ]] || die "$app_image is missing: run 'make node-app-image'"
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
started_at=$SECONDS
elapsed() { echo "$((SECONDS - started_at)) s"; }

cleanup() {
  local code=$?
  trap - EXIT
  ((code == 0)) || printf '\n\033[31mThe node smoke check failed.\033[0m Logs: %s/logs\n' "$work"
  [[ -z "${PF_PID:-}" ]] || kill "$PF_PID" 2>/dev/null || true
  if [[ "${KEEP_NODE:-false}" == true ]]; then echo "KEEP_NODE=true: the node stays up (hack/node-down.sh)"; else hack/node-down.sh; fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

hack/node-up.sh "$pause" "$coredns" "$app_image"
kubectl() { "$e2e_bin/kubectl" --kubeconfig "$work/kubeconfig" "$@"; }
in_node() { nsenter --net="/var/run/netns/$netns" "$@"; }

step "The chart, offline, one replica of cat-facts:$version [$(elapsed)]"
"$e2e_bin/helm" upgrade --install cat-facts helm/cat-facts --kubeconfig "$work/kubeconfig" \
  --namespace cat-facts --create-namespace --set replicaCount=1 --set image.tag="$version" \
  --set app.upstream.enabled=false --set serviceMonitor.enabled=false --set prometheusRule.enabled=false \
  --wait --timeout 3m >/dev/null
pod=$(kubectl -n cat-facts get pods -l app.kubernetes.io/instance=cat-facts -o jsonpath='{.items[0].metadata.name}')
pod_ip=$(kubectl -n cat-facts get pod "$pod" -o jsonpath='{.status.podIP}')
container=$(kubectl -n cat-facts get pod "$pod" -o jsonpath='{.status.containerStatuses[0].containerID}')
pid=$("$node_bin/ctr" --address "$sockets/containerd.sock" -n k8s.io tasks ls 2>/dev/null | awk -v id="${container#containerd://}" '$1 == id {print $2}')
uid=$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")
root=$(awk '$5 == "/" {print $6}' "/proc/$pid/mountinfo" | tail -1)
echo "pod $pod: Ready, IP $pod_ip, process $pid ($(cat "/proc/$pid/comm")) as uid $uid, root mounted $root"
[[ "$uid" == 65532 ]] || die "the app runs as uid $uid, expected 65532"
[[ "$root" == ro* ]] || die "the app's root filesystem is mounted '$root', expected read-only"
# DNS as a pod sees it: an A query for the Service's name to the cluster DNS Service.
resolve() {
  in_node python3 -c '
import socket, struct, sys
query = struct.pack(">HHHHHH", 1, 0x0100, 1, 0, 0, 0) + b"".join(bytes([len(p)]) + p.encode() for p in sys.argv[1].split(".")) + b"\0\0\1\0\1"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(2); s.sendto(query, (sys.argv[2], 53))
answer = s.recv(512)
print(socket.inet_ntoa(answer[-4:]) if struct.unpack(">H", answer[6:8])[0] else "")' "$1" "$dns_ip"
}
service_ip=$(kubectl -n cat-facts get service cat-facts -o jsonpath='{.spec.clusterIP}')
[[ $(resolve cat-facts.cat-facts.svc.cluster.local) == "$service_ip" ]] ||
  die "cat-facts.cat-facts.svc.cluster.local does not resolve to $service_ip through CoreDNS at $dns_ip"
echo "cat-facts.cat-facts.svc.cluster.local -> $service_ip (CoreDNS)"
echo "GET $pod_ip:8080/cat_facts: $(in_node curl -sf "http://$pod_ip:8080/cat_facts")"
echo "GET $service_ip:8080/cat_facts (kube-proxy): $(in_node curl -sf "http://$service_ip:8080/cat_facts")"
# Read whole before grep: `curl | grep -q` under pipefail fails when grep exits first (SIGPIPE).
metrics=$(in_node curl -sf "http://$pod_ip:8081/metrics") || die "$pod_ip:8081/metrics did not answer"
grep -q '^random_facts_api_execution_counter_total' <<<"$metrics" ||
  die "$pod_ip:8081/metrics has no random_facts_api_execution_counter_total"
echo "GET $pod_ip:8081/metrics: random_facts_api_execution_counter_total is there"
pulled=$(kubectl get events -A --field-selector reason=Pulling -o name)
[[ -z "$pulled" ]] || die "something was pulled: $pulled"
echo "no Pulling event: every image came from a tarball"

step "The operator from k8s/operator, its bundle from the operator's Go module [$(elapsed)]"
# k8s/operator names the release's bundle.yaml by URL, which cannot be fetched here. The
# operator's release workflow uploads that asset unchanged from the tagged tree
# (.github/workflows/release.yaml), and the tagged tree is the Go module, whose checksum the Go
# checksum database vouches for: a copy of the kustomization that names the module's file.
bundle=$(go mod download -json "github.com/prometheus-operator/prometheus-operator@$operator" | json_field Dir)/bundle.yaml
url=https://github.com/prometheus-operator/prometheus-operator/releases/download/$operator/bundle.yaml
grep -qF "$url" k8s/operator/kustomization.yaml || die "k8s/operator/kustomization.yaml does not reference $url"
mkdir -p "$work/k8s/operator" && cp -r k8s/namespace "$work/k8s/" && cp "$bundle" "$work/k8s/operator/bundle.yaml"
sed "s|$url|bundle.yaml|" k8s/operator/kustomization.yaml >"$work/k8s/operator/kustomization.yaml"
kubectl apply --server-side -k "$work/k8s/operator" >/dev/null
kubectl wait --for condition=Established --timeout 60s crd --all >/dev/null
kubectl -n monitoring rollout status deploy/prometheus-operator --timeout 120s

step "The stack: kubectl apply --server-side -k k8s [$(elapsed)]"
kubectl apply --server-side -k k8s >/dev/null
for statefulset in prometheus-main alertmanager-main; do
  TIMEOUT=60 retry_until "the operator to create statefulset/$statefulset" kubectl -n monitoring get "statefulset/$statefulset"
  kubectl -n monitoring rollout status "statefulset/$statefulset" --timeout 180s
done
for pod in prometheus-main-0 alertmanager-main-0; do
  echo "$pod: $(kubectl -n monitoring get pod "$pod" -o jsonpath='{range .spec.initContainers[*]}{.name} (init) {end}{range .spec.containers[*]}{.name} {end}')"
  kubectl -n monitoring get pod "$pod" -o jsonpath='{.spec.containers[*].name}' | grep -qw config-reloader ||
    die "$pod has no config-reloader sidecar"
done

kubectl -n monitoring rollout status deploy/alert-sink --timeout 120s
# Every image of the stack, the alert sink's included, was imported from bin/node/images.
pulled=$(kubectl get events -A --field-selector reason=Pulling -o jsonpath='{range .items[*]}{.involvedObject.name}{"\n"}{end}')
[[ -z "$pulled" ]] || die "these pods pulled their image: $pulled"
echo "no Pulling event: the stack's images came from tarballs too"

step "Prometheus scrapes the app through the chart's ServiceMonitor [$(elapsed)]"
"$e2e_bin/helm" upgrade cat-facts helm/cat-facts --kubeconfig "$work/kubeconfig" --namespace cat-facts \
  --reuse-values --set serviceMonitor.enabled=true --set prometheusRule.enabled=true --set serviceMonitor.interval=5s \
  --set serviceMonitor.scrapeTimeout=4s --wait --timeout 3m >/dev/null
# Asked from the host as a test would: through the API server, the kubelet and containerd's
# streaming server.
export KUBECONFIG=$work/kubeconfig KUBECTL=$e2e_bin/kubectl
port_forward monitoring svc/prometheus 9090
up_query="up{job=\"cat-facts\",namespace=\"cat-facts\"}"
scraped() {
  curl -sf "http://127.0.0.1:$PF_PORT/api/v1/query" --data-urlencode "query=$up_query" | grep -q '"value":\[[0-9.]*,"1"\]'
}
TIMEOUT=180 retry_until "$up_query == 1 in Prometheus (kubectl port-forward svc/prometheus $PF_PORT:9090)" scraped
echo "$up_query == 1 (kubectl port-forward svc/prometheus $PF_PORT:9090)"

printf '\n\033[1mThe node smoke check passed in %s.\033[0m\n' "$(elapsed)"
