#!/usr/bin/env bash
# Usage: hack/node-down.sh
#
# Removes the real node of hack/node-up.sh, whatever state it is in (up, half up after a
# failed or interrupted start, or already gone): every container and process, the mounts
# under the work directory, the network namespace and all that lives in it (the veth pair,
# the CNI bridge, kube-proxy's and portmap's rules, conntrack entries), the cgroups, the
# sockets, and the kernel settings the kubelet changed. Keeps the logs. Fails, naming it, if
# anything is left. Needs root.
set -euo pipefail
# shellcheck source=hack/lib.sh
source "$(dirname "$0")/lib.sh"
answer_help "$@"
(($# == 0)) || bad_usage
cd "$(dirname "$0")/.."
# shellcheck source=hack/node/settings.sh
source hack/node/settings.sh

[[ $(id -u) -eq 0 ]] || die "removing the node needs root"
started_at=$SECONDS

# The node's own processes all live in its namespace; containers live in its cgroups.
node_pids() { ip netns pids "$netns" 2>/dev/null || true; }
kubelet_pids() { for pid in $(node_pids); do [[ $(readlink "/proc/$pid/exe") != "$node_bin/kubelet" ]] || echo "$pid"; done; }
container_pids() { { find "${cgroup_dirs[@]}" -name cgroup.procs -exec cat {} + 2>/dev/null || true; } | sort -u; }
# A process in a frozen cgroup (runc pause) does not die until thawed: thaw before SIGKILL.
thaw() { find "${cgroup_dirs[@]}" -name freezer.state -exec sh -c 'for f; do echo THAWED >"$f"; done' sh {} + 2>/dev/null || true; }
stop() { # stop SIGNAL SECONDS LISTER: signals what LISTER prints until it prints nothing
  local deadline=$((SECONDS + $2)) pids
  while pids=$($3) && [[ -n "$pids" ]]; do
    ((SECONDS < deadline)) || return 1
    [[ $1 != KILL ]] || thaw
    # shellcheck disable=SC2086 # one PID per word
    kill -"$1" $pids 2>/dev/null || true
    sleep 0.5
  done
}
survivors() { # survivors LISTER: the processes LISTER prints, as ps shows them
  local pids
  pids=$($1 | paste -sd,)
  [[ -z "$pids" ]] || ps -o pid=,stat=,args= -p "$pids" | cut -c1-100
}

# The kubelet first, or it restarts the containers stopped next; the runtime's processes
# (containerd, shims, runc) before what is left of the containers.
stop TERM 10 kubelet_pids || stop KILL 5 kubelet_pids || die "the kubelet survives SIGKILL: $(survivors kubelet_pids)"
stop KILL 10 container_pids || echo "warning: containers survive SIGKILL while their runtime runs: $(survivors container_pids)"
stop TERM 10 node_pids || stop KILL 5 node_pids || die "processes in $netns survive SIGKILL: $(survivors node_pids)"
stop KILL 10 container_pids || die "containers in $cgroup_root survive SIGKILL: $(survivors container_pids)"

# Deepest first. The kubelet bind-mounts its root directory onto itself (shared), so a path
# can be mounted more than once: repeat until nothing is left.
# Compared as strings (awk's index), not as a regex: a checkout path may hold + or (.
mounts() {
  findmnt -rn -o TARGET | awk -v a="$work" -v b="$sockets" '
    function under(p, d) { return index(p, d) == 1 && (length(p) == length(d) || substr(p, length(d) + 1, 1) == "/") }
    under($0, a) || under($0, b)' | sort -r
}
for _ in 1 2 3 4 5; do
  [[ -z "$(mounts)" ]] && break
  mounts | xargs -r -n1 umount 2>/dev/null || true
done
[[ -z "$(mounts)" ]] || die "mounts left under $work: $(mounts | xargs)"

guard() { nsenter --net="/var/run/netns/$netns" nft list table ip cat-facts-node-guard 2>/dev/null || true; }
dropped=$(guard | awk '/counter/ {n += $3} END {print n + 0}')
((dropped == 0)) || echo "warning: the node's guard dropped $dropped packets addressed outside the node (hack/node-up.sh)"
# The namespace takes its interfaces (the veth pair with it), routes, rules and conntrack along.
ip netns del "$netns" 2>/dev/null || true
ip link del "$veth" 2>/dev/null || true
# A cgroup whose last process has just died can stay busy for a moment: retry.
cgroups_left() { ls -d "${cgroup_dirs[@]}" 2>/dev/null || true; }
remove_cgroups() {
  find "${cgroup_dirs[@]}" -depth -type d -exec rmdir {} + 2>/dev/null
  [[ -z "$(cgroups_left)" ]]
}
TIMEOUT=10 poll_until remove_cgroups || die "cgroups left: $(cgroups_left | xargs)"
if [[ -f "$work/sysctl.before" ]]; then
  sysctl -q -p "$work/sysctl.before" && rm "$work/sysctl.before"
fi
rm -rf "$sockets"
# What the kubelet and CNI keep at fixed paths, whatever their settings: the device-plugin
# socket, a link to each container log, a result per sandbox and network. Directories go when
# nothing else is in them, and the namespace mount point when no namespace is left.
rm -f /var/lib/kubelet/device-plugins/kubelet.sock
find /var/log/containers -maxdepth 1 -lname "$work/*" -delete 2>/dev/null || true
for result in /var/lib/cni/results/cat-facts-node-*-eth0; do
  [[ -e "$result" ]] || continue
  sandbox=${result#/var/lib/cni/results/cat-facts-node-} && sandbox=${sandbox%-eth0}
  rm -f "$result" "/var/lib/cni/results/cni-loopback-$sandbox-lo"
done
if [[ -z "$(ip netns list)" ]] && mountpoint -q /run/netns; then umount /run/netns && rmdir /run/netns; fi
# (/run/mount is util-linux's, made by the first mount on a host without systemd.)
for dir in /var/lib/kubelet/device-plugins /var/lib/kubelet /var/lib/cni/results /var/lib/cni /var/log/containers /run/mount; do
  rmdir "$dir" 2>/dev/null || true
done
[[ -d "$work" ]] && find "$work" -mindepth 1 -maxdepth 1 ! -name logs -exec rm -rf {} +

left=()
ip netns list | grep -qw "$netns" && left+=("netns $netns")
ip link show "$veth" >/dev/null 2>&1 && left+=("link $veth")
node_bin_pattern="^$(printf '%s' "$node_bin" | sed 's/[][\.*^$+?(){}|]/\\&/g')/"
pgrep -f "$node_bin_pattern" >/dev/null && left+=("processes: $(pgrep -af "$node_bin_pattern" | cut -c1-80 | xargs)")
((${#left[@]} == 0)) || die "left behind: ${left[*]}"
echo "node $node_name is down ($((SECONDS - started_at)) s): no process, container, mount, cgroup, namespace or link left; logs in $work/logs"
