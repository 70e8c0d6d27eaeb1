#!/usr/bin/env bash
# Usage: hack/node-up.sh PAUSE_VERSION COREDNS_VERSION [IMAGE.tar...]
#
# Brings up a real one-node Kubernetes cluster on this machine, without Docker or a registry:
# etcd, the API server, controller-manager, scheduler, containerd, the kubelet and kube-proxy
# run in a network namespace of their own (as in a kind node), reached from the host through a
# veth pair. Pods run with runc on a bridge CNI network, from the images in bin/node/images
# and the IMAGE.tar arguments, imported into containerd; CoreDNS serves the cluster domain.
# Leaves the node running and prints how to reach it; hack/node-down.sh removes it. A failed
# or interrupted start tears down what it made. Needs root, and `make node-tools node-images`.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
cd "$(dirname "$0")/.."
# shellcheck source=hack/node/settings.sh
source hack/node/settings.sh
(($# >= 2)) || bad_usage
export pause_image=registry.k8s.io/pause:$1 coredns_image=registry.k8s.io/coredns/coredns:$2
shift 2
[[ $(id -u) -eq 0 ]] || die "the node needs root (network namespace, cgroups, mounts)"
for tool in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  [[ -x "$e2e_bin/$tool" ]] || die "$e2e_bin/$tool is missing: run 'make e2e-tools'"
done
for tool in kubelet kube-proxy containerd containerd-shim-runc-v2 ctr runc cni/bridge images/pause.tar; do
  [[ -e "$node_bin/$tool" ]] || die "$node_bin/$tool is missing: run 'make node-tools node-images'"
done
for tool in iptables conntrack nft nsenter openssl envsubst curl; do
  command -v "$tool" >/dev/null || die "$tool is missing: apt-get install iptables conntrack nftables util-linux openssl gettext-base curl"
done
started_at=$SECONDS

# On failure only: a node that came up stays up. on_exit ignores HUP and PIPE while this
# runs, so a reader that went away (| head, a closed terminal) cannot skip node-down.
node_failed() {
  printf '\n\033[31mThe node did not come up\033[0m (exit %s); the end of each log in %s:\n' "$exit_status" "$work/logs"
  for log in "$work"/logs/*.log; do [[ -f "$log" ]] && { echo "--- $log" && tail -5 "$log"; }; done
  hack/node-down.sh
}
on_exit '((exit_status == 0)) || node_failed'

hack/node-down.sh >/dev/null # whatever an earlier run left behind
rm -rf "$work" && mkdir -p "$work"/{logs,cni/net.d,certs.d/_default} "$sockets"
render() { envsubst <"hack/node/$1" >"$work/${2:-$1}"; }
in_node() { nsenter --net="/var/run/netns/$netns" "$@"; }
start() { # start NAME COMMAND...: in the node's namespace and a session of its own, so it outlives this script
  local name=$1 && shift
  in_node setsid env PATH="$node_bin:/usr/sbin:/usr/bin:/sbin:/bin" "$@" </dev/null >"$work/logs/$name.log" 2>&1 &
}
kubectl() { "$e2e_bin/kubectl" --kubeconfig "$work/kubeconfig" "$@"; }

step "Certificates"
hack/node-pki.sh "$work"
pki=$work/pki

step "Network namespace $netns: $node_ip, reached from the host through $veth"
ip netns add "$netns"
ip link add "$veth" type veth peer name eth0 netns "$netns"
in_node sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
sysctl -qw "net.ipv6.conf.$veth.disable_ipv6=1"
ip addr add "$host_ip/30" dev "$veth" && ip link set "$veth" up
ip -n "$netns" addr add "$node_ip/30" dev eth0
ip -n "$netns" link set lo up && ip -n "$netns" link set eth0 up
# A node has a default route; components that pick the node's address look for it (the
# kubelet also gets --node-ip). It leads to the host, and the guard below lets nothing use it.
ip -n "$netns" route add default via "$host_ip"
# Nothing in the node may reach past it: IPv4 packets for any address that is not the node's,
# its pods' or its Services' are dropped (a registry pull, an upstream call, a DNS query);
# the namespace has no IPv6. Link-local multicast (IGMP) is dropped without counting;
# hack/node-down.sh reports what else was.
in_node nft -f - <<NFT
table ip cat-facts-node-guard {
  chain out { type filter hook output priority 0; policy accept; ct state established,related accept
    ip daddr { 127.0.0.0/8, $node_ip, $pod_cidr, $service_cidr } accept; ip daddr 224.0.0.0/24 drop; counter drop; }
  chain forward { type filter hook forward priority 0; policy accept; ct state established,related accept
    ip daddr { $node_ip, $pod_cidr, $service_cidr } accept; ip daddr 224.0.0.0/24 drop; counter drop; }
}
NFT
ip route get "$node_ip" | grep -q "dev $veth " || die "the host's route to $node_ip does not go through $veth"

step "etcd and the control plane"
start etcd "$e2e_bin/etcd" --data-dir "$work/etcd" --unsafe-no-fsync \
  --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
  --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
  --initial-cluster default=http://127.0.0.1:2380
start kube-apiserver "$e2e_bin/kube-apiserver" --etcd-servers http://127.0.0.1:2379 \
  --advertise-address "$node_ip" --secure-port 6443 --service-cluster-ip-range "$service_cidr" \
  --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" --client-ca-file "$pki/ca.crt" \
  --kubelet-client-certificate "$pki/apiserver-kubelet-client.crt" --kubelet-client-key "$pki/apiserver-kubelet-client.key" \
  --kubelet-preferred-address-types InternalIP \
  --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction --allow-privileged=true \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key"
TIMEOUT=120 retry_until "the API server at https://$node_ip:6443" kubectl get --raw /readyz
# One node, one /24: the controller-manager gives the node exactly the range the CNI uses.
start kube-controller-manager "$e2e_bin/kube-controller-manager" --kubeconfig "$work/controller-manager.kubeconfig" \
  --leader-elect=false --use-service-account-credentials --service-account-private-key-file "$pki/sa.key" \
  --root-ca-file "$pki/ca.crt" --allocate-node-cidrs --cluster-cidr "$pod_cidr" --node-cidr-mask-size 24 \
  --service-cluster-ip-range "$service_cidr"
start kube-scheduler "$e2e_bin/kube-scheduler" --kubeconfig "$work/scheduler.kubeconfig" --leader-elect=false

step "containerd, and the images imported from tarballs"
render containerd.toml && render 10-bridge.conflist cni/net.d/10-bridge.conflist
cp hack/node/hosts.toml "$work/certs.d/_default/hosts.toml"
start containerd "$node_bin/containerd" --config "$work/containerd.toml"
ctr() { "$node_bin/ctr" --address "$sockets/containerd.sock" --namespace k8s.io "$@"; }
TIMEOUT=30 retry_until "containerd" ctr version
for image in "$node_bin"/images/*.tar "$@"; do
  out=$(ctr images import --digests --snapshotter overlayfs "$image" 2>&1) || die "could not import $image: $out"
  echo "imported $image"
done

step "kubelet and kube-proxy"
# The kubelet sets these kernel settings for the whole machine; hack/node-down.sh puts them back.
sysctl vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops \
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes >"$work/sysctl.before"
# The kubelet needs its cgroup root in every hierarchy before it starts.
mkdir -p "${cgroup_dirs[@]}"
render kubelet.yaml && render kube-proxy.yaml
start kubelet "$node_bin/kubelet" --config "$work/kubelet.yaml" --kubeconfig "$work/kubelet.kubeconfig" \
  --root-dir "$work/kubelet" --hostname-override "$node_name" --node-ip "$node_ip"
start kube-proxy "$node_bin/kube-proxy" --config "$work/kube-proxy.yaml"
TIMEOUT=120 retry_until "node $node_name to register" kubectl get node "$node_name"
kubectl wait --for condition=Ready --timeout 120s "node/$node_name"
# The kubelet ignores a misspelt setting with only a log line: make it an error.
if grep -h "strict decoding error" "$work/logs/kubelet.log"; then die "the kubelet did not understand $work/kubelet.yaml"; fi

step "CoreDNS"
render coredns.yaml && kubectl apply -f "$work/coredns.yaml" >/dev/null
kubectl -n kube-system rollout status deploy/coredns --timeout 120s

printf '\n\033[1mNode %s is up in %s s.\033[0m\n' "$node_name" "$((SECONDS - started_at))"
cat <<NEXT
  export KUBECONFIG=$work/kubeconfig     # the API server at https://$node_ip:6443
  nsenter --net=/var/run/netns/$netns curl http://POD_IP:PORT/   # pod IPs answer inside the node's namespace
  hack/node-down.sh                       # removes it all
NEXT
