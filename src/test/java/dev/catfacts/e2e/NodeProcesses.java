package dev.catfacts.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the node's kernel says about a container, read from {@code /proc} as root: the
 * process, its uid and the mount of its root, whatever the pod spec claims.
 */
final class NodeProcesses {

	private NodeProcesses() {
	}

	/**
	 * A container's first process.
	 *
	 * @param pid its process id on this machine
	 * @param command its name
	 * @param uid its real uid
	 * @param rootMountOptions the options of the mount at its {@code /}
	 */
	record Process(long pid, String command, int uid, String rootMountOptions) {

	}

	/**
	 * The pid of a container's process: the lowest pid whose cgroup path ends with the
	 * container's id (the kubelet's cgroupfs driver names the container's cgroup after
	 * it).
	 * @param containerId the id as a pod's container status gives it,
	 * {@code containerd://ID}, or the bare id
	 */
	static long pidOf(String containerId) {
		String id = containerId.substring(containerId.indexOf("://") + 3);
		return lowestPid((pid) -> read(Path.of("/proc", Long.toString(pid), "cgroup"))
			.map((cgroups) -> cgroups.contains("/" + id + "\n"))
			.orElse(false), "runs in container " + id);
	}

	/**
	 * The lowest pid in /proc that matches, or an AssertionError saying what none did.
	 */
	private static long lowestPid(Predicate<Long> matches, String what) {
		try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
			return entries.map((entry) -> entry.getFileName().toString())
				.filter((name) -> name.chars().allMatch(Character::isDigit))
				.map(Long::parseLong)
				.filter(matches)
				.min(Comparator.naturalOrder())
				.orElseThrow(() -> new AssertionError("no process in /proc " + what));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The network namespace a process lives in, as the kernel names it
	 * ({@code net:[4026532301]}): a pod's, shared by its pause process and its
	 * containers.
	 */
	static String networkNamespaceOf(long pid) {
		try {
			return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net")).toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The lowest pid in a network namespace: a pod's pause process, which holds the
	 * namespace for the pod's whole life, while a container in it may be restarted.
	 */
	static long firstPidIn(String networkNamespace) {
		return lowestPid((pid) -> {
			try {
				return networkNamespace.equals(networkNamespaceOf(pid));
			}
			catch (UncheckedIOException ex) {
				// The process ended while we looked.
				return false;
			}
		}, "is left in network namespace " + networkNamespace);
	}

	/** The container's process, as the kernel sees it (see {@link #pidOf}). */
	static Process ofContainer(String containerId) {
		long pid = pidOf(containerId);
		Path proc = Path.of("/proc", Long.toString(pid));
		String command = read(proc.resolve("comm")).orElse("?").strip();
		int uid = read(proc.resolve("status")).orElseThrow()
			.lines()
			.filter((line) -> line.startsWith("Uid:"))
			.map((line) -> Integer.parseInt(line.split("\\s+")[1]))
			.findFirst()
			.orElseThrow();
		// mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS ...; the last
		// mount at / is the one the process sees.
		String options = read(proc.resolve("mountinfo")).orElseThrow()
			.lines()
			.map((line) -> line.split(" "))
			.filter((fields) -> fields[4].equals("/"))
			.map((fields) -> fields[5])
			.reduce((first, last) -> last)
			.orElseThrow();
		return new Process(pid, command, uid, options);
	}

	/**
	 * What a container's process costs: its resident memory and the CPU it has used since
	 * it started.
	 *
	 * @param rssMebibytes resident set size
	 * @param cpuSeconds user and system time
	 * @param cpuShare that time over the process's age: the share of one core it used
	 */
	record Usage(long rssMebibytes, double cpuSeconds, double cpuShare) {

	}

	static Usage usage(String containerId) {
		Path proc = Path.of("/proc", Long.toString(pidOf(containerId)));
		long rssKib = read(proc.resolve("status")).orElseThrow()
			.lines()
			.filter((line) -> line.startsWith("VmRSS:"))
			.map((line) -> Long.parseLong(line.split("\\s+")[1]))
			.findFirst()
			.orElse(0L);
		// stat: the command may hold spaces, so count from the closing parenthesis;
		// utime and stime are fields 14 and 15, in clock ticks (100 per second).
		String stat = read(proc.resolve("stat")).orElseThrow();
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		double ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		// starttime, field 22, in ticks since boot; /proc/uptime's first number is
		// seconds since boot.
		double age = Double.parseDouble(read(Path.of("/proc/uptime")).orElseThrow().split(" ")[0])
				- Long.parseLong(fields[19]) / 100.0;
		return new Usage(rssKib / 1024, ticks / 100, (age > 0) ? ticks / 100 / age : 0);
	}

	/**
	 * Whether something listens on the TCP port on this machine's loopback or any
	 * address.
	 */
	static boolean listening(int port) {
		String hex = String.format(":%04X ", port);
		return Stream.of("/proc/net/tcp", "/proc/net/tcp6")
			.map(Path::of)
			.map(NodeProcesses::read)
			.flatMap(Optional::stream)
			.flatMap(String::lines)
			.map((line) -> line.trim().split("\\s+"))
			.anyMatch((fields) -> fields.length > 3 && (fields[1] + " ").endsWith(hex) && fields[3].equals("0A"));
	}

	private static Optional<String> read(Path file) {
		try {
			return Optional.of(Files.readString(file));
		}
		catch (IOException ex) {
			// Processes come and go while /proc is read.
			return Optional.empty();
		}
	}

}
