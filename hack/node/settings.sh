# shellcheck shell=bash
# shellcheck disable=SC2034 # every name here is read by the scripts that source this file
# Usage: source hack/node/settings.sh (from hack/node-up.sh and hack/node-down.sh)
#
# The real node's names, addresses and directories, in one place. Every address lives in the
# node's own network namespace (or a pod's inside it); the host reaches only node_ip, through
# its end of the veth pair.

node_name=cat-facts-node
netns=cat-facts-node  # `ip netns` name; the node's end of the veth pair is eth0 inside it
veth=cf-node          # the host's end
host_ip=10.201.0.1    # the veth pair, a /30
node_ip=10.201.0.2    # the API server's advertised address, the kubelet's node IP
pod_cidr=10.244.0.0/24
service_cidr=10.96.0.0/16
api_service_ip=10.96.0.1 # the `kubernetes` Service, how pods reach the API server
dns_ip=10.96.0.10
cgroup_root=/cat-facts-node
# The node's cgroup root in every hierarchy: one per controller under cgroup v1 (as on the
# machine this was written on), the one tree under v2.
cgroup_dirs=("/sys/fs/cgroup$cgroup_root")
if [[ ! -f /sys/fs/cgroup/cgroup.controllers ]]; then
  cgroup_dirs=() && for hierarchy in /sys/fs/cgroup/*/; do cgroup_dirs+=("$hierarchy${cgroup_root#/}"); done
fi
# Everything the node writes, except sockets: a unix socket path is limited to 108 bytes (a
# shim's directory to 42), and a checkout may live anywhere.
work=${NODE_WORK:-$PWD/target/node}
sockets=/run/cat-facts-node
e2e_bin=$PWD/bin/e2e
node_bin=$PWD/bin/node
# The settings of the node's components, as the tool that reads them sees them (envsubst).
export node_name node_ip pod_cidr service_cidr dns_ip cgroup_root work sockets node_bin
