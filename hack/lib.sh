# shellcheck shell=bash
# Usage: source hack/lib.sh (from the other scripts in hack/; it runs nothing by itself)
#
# Every script sources it first, before it changes directory, then calls answer_help "$@".

# The scripts use bash 4.4 (wait -n, mapfile, empty arrays under set -u); macOS ships 3.2.
if ((BASH_VERSINFO[0] < 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] < 4))); then
  echo "error: bash 4.4 or newer is needed, this is $BASH_VERSION (macOS: brew install bash)" >&2
  exit 1
fi

# The script that sourced this file, as an absolute path: usage reads it after a cd.
script_path=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
# This directory, hack/, as an absolute path.
lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Prints the script's usage: its leading comment block, from the line after the shebang to
# the first line that is not a comment.
usage() { awk 'NR == 1 && /^#!/ { next } !/^#/ { exit } { sub(/^# ?/, ""); print }' "$script_path"; }

# Answers -h or --help (any argument before a --) with the usage on stdout, and exits 0.
# Usage: answer_help "$@"
answer_help() {
  local arg
  for arg in "$@"; do
    case $arg in
      --) return 0 ;;
      -h | --help) usage; exit 0 ;;
    esac
  done
}

# Wrong arguments: prints the usage to stderr and exits 2.
bad_usage() { usage >&2; exit 2; }

# Prints a step header.
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Fails the script with a message.
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Runs CLEANUP (a command, as for trap) once when the script ends, however it ends: at its
# end, on an error under set -e, or on SIGINT, SIGTERM, SIGHUP (its terminal closed) or
# SIGPIPE (the reader of its output went away, as with `| head`). Each signal becomes an exit
# with the usual status (128 + its number), so the EXIT trap is the one place cleanup runs.
# Inside it errexit is off, so a step that fails (a process that has exited already) does
# not skip the steps after it, and HUP and PIPE are ignored, so writing a message to a closed
# pipe cannot kill the cleanup halfway. CLEANUP reads the script's exit status as
# $exit_status; the script exits with it.
# Usage: on_exit CLEANUP
on_exit() {
  # shellcheck disable=SC2064,SC2154 # CLEANUP is expanded now, on purpose; the trap sets exit_status
  trap "exit_status=\$?; trap '' HUP PIPE; set +e; $1; exit \"\$exit_status\"" EXIT
  trap 'exit 129' HUP
  trap 'exit 130' INT
  trap 'exit 141' PIPE
  trap 'exit 143' TERM
}

# Polls a command until it succeeds; returns 1 after TIMEOUT seconds (default 180).
# Usage: poll_until command args...
poll_until() {
  local deadline=$((SECONDS + ${TIMEOUT:-180}))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 1
  done
}

# Like poll_until, but a timeout fails the script naming what it waited for.
# Usage: retry_until "what we wait for" command args...
retry_until() {
  local what=$1
  shift
  poll_until "$@" || die "timed out after ${TIMEOUT:-180} s waiting for $what"
}

# A Go build (hack/e2e-tools.sh, hack/node-tools.sh) keeps a binary in $bin while the version
# recorded beside it (NAME.version) is the pinned one: a version bump rebuilds it.
# Usage: built NAME VERSION || { build...; stamp NAME VERSION; }
built() { [[ -x "${bin:?}/$1" && "$(cat "$bin/$1.version" 2>/dev/null)" == "$2" ]]; }
stamp() { echo "$2" >"${bin:?}/$1.version"; }

# Prints the field NAME of the JSON object on stdin.
# Usage: go mod download -json MODULE@VERSION | json_field Dir
json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }

# require_with_replaces MODULE@VERSION: in the wrapper module of the current directory, requires
# MODULE@VERSION and repeats the replace directives of its go.mod. A module whose go.mod
# replaces dependencies cannot be `go install`ed; a wrapper that requires it and repeats them
# builds it (Prometheus in hack/e2e-tools.sh, Thanos in hack/node-tools.sh).
require_with_replaces() {
  go mod edit -require="$1"
  local gomod
  gomod=$(go mod download -json "$1" | json_field GoMod)
  go mod edit -json "$gomod" | python3 -c '
import json, sys
for r in json.load(sys.stdin).get("Replace") or []:
    old = r["Old"]["Path"] + ("@" + r["Old"]["Version"] if r["Old"].get("Version") else "")
    new = r["New"]["Path"] + ("@" + r["New"]["Version"] if r["New"].get("Version") else "")
    print(old + "=" + new)' | while read -r replacement; do go mod edit -replace="$replacement"; done
}

# Prints the ldflags of a Kubernetes binary built from Go modules. Without the version the
# binaries say v0.0.0-master, and version checks (the operator's, Helm's kubeVersion) take the
# wrong branch.
# Usage: kube_ldflags v1.36.1
kube_ldflags() {
  local minor=${1#v1.}
  echo "-s -w -X k8s.io/component-base/version.gitVersion=$1 -X k8s.io/component-base/version.gitMajor=1" \
    "-X k8s.io/component-base/version.gitMinor=${minor%%.*} -X k8s.io/client-go/pkg/version.gitVersion=$1" \
    "-X k8s.io/component-base/version.gitTreeState=clean"
}

# Prints the ldflags of a binary that reports its version through github.com/prometheus/common
# (Prometheus, Alertmanager, the operator): without them --version is empty, and the operator
# asks for the config reloader image ...:v instead of ...:v0.85.0.
# Usage: prometheus_ldflags VERSION REVISION
prometheus_ldflags() {
  echo "-s -w -X github.com/prometheus/common/version.Version=${1#v}" \
    "-X github.com/prometheus/common/version.Revision=$2 -X github.com/prometheus/common/version.Branch=module"
}

# Prints a machine name (uname -m, or Docker's Architecture, which is the same) as images and
# Go name it: amd64 or arm64.
# Usage: arch_of "$(uname -m)"
arch_of() {
  case $1 in
    x86_64 | amd64) echo amd64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) die "unsupported architecture $1" ;;
  esac
}

# Prints the architecture the images of `make image` and `make image-tar` are built for: the
# local Docker's (kind's nodes are its containers; on a Mac, its Linux VM's), or this
# machine's where no Docker answers (the image test, the real node). An image of another
# architecture is imported by `kind load` and then ignored by the node's containerd.
image_arch() {
  local machine
  # A Docker client without a daemon prints an empty line before it fails.
  machine=$(docker info --format '{{.Architecture}}' 2>/dev/null) && [[ -n "$machine" ]] || machine=$(uname -m)
  arch_of "$machine"
}

# Prints a free TCP port on loopback.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Fails, saying where to get it, when Go is missing or older than the newest that the
# project's tools ask for (the go lines of hack/tools/*/go.mod; GOTOOLCHAIN=local builds with
# the Go at hand). WHAT is what it would build.
# Usage: require_go WHAT
require_go() {
  local min have
  min=$(awk '$1 == "go" { print $2 }' "$lib_dir"/tools/*/go.mod | sort -V | tail -1)
  command -v go >/dev/null ||
    die "Go $min or newer is needed to build $1: go.dev/dl (distributions often package an older one)"
  have=$(go env GOVERSION | sed 's/^go//')
  [[ $(printf '%s\n%s\n' "$min" "$have" | sort -V | head -1) == "$min" ]] ||
    die "Go $have is older than the $min that hack/tools/*/go.mod ask for, to build $1: go.dev/dl"
}

# Fails with hack/java-home.sh's message (how to install one) when no JDK 25 is found;
# else exports JAVA_HOME pointing at it, whatever the shell's JAVA_HOME said.
require_java() {
  JAVA_HOME=$("$lib_dir/java-home.sh") || exit 1
  export JAVA_HOME
}

# Prints the image's JVM flags, one per line, read from the Jib configuration in pom.xml, so
# the scripts that run the jar outside the image run it as the image does.
image_jvm_flags() {
  python3 - pom.xml <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
# The main build's flags only: the aot-cache profile's -XX:AOTCache names a file in the image.
path = "./m:build/m:plugins/m:plugin/m:configuration/m:container/m:jvmFlags/m:jvmFlag"
for flag in ET.parse(sys.argv[1]).getroot().iterfind(path, ns):
    print(flag.text.strip())
PY
}

# Unpacks a docker-save image tarball (jib:buildTar) into the directory ROOTFS, its layers
# applied in order as containerd applies them, and writes the image config as bash assignments
# to ENV_FILE: IMAGE_USER, IMAGE_PORTS and the arrays IMAGE_ENTRYPOINT, IMAGE_CMD, IMAGE_ENV.
# The work is hack/tools/image-unpack's, built here (callers run require_go first, before
# their long steps).
# Usage: unpack_image IMAGE_TAR ROOTFS ENV_FILE
unpack_image() {
  local tool=$lib_dir/../bin/image-unpack
  (cd "$lib_dir/tools/image-unpack" && GOTOOLCHAIN=local CGO_ENABLED=0 go build -trimpath -o "$tool" .) ||
    die "could not build hack/tools/image-unpack"
  rm -rf "$2"
  "$tool" -config "$3" "$1" "$2" || die "could not unpack the image $1"
}

# Runs COMMAND in an unpacked image as the chart runs the pod: a chroot of ROOTFS mounted
# read-only, the host directory TMP as its writable /tmp (the chart's emptyDir), its own /proc
# and the host's /dev, as USER (uid:gid), with only the image's environment (IMAGE_ENV, from
# unpack_image) and the NAME=VALUE arguments. Private mount and PID namespaces, so every mount
# vanishes with the process; as non-root, a user namespace too, where only USER 0:0 exists.
# Usage: run_in_image ROOTFS TMP USER [NAME=VALUE...] COMMAND [ARGS...]
run_in_image() {
  local rootfs=$1 tmp=$2 env=("${IMAGE_ENV[@]}") namespaces=(--mount --propagation private --pid --fork)
  local as_user=(--userspec="$3")
  # Root needs no switch, and in a user namespace chroot may not set supplementary groups.
  [[ "$3" == 0:0 ]] && as_user=()
  shift 3
  while [[ "${1:-}" == [A-Za-z_]*=* ]]; do env+=("$1") && shift; done
  if [[ $(id -u) -ne 0 ]]; then namespaces=(--user --map-root-user "${namespaces[@]}"); fi
  mkdir -p "$rootfs/proc" "$rootfs/dev" "$rootfs/tmp"
  # shellcheck disable=SC2016 # $1, $2 and $@ belong to the inner sh
  unshare "${namespaces[@]}" sh -c '
    mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && mount --bind "$2" "$1/tmp" &&
    mount -t proc proc "$1/proc" && mount --rbind /dev "$1/dev" && shift 2 && exec "$@"' sh "$rootfs" "$tmp" \
    env -i "${env[@]}" "$(command -v chroot)" "${as_user[@]}" "$rootfs" "$@"
}

# Starts `kubectl port-forward` in the background on a free local port, sets PF_PORT and
# PF_PID, and returns once the port answers. If it does not (kubectl exits, or TIMEOUT
# seconds pass), it stops the port-forward before it fails the script. Callers run
# `on_exit stop_port_forward` before calling it, so a signal during the wait stops it too.
# Usage: port_forward NAMESPACE svc/NAME REMOTE_PORT
port_forward() {
  local namespace=$1 target=$2 remote=$3 deadline=$((SECONDS + ${TIMEOUT:-180}))
  PF_PORT=$(free_port 2>/dev/null ||
    echo $((20000 + RANDOM % 10000)))
  # kubectl's errors (no such service, no ready pod) go to stderr, where they explain a failure.
  "$KUBECTL" -n "$namespace" port-forward "$target" "$PF_PORT:$remote" >/dev/null &
  PF_PID=$!
  until curl -s -o /dev/null "http://127.0.0.1:$PF_PORT/"; do
    if ! kill -0 "$PF_PID" 2>/dev/null; then
      stop_port_forward
      die "kubectl port-forward to $target exited"
    fi
    if ((SECONDS >= deadline)); then
      stop_port_forward
      die "timed out after ${TIMEOUT:-180} s waiting for port-forward to $target"
    fi
    sleep 1
  done
}

# Stops the port-forward port_forward started, if there is one.
stop_port_forward() {
  if [[ -n "${PF_PID:-}" ]]; then
    kill "$PF_PID" 2>/dev/null || true
    wait "$PF_PID" 2>/dev/null || true
    PF_PID=
  fi
}
