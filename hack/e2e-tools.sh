#!/usr/bin/env bash
# Usage: hack/e2e-tools.sh KUBERNETES_VERSION PROMETHEUS_OPERATOR_VERSION HELM_VERSION PROMETHEUS_VERSION
#
# Builds the pinned binaries of the real node's control plane and stack into ./bin/e2e from
# Go modules: kube-apiserver, kube-controller-manager, kube-scheduler, kubectl and etcd (one
# wrapper module), the prometheus-operator, helm, and prometheus with promtool (Debian's
# Prometheus is built without Kubernetes service discovery). A binary already built at the
# pinned version is kept. Needs Go; about 2 GiB of memory per link.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
cd "$(dirname "$0")/.."

[[ $# -eq 4 ]] || bad_usage
k8s=$1 operator=$2 helm=$3 prometheus=$4
require_go "the e2e tools"
bin=$PWD/bin/e2e
cache=$PWD/.cache/e2e-tools
mkdir -p "$bin" "$cache"
export GOFLAGS=-mod=mod CGO_ENABLED=0 GOTOOLCHAIN=local

# k8s.io/kubernetes cannot be `go install`ed: its go.mod requires its staging modules at
# v0.0.0 and replaces them with ./staging (kubernetes/kubernetes#79384). A wrapper module
# replaces each with its published v0.MINOR.PATCH instead.
if ! { built kube-apiserver "$k8s" && built kube-controller-manager "$k8s" && built kube-scheduler "$k8s" &&
  built kubectl "$k8s" && built etcd "$k8s"; }; then
  step "Kubernetes $k8s and etcd from Go modules"
  dir=$cache/kubernetes-$k8s
  mkdir -p "$dir" && cd "$dir"
  [[ -f go.mod ]] || go mod init local/e2e-kubernetes >/dev/null 2>&1
  go mod edit -require="k8s.io/kubernetes@$k8s"
  gomod=$(go mod download -json "k8s.io/kubernetes@$k8s" | json_field GoMod)
  staging_version=v0.${k8s#v1.}
  for module in $(go mod edit -json "$gomod" |
    python3 -c 'import json,sys; [print(r["Path"]) for r in json.load(sys.stdin)["Require"] if r["Version"] == "v0.0.0"]'); do
    go mod edit -replace="$module=$module@$staging_version"
  done
  cat >tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
  go mod tidy
  # etcd at the version this Kubernetes release requires (and is tested with): a bare
  # `go get` would take the newest and drag the whole graph forward with it.
  etcd_version=$(go mod edit -json "$gomod" |
    python3 -c 'import json,sys; print(next(r["Version"] for r in json.load(sys.stdin)["Require"] if r["Path"] == "go.etcd.io/etcd/server/v3"))')
  go get "go.etcd.io/etcd/server/v3@$etcd_version"
  ldflags=$(kube_ldflags "$k8s")
  for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    built "$cmd" "$k8s" && continue
    echo "building $cmd"
    go build -trimpath -ldflags "$ldflags" -o "$bin/$cmd" "k8s.io/kubernetes/cmd/$cmd"
    stamp "$cmd" "$k8s"
  done
  if ! built etcd "$k8s"; then
    echo "building etcd (the version this Kubernetes is tested with)"
    go build -trimpath -ldflags "-s -w" -o "$bin/etcd" go.etcd.io/etcd/server/v3
    stamp etcd "$k8s"
  fi
  cd - >/dev/null
fi

# The operator's go.mod replaces its own API modules, so it is built in a wrapper too.
if ! built prometheus-operator "$operator"; then
  step "prometheus-operator $operator"
  dir=$cache/prometheus-operator-$operator
  mkdir -p "$dir" && cd "$dir"
  [[ -f go.mod ]] || go mod init local/e2e-operator >/dev/null 2>&1
  go get "github.com/prometheus-operator/prometheus-operator/cmd/operator@$operator"
  go build -trimpath -ldflags "$(prometheus_ldflags "$operator" "$operator")" -o "$bin/prometheus-operator" \
    github.com/prometheus-operator/prometheus-operator/cmd/operator
  stamp prometheus-operator "$operator"
  cd - >/dev/null
fi

if ! built helm "$helm"; then
  step "helm $helm"
  GOBIN=$bin go install -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$helm" "helm.sh/helm/v3/cmd/helm@$helm"
  stamp helm "$helm"
fi

# Prometheus v3.X.Y is published as the Go module version v0.30X.Y. Its go.mod has replace
# directives, so it is built in a wrapper module that copies them.
if ! { built prometheus "$prometheus" && built promtool "$prometheus"; }; then
  step "prometheus and promtool $prometheus"
  major_minor=${prometheus#v3.}
  module_version=v0.3$(printf '%02d' "${major_minor%%.*}").${major_minor#*.}
  dir=$cache/prometheus-$prometheus
  mkdir -p "$dir" && cd "$dir"
  [[ -f go.mod ]] || go mod init local/e2e-prometheus >/dev/null 2>&1
  require_with_replaces "github.com/prometheus/prometheus@$module_version"
  printf '//go:build tools\n\npackage tools\n\nimport (\n\t_ "github.com/prometheus/prometheus/cmd/prometheus"\n\t_ "github.com/prometheus/prometheus/cmd/promtool"\n)\n' >tools.go
  go mod tidy
  ldflags=$(prometheus_ldflags "$prometheus" "$module_version")
  for cmd in prometheus promtool; do
    echo "building $cmd"
    go build -trimpath -ldflags "$ldflags" -o "$bin/$cmd" "github.com/prometheus/prometheus/cmd/$cmd"
    stamp "$cmd" "$prometheus"
  done
  cd - >/dev/null
fi

echo "e2e tools in $bin: Kubernetes $k8s (+etcd), prometheus-operator $operator, helm $helm, prometheus $prometheus"
