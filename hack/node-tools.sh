#!/usr/bin/env bash
# Usage: hack/node-tools.sh KUBERNETES CONTAINERD RUNC CNI_PLUGINS COREDNS ALERTMANAGER PROMETHEUS_OPERATOR PAUSE PROMETHEUS THANOS
#
# Builds what a real node runs, from source, into ./bin/node: kubelet and kube-proxy,
# containerd with its runc shim and ctr, runc, the CNI plugins, pause, and the programs of the
# images the stack runs that hack/e2e-tools.sh does not build (CoreDNS, Alertmanager, the
# operator's config reloader, Thanos for the HA stack). Run it after hack/e2e-tools.sh (`make node-tools` does): it
# builds in that script's wrapper modules, so the node runs the control plane's exact
# Kubernetes. A binary already built at its pinned version is kept. Needs Go, gcc (static
# glibc, for pause) and libseccomp-dev (runc).
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
cd "$(dirname "$0")/.."
[[ $# -eq 10 ]] || bad_usage
k8s=$1 containerd=$2 runc=$3 cni=$4 coredns=$5 alertmanager=$6 operator=$7 pause=$8 prometheus=$9 thanos=${10}
require_go "the node"
bin=$PWD/bin/node
wrappers=$PWD/.cache/e2e-tools
for wrapper in "kubernetes-$k8s" "prometheus-operator-$operator"; do
  [[ -f "$wrappers/$wrapper/go.mod" ]] || die "$wrappers/$wrapper is missing: run 'make e2e-tools' first"
done
mkdir -p "$bin/cni"
export GOFLAGS=-mod=mod CGO_ENABLED=0 GOTOOLCHAIN=local

# The operator names the images of the pods it makes after its own defaults; an image built
# under any other tag would never be found, and nothing may be pulled.
defaults=$(go mod download -json "github.com/prometheus-operator/prometheus-operator@$operator" | json_field Dir)/pkg/operator/defaults.go
grep -q "DefaultAlertmanagerVersion = \"$alertmanager\"" "$defaults" ||
  die "the operator $operator does not default to Alertmanager $alertmanager: $(grep -o 'DefaultAlertmanagerVersion = .*' "$defaults")"
grep -q "DefaultThanosVersion = \"$thanos\"" "$defaults" ||
  die "the operator $operator does not default to Thanos $thanos: $(grep -o 'DefaultThanosVersion = .*' "$defaults")"
[[ $(grep -o '"v[0-9.]*",' "$defaults" | tail -1) == "\"$prometheus\"," ]] ||
  die "the operator $operator does not default to Prometheus $prometheus (the last entry of PrometheusCompatibilityMatrix in $defaults)"
k8s_src=$(go mod download -json "k8s.io/kubernetes@$k8s" | json_field Dir)
grep -qx "TAG ?= $pause" "$k8s_src/build/pause/Makefile" ||
  die "Kubernetes $k8s builds pause $(sed -n 's/^TAG ?= //p' "$k8s_src/build/pause/Makefile"), not $pause"

# The kubelet and kube-proxy in the control plane's wrapper module, with its ldflags.
for cmd in kubelet kube-proxy; do
  built "$cmd" "$k8s" && continue
  step "$cmd $k8s"
  (cd "$wrappers/kubernetes-$k8s" && go build -trimpath -ldflags "$(kube_ldflags "$k8s")" -o "$bin/$cmd" "k8s.io/kubernetes/cmd/$cmd")
  stamp "$cmd" "$k8s"
done

# pause is C: the one process of every pod's sandbox, static so the image needs nothing else.
if ! built pause "$k8s"; then
  step "pause $pause (Kubernetes $k8s)"
  gcc -Os -Wall -Werror -static -DVERSION="v$pause-$k8s" -o "$bin/pause" "$k8s_src/build/pause/linux/pause.c"
  stamp pause "$k8s"
fi

if ! built containerd "$containerd"; then
  step "containerd $containerd, containerd-shim-runc-v2, ctr"
  GOBIN=$bin go install -trimpath -ldflags "-s -w -X github.com/containerd/containerd/v2/version.Version=$containerd
    -X github.com/containerd/containerd/v2/version.Revision=$containerd" \
    "github.com/containerd/containerd/v2/cmd/"{containerd,containerd-shim-runc-v2,ctr}"@$containerd"
  stamp containerd "$containerd"
fi

# runc needs cgo: libseccomp implements the RuntimeDefault seccomp profile that the stack's
# pods ask for. Linked against the host's libseccomp, as the runtime runs on the host.
if ! built runc "$runc"; then
  step "runc $runc"
  CGO_ENABLED=1 GOBIN=$bin go install -trimpath -tags "seccomp urfave_cli_no_docs" \
    -ldflags "-X main.gitCommit=$runc" "github.com/opencontainers/runc@$runc"
  stamp runc "$runc"
fi

if ! built cni/bridge "$cni"; then
  step "CNI plugins $cni: bridge, host-local, loopback, portmap"
  GOBIN=$bin/cni go install -trimpath \
    -ldflags "-s -w -X github.com/containernetworking/plugins/pkg/utils/buildversion.BuildVersion=$cni" \
    "github.com/containernetworking/plugins/plugins/"{main/bridge,main/loopback,ipam/host-local,meta/portmap}"@$cni"
  stamp cni/bridge "$cni"
fi

if ! built coredns "$coredns"; then
  step "CoreDNS $coredns"
  GOBIN=$bin go install -trimpath -ldflags "-s -w -X github.com/coredns/coredns/coremain.GitCommit=$coredns" \
    "github.com/coredns/coredns@$coredns"
  stamp coredns "$coredns"
fi

if ! built alertmanager "$alertmanager"; then
  step "Alertmanager $alertmanager"
  GOBIN=$bin go install -trimpath -ldflags "$(prometheus_ldflags "$alertmanager" "$alertmanager")" \
    "github.com/prometheus/alertmanager/cmd/alertmanager@$alertmanager"
  stamp alertmanager "$alertmanager"
fi

# The reloader lives in the operator's module, so it is built in the operator's wrapper.
if ! built prometheus-config-reloader "$operator"; then
  step "prometheus-config-reloader $operator"
  (cd "$wrappers/prometheus-operator-$operator" &&
    go build -trimpath -ldflags "$(prometheus_ldflags "$operator" "$operator")" -o "$bin/prometheus-config-reloader" \
      github.com/prometheus-operator/prometheus-operator/cmd/prometheus-config-reloader)
  stamp prometheus-config-reloader "$operator"
fi

# Thanos's go.mod has replace directives, so `go install` refuses it: it is built in a wrapper
# module that requires it and copies them, as hack/e2e-tools.sh builds Prometheus.
if ! built thanos "$thanos"; then
  step "Thanos $thanos"
  dir=$PWD/.cache/node-tools/thanos-$thanos
  mkdir -p "$dir"
  (
    cd "$dir"
    [[ -f go.mod ]] || go mod init local/node-thanos >/dev/null 2>&1
    require_with_replaces "github.com/thanos-io/thanos@$thanos"
    # The domain zenhack.net expired, so no proxy serves the zenhack.net/go/util that capnp
    # needs; Thanos v0.40 replaces it with its GitHub copy, as here (a no-op where it does).
    go mod edit -replace=zenhack.net/go/util=github.com/zenhack/go-util@v0.0.0-20231005031245-66f5419c2aea
    printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/thanos-io/thanos/cmd/thanos"\n' >tools.go
    go mod tidy
    go build -trimpath -ldflags "$(prometheus_ldflags "$thanos" "$thanos")" -o "$bin/thanos" github.com/thanos-io/thanos/cmd/thanos
  )
  stamp thanos "$thanos"
fi

echo "node parts in $bin: kubelet and kube-proxy $k8s, containerd $containerd, runc $runc, CNI plugins $cni," \
  "pause $pause, CoreDNS $coredns, Alertmanager $alertmanager, prometheus-config-reloader $operator, Thanos $thanos"
