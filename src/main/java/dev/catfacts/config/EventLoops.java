package dev.catfacts.config;

import java.util.Properties;

import reactor.netty.ReactorNetty;
import reactor.netty.resources.LoopResources;

/**
 * Sizes Reactor Netty's event loops, which serve both ports and the upstream client, to
 * the CPUs the JVM may use (a container's CPU limit, when it has one). Reactor Netty's
 * default is at least four, meant to absorb code that blocks a loop; nothing here blocks,
 * so on a two-CPU pod the extra two loops only take turns with the others: measured side
 * by side, one loop per CPU served each request with 5 to 10 % less CPU time
 * (docs/performance.md). Reactor Netty reads the count once, from a system property, when
 * it first creates its loops, so this runs first thing in {@code main}; a
 * {@code -Dreactor.netty.ioWorkerCount} given to the JVM (JAVA_TOOL_OPTIONS) still wins.
 */
public final class EventLoops {

	private EventLoops() {
	}

	/** One event loop per available CPU, unless the JVM was told a count. */
	public static void onePerCpu() {
		onePerCpu(System.getProperties(), Runtime.getRuntime().availableProcessors());
	}

	static void onePerCpu(Properties systemProperties, int cpus) {
		systemProperties.putIfAbsent(ReactorNetty.IO_WORKER_COUNT, Integer.toString(cpus));
	}

	/** How many event loops Reactor Netty runs, for the start-up report. */
	static int count() {
		return LoopResources.DEFAULT_IO_WORKER_COUNT;
	}

}
