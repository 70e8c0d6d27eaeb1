package dev.catfacts.e2e;

import java.time.Duration;
import java.util.List;

import dev.catfacts.Commands;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Drops some of a pod's incoming packets, in the pod's own network namespace, until
 * closed: a fault made where it would happen (a hung port, a network policy), with the
 * app itself untouched. An nftables table of its own, removed on close.
 */
final class PodFirewall implements AutoCloseable {

	private static final String TABLE = "cat-facts-e2e";

	private final Commands commands;

	/** The pod's network namespace, by the kernel's name for it. */
	private final String network;

	private PodFirewall(Commands commands, String network) {
		this.commands = commands;
		this.network = network;
	}

	/**
	 * Drops the pod's incoming packets that match an nftables expression, e.g.
	 * {@code ip saddr 10.244.0.1 tcp dport 8081}.
	 */
	static PodFirewall of(Commands commands, Pod pod, String match) {
		long pid = NodeProcesses.pidOf(pod.getStatus().getContainerStatuses().getFirst().getContainerID());
		PodFirewall firewall = new PodFirewall(commands, NodeProcesses.networkNamespaceOf(pid));
		firewall.nft("add table ip " + TABLE);
		firewall.nft("add chain ip " + TABLE + " in { type filter hook input priority 0 ; }");
		firewall.nft("add rule ip " + TABLE + " in " + match + " drop");
		return firewall;
	}

	@Override
	public void close() {
		nft("delete table ip " + TABLE);
	}

	/**
	 * Entered through the namespace's first process, the pod's pause, not through the app
	 * container's: a failed liveness probe may restart that container while the firewall
	 * is up, and the table must still be removed.
	 */
	private void nft(String command) {
		long pid = NodeProcesses.firstPidIn(this.network);
		this.commands.run("nft", Duration.ofSeconds(30),
				List.of("nsenter", "--net=/proc/" + pid + "/ns/net", "nft", command));
	}

}
