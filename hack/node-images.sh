#!/usr/bin/env bash
# Usage: hack/node-images.sh PROMETHEUS ALERTMANAGER PROMETHEUS_OPERATOR COREDNS PAUSE ALERT_SINK THANOS
#
# Writes the images the real node runs into ./bin/node/images as docker-archive tarballs
# (`ctr images import` reads them), from the binaries hack/e2e-tools.sh and
# hack/node-tools.sh built, under the exact names the manifests and the operator ask for, so no
# pod ever needs a registry. Each is laid out as its upstream Dockerfile lays it out
# (entrypoint, user, working directory, volumes), without the busybox of the upstream base.
# Also the project's alert sink (hack/alert-sink-image.sh, tag ALERT_SINK), and a busybox for
# the chart's `helm test` pod from Debian's busybox-static, whose version it writes to
# bin/node/images/busybox.version (the e2e sets tests.image=busybox:$(cat that file)).
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
cd "$(dirname "$0")/.."
[[ $# -eq 7 ]] || bad_usage
prometheus=$1 alertmanager=$2 operator=$3 coredns=$4 pause=$5 alert_sink=$6 thanos=$7
e2e=$PWD/bin/e2e bin=$PWD/bin/node images=$PWD/bin/node/images
for tool in "$e2e/prometheus" "$e2e/prometheus-operator" "$bin/alertmanager" "$bin/prometheus-config-reloader" "$bin/coredns" "$bin/pause" "$bin/thanos"; do
  [[ -x "$tool" ]] || die "$tool is missing: run 'make node-tools'"
done
# The dynamic `busybox` package installs /bin/busybox too, which would need a libc in the image.
[[ $(dpkg-query -W -f='${db:Status-Abbrev}' busybox-static 2>/dev/null) == "ii " ]] ||
  die "Debian's busybox-static is missing (the helm test pod's image): apt-get install busybox-static"
busybox_version=$(dpkg-query -W -f='${source:Upstream-Version}' busybox-static)
mkdir -p "$images"
# A tarball is written beside its final name and renamed when complete: an interrupted run
# never leaves a truncated image for the next import.
# shellcheck disable=SC2016 # expanded when the script ends
on_exit 'rm -f "$images"/*.tar.part'

# go-containerregistry writes the archive (see hack/node/image-tar): a library that gets
# digests, manifest and config right, rather than tar and JSON written by hand.
(cd hack/node/image-tar && GOTOOLCHAIN=local CGO_ENABLED=0 go build -trimpath -o "$bin/image-tar" .)

image() { # image FILE -name REF [image-tar flags] SRC=DST...
  local file=$images/$1.tar
  shift
  "$bin/image-tar" -o "$file.part" "$@" && mv "$file.part" "$file"
  printf '%-60s %s\n' "$2" "$file ($(du -h "$file" | cut -f1))"
}
module_dir() { go mod download -json "$1" | json_field Dir; }
major_minor=${prometheus#v3.}
prometheus_src=$(module_dir "github.com/prometheus/prometheus@v0.3$(printf '%02d' "${major_minor%%.*}").${major_minor#*.}")
alertmanager_src=$(module_dir "github.com/prometheus/alertmanager@$alertmanager")

step "Images into $images"
# The operator sets only the arguments of these two containers: the entrypoint must be the server.
image prometheus -name "quay.io/prometheus/prometheus:$prometheus" -user nobody -workdir /prometheus \
  -dir /prometheus:65534 -dir /etc/prometheus:65534 -volume /prometheus -port 9090/tcp \
  -entrypoint /bin/prometheus -cmd --config.file=/etc/prometheus/prometheus.yml -cmd --storage.tsdb.path=/prometheus \
  "$e2e/prometheus=/bin/prometheus" "$e2e/promtool=/bin/promtool" \
  "$prometheus_src/documentation/examples/prometheus.yml=/etc/prometheus/prometheus.yml"
image alertmanager -name "quay.io/prometheus/alertmanager:$alertmanager" -user nobody -workdir /alertmanager \
  -dir /alertmanager:65534 -dir /etc/alertmanager:65534 -volume /alertmanager -port 9093/tcp \
  -entrypoint /bin/alertmanager -cmd --config.file=/etc/alertmanager/alertmanager.yml -cmd --storage.path=/alertmanager \
  "$bin/alertmanager=/bin/alertmanager" "$alertmanager_src/examples/ha/alertmanager.yml=/etc/alertmanager/alertmanager.yml"
# The operator runs the reloader with command /bin/prometheus-config-reloader.
image prometheus-config-reloader -name "quay.io/prometheus-operator/prometheus-config-reloader:$operator" -user nobody \
  -entrypoint /bin/prometheus-config-reloader "$bin/prometheus-config-reloader=/bin/prometheus-config-reloader"
image prometheus-operator -name "quay.io/prometheus-operator/prometheus-operator:$operator" -user 65534 \
  -entrypoint /bin/operator "$e2e/prometheus-operator=/bin/operator"
# Upstream's CoreDNS also carries cap_net_bind_service on /coredns; containerd lets every pod
# bind ports below 1024 (enable_unprivileged_ports), so port 53 works without it.
image coredns -name "registry.k8s.io/coredns/coredns:$coredns" -user nonroot:nonroot -port 53/tcp -port 53/udp \
  -entrypoint /coredns "$bin/coredns=/coredns"
# The HA stack's Thanos: the operator's sidecar container sets only arguments, and so do the
# Query and Receive of k8s/components. Upstream's user is a `thanos` (1001) its busybox base
# adds; nobody here, the user every pod that runs it sets (runAsUser 65534).
image thanos -name "quay.io/thanos/thanos:$thanos" -user nobody -entrypoint /bin/thanos "$bin/thanos=/bin/thanos"
image pause -name "registry.k8s.io/pause:$pause" -user 65535:65535 -entrypoint /pause "$bin/pause=/pause"
hack/alert-sink-image.sh "$images/alert-sink.tar" "$alert_sink"
# The chart's test pod runs `sh -c 'wget ... | grep ...'` in tests.image, busybox:1.37.0, which
# Debian does not package: Debian's static busybox stands in, under its own version, with those
# three applets as links. Upstream's image runs as root with sh as its command; the chart
# overrides both. docker.io/library/busybox is the name `busybox` stands for (containerd and the
# kubelet normalize it so); image-tar wants it in full.
image busybox -name "docker.io/library/busybox:$busybox_version" -entrypoint /bin/sh \
  -link /bin/sh=busybox -link /bin/wget=busybox -link /bin/grep=busybox /bin/busybox=/bin/busybox
echo "$busybox_version" >"$images/busybox.version"
echo "busybox:$busybox_version (Debian's busybox-static) stands in for the chart's busybox:1.37.0, which Debian does not package"
