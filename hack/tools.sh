#!/usr/bin/env bash
# Usage: hack/tools.sh KIND_VERSION KUBECTL_VERSION HELM_VERSION
#
# Installs kind, kubectl and helm at the given versions into ./bin, unless ./bin already has
# exactly those versions. `make tools` calls it with the versions pinned in the Makefile.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
[[ $# -eq 3 ]] || bad_usage
kind_version=$1 kubectl_version=$2 helm_version=$3
bin=$(cd "$(dirname "$0")/.." && pwd)/bin
mkdir -p "$bin"

os=$(uname -s | tr '[:upper:]' '[:lower:]')
case $(uname -m) in
  x86_64 | amd64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "error: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac

# A stamp file per tool and version: a changed pin in the Makefile reinstalls the tool.
installed() { [[ -x "$bin/$1" && -f "$bin/.$1-$2" ]]; }
stamp() { rm -f "$bin/.$1-"*; touch "$bin/.$1-$2"; }

fetch() {
  echo "downloading $1" >&2
  curl --fail --silent --show-error --location --retry 3 --output "$2" "$1"
}

if ! installed kind "$kind_version"; then
  fetch "https://kind.sigs.k8s.io/dl/$kind_version/kind-$os-$arch" "$bin/kind"
  chmod +x "$bin/kind" && stamp kind "$kind_version"
fi

if ! installed kubectl "$kubectl_version"; then
  fetch "https://dl.k8s.io/release/$kubectl_version/bin/$os/$arch/kubectl" "$bin/kubectl"
  chmod +x "$bin/kubectl" && stamp kubectl "$kubectl_version"
fi

if ! installed helm "$helm_version"; then
  tmp=$(mktemp -d)
  remove_tmp() { rm -rf "$tmp"; }
  on_exit remove_tmp
  fetch "https://get.helm.sh/helm-$helm_version-$os-$arch.tar.gz" "$tmp/helm.tar.gz"
  tar -xzf "$tmp/helm.tar.gz" -C "$tmp"
  install -m 0755 "$tmp/$os-$arch/helm" "$bin/helm" && stamp helm "$helm_version"
fi

echo "tools in $bin: kind $kind_version, kubectl $kubectl_version, helm $helm_version"
