package dev.catfacts.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.catfacts.Commands;
import dev.catfacts.Commands.Background;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * Starts the servers the benchmark measures and stops every one of them however the
 * benchmark ends: on {@link #close()} (the test's end, passed or failed) and, should the
 * test JVM itself be stopped (Ctrl-C, a killed build), from a shutdown hook. A JVM left
 * behind would hold its ports and skew every later measurement on the machine.
 */
final class Servers implements AutoCloseable {

	/** The slowest start measured is about 6 s; this is for a machine under load. */
	private static final Duration READY_DEADLINE = Duration.ofMinutes(3);

	/** Readiness is polled this often, so start-up times are precise to about 20 ms. */
	private static final Duration POLL = Duration.ofMillis(20);

	private final Commands commands;

	private final List<Server> running = new ArrayList<>();

	private final Thread shutdownHook = new Thread(this::close, "stop-bench-servers");

	Servers(Commands commands) {
		this.commands = commands;
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Starts {@code command} and returns once {@code readinessPath} on its management
	 * port answers 200, with the time that took; fails with the end of its log when it
	 * exits first or is not ready by the deadline.
	 */
	Server start(String name, Ports ports, List<String> command, String readinessPath) {
		long started = System.nanoTime();
		Background process = this.commands.start(name, command);
		Server server = new Server(name, ports, process, 0);
		synchronized (this) {
			this.running.add(server);
		}
		try {
			Awaitility.await(name + " to answer " + readinessPath + " with 200")
				.atMost(READY_DEADLINE)
				.pollDelay(Duration.ZERO)
				.pollInterval(POLL)
				.failFast(name + " exited", () -> !process.isAlive())
				.until(() -> Server.answers200(ports.management(readinessPath)));
		}
		catch (ConditionTimeoutException | TerminalFailureException ex) {
			throw new AssertionError(
					ex.getMessage() + "; the end of " + process.log() + ":\n" + Commands.tail(process.output(), 30),
					ex);
		}
		long readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
		return new Server(name, ports, process, readyMillis);
	}

	/**
	 * Stops the servers, all at once: each drains for a few seconds after its signal, and
	 * one after the other that would add up.
	 */
	void stop(Server... servers) {
		List<Background> processes = new ArrayList<>();
		synchronized (this) {
			for (Server server : servers) {
				this.running.removeIf((running) -> running.process() == server.process());
				processes.add(server.process());
			}
		}
		try (ExecutorService stopping = Executors.newVirtualThreadPerTaskExecutor()) {
			processes.forEach((process) -> stopping.submit(process::close));
		}
	}

	/** Stops every server still running. */
	@Override
	public void close() {
		Server[] all;
		synchronized (this) {
			all = this.running.toArray(Server[]::new);
		}
		stop(all);
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down: the hook is what runs this, or runs it again
			// harmlessly, as nothing is left to stop.
		}
	}

}
