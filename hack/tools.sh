#!/usr/bin/env bash
# Usage: hack/tools.sh kind|kubectl|helm VERSION OUTPUT
#
# Installs one of the tools `make deploy` drives, at VERSION, as the file OUTPUT: the
# release binary its project publishes, checked against the SHA-256 pinned for it in
# hack/tools.sha256 (a mismatch stops here and installs nothing); where the download fails (no
# network, a mirror that lags), the same version built from its Go module instead (kubectl:
# the one `make e2e-tools` builds). The Makefile names OUTPUT after the version, so a changed
# pin installs the new version.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
[[ $# -eq 3 ]] || bad_usage
tool=$1 version=$2 output=$3
[[ "$tool" =~ ^(kind|kubectl|helm)$ ]] || bad_usage
cd "$(dirname "$0")/.."

os=$(uname -s | tr '[:upper:]' '[:lower:]')
arch=$(arch_of "$(uname -m)")
tmp=$(mktemp -d)
remove_tmp() { rm -rf "$tmp"; }
on_exit remove_tmp

# The sum pinned for this tool, version and platform; a version without one is not downloaded.
key=$tool-$version-$os-$arch
pinned=$(awk -v key="$key" '$2 == key {print $1}' hack/tools.sha256)
[[ "$pinned" =~ ^[0-9a-f]{64}$ ]] ||
  die "no SHA-256 for $key in hack/tools.sha256: add the sum its project publishes for this file (see that file's header)"

# download URL FILE: fails when the download fails, and stops the script when the file is not
# the one pinned (a corrupt or altered file is neither installed nor built around).
download() {
  curl --fail --silent --show-error --location --retry 2 --connect-timeout 10 --output "$2" "$1" || return 1
  local got
  # macOS has shasum where Linux has sha256sum.
  got=$({ sha256sum "$2" 2>/dev/null || shasum -a 256 "$2"; } | awk '{print $1}')
  [[ "$got" == "$pinned" ]] || die "$1: SHA-256 $got, but hack/tools.sha256 pins $pinned for $key"
}

build_from_module() { # build_from_module MODULE_PATH/cmd@VERSION [ldflags]
  command -v go >/dev/null || die "the download failed and Go, to build $tool instead, is missing"
  echo "download failed: building $tool $version from its Go module" >&2
  GOBIN=$tmp/gobin GOTOOLCHAIN=local go install -trimpath -ldflags "-s -w ${2:-}" "$1"
  mv "$tmp/gobin/$tool" "$tmp/$tool"
}

case $tool in
  kind)
    url=https://kind.sigs.k8s.io/dl/$version/kind-$os-$arch
    download "$url" "$tmp/kind" || build_from_module "sigs.k8s.io/kind@$version"
    ;;
  kubectl)
    url=https://dl.k8s.io/release/$version/bin/$os/$arch/kubectl
    if ! download "$url" "$tmp/kubectl"; then
      echo "download failed: taking kubectl $version from 'make e2e-tools' (built from the Kubernetes modules)" >&2
      make --no-print-directory e2e-tools >&2
      [[ "$(cat bin/e2e/kubectl.version)" == "$version" ]] || die "bin/e2e/kubectl is not $version"
      cp bin/e2e/kubectl "$tmp/kubectl"
    fi
    ;;
  helm)
    url=https://get.helm.sh/helm-$version-$os-$arch.tar.gz
    if download "$url" "$tmp/helm.tar.gz"; then
      tar -xzf "$tmp/helm.tar.gz" -C "$tmp" && mv "$tmp/$os-$arch/helm" "$tmp/helm"
    elif [[ "$(cat bin/e2e/helm.version 2>/dev/null)" == "$version" ]]; then
      echo "download failed: taking helm $version from 'make e2e-tools' (built from its Go module)" >&2
      cp bin/e2e/helm "$tmp/helm"
    else
      build_from_module "helm.sh/helm/v3/cmd/helm@$version" "-X helm.sh/helm/v3/internal/version.version=$version"
    fi
    ;;
  *) bad_usage ;;
esac
mkdir -p "$(dirname "$output")"
install -m 0755 "$tmp/$tool" "$output"
# ./bin/kind and friends, for typing by hand; the Makefile uses the versioned files.
ln -sf "$(basename "$output")" "$(dirname "$output")/$tool"
echo "$tool $version: $output"
