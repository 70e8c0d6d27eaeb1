#!/usr/bin/env bash
# Usage: hack/preflight.sh
#
# What `make deploy` needs before its long image build: a Docker (or Podman) daemon that
# answers, for kind; Go, as new as hack/tools/*/go.mod ask, for the alert sink's image and
# the image unpacker; a JDK 25 for the app's; python3 and curl; and, as a warning, which of the ports
# `make port-forward` uses afterwards (9090, 9093, 8080, 8081, 3000) are already taken.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
(($# == 0)) || bad_usage
cd "$(dirname "$0")/.."

command -v docker >/dev/null || die "kind needs Docker (or Podman as 'docker'): install it, then run make deploy again"
docker info >/dev/null 2>&1 || die "Docker is installed but its daemon does not answer ('docker info' fails): start it, or add yourself to the docker group"
for tool in python3 curl; do
  command -v "$tool" >/dev/null || die "$tool is missing: install it (apt-get install $tool), then run make deploy again"
done
require_go "the alert sink's image"
require_java
taken=()
for port in 9090 9093 8080 8081 3000; do
  python3 -c 'import socket, sys; s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$port" 2>/dev/null ||
    taken+=("$port")
done
if ((${#taken[@]})); then
  printf '\033[33mwarning:\033[0m port %s taken on localhost: make port-forward will fail for it; stop what uses it first\n' "${taken[*]}" >&2
fi
echo "preflight: Docker answers; $(go env GOVERSION), JDK $("$JAVA_HOME/bin/java" -version 2>&1 | awk -F'"' 'NR == 1 {print $2}') at $JAVA_HOME, python3 and curl are here"
