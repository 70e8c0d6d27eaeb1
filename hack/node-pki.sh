#!/usr/bin/env bash
# Usage: hack/node-pki.sh DIR
#
# Writes the real node's certificates (one CA, a serving certificate for the API server and
# one for the kubelet, a client certificate per component, the service-account key) into
# DIR/pki, and a kubeconfig per component into DIR: DIR/kubeconfig is the cluster admin's.
# Each client has the identity Kubernetes' built-in RBAC roles expect (system:kube-proxy,
# system:node:NAME, ...). RSA 2048 keys, as kubeadm makes them: the one kind every Kubernetes
# client reads as it is (the fabric8 Java client needs BouncyCastle for an EC key). Valid two
# days. hack/node-up.sh runs it.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
[[ $# -eq 1 ]] || bad_usage
cd "$(dirname "$0")/.."
# shellcheck source=hack/node/settings.sh
source hack/node/settings.sh

dir=$1 pki=$1/pki
mkdir -p "$pki"
# Nothing to clean on success; a half-written set is useless.
# shellcheck disable=SC2016 # expanded when the script ends
on_exit '((exit_status == 0)) || rm -rf "$pki"'

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$node_name-ca" \
  -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
issue() { # issue NAME SUBJECT [SUBJECT_ALT_NAMES]
  openssl req -newkey rsa:2048 -nodes -subj "$2" -keyout "$pki/$1.key" 2>/dev/null |
    openssl x509 -req -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -days 2 -out "$pki/$1.crt" \
      -extfile <(printf '%s\n' extendedKeyUsage=serverAuth,clientAuth ${3:+"subjectAltName=$3"}) 2>/dev/null
}
# The API server is reached at the node's address, and by pods at the `kubernetes` Service.
issue apiserver /CN=kube-apiserver "IP:$node_ip,IP:$api_service_ip,IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
issue apiserver-kubelet-client /O=system:masters/CN=kube-apiserver-kubelet-client
issue kubelet-serving "/CN=$node_name" "IP:$node_ip,DNS:$node_name"
openssl genpkey -algorithm rsa -pkeyopt rsa_keygen_bits:2048 -out "$pki/sa.key" 2>/dev/null
openssl pkey -in "$pki/sa.key" -pubout -out "$pki/sa.pub"
for client in admin:/O=system:masters/CN=cat-facts-admin kubelet:/O=system:nodes/CN=system:node:$node_name \
  kube-proxy:/CN=system:kube-proxy controller-manager:/CN=system:kube-controller-manager scheduler:/CN=system:kube-scheduler; do
  name=${client%%:*}
  issue "$name" "${client#*:}"
  cat >"$dir/$name.kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters: [{name: $node_name, cluster: {server: "https://$node_ip:6443", certificate-authority: "$pki/ca.crt"}}]
users: [{name: $name, user: {client-certificate: "$pki/$name.crt", client-key: "$pki/$name.key"}}]
contexts: [{name: $node_name, context: {cluster: $node_name, user: $name}}]
current-context: $node_name
KUBECONFIG
done
mv "$dir/admin.kubeconfig" "$dir/kubeconfig"
