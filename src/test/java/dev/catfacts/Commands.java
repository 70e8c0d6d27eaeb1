package dev.catfacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs what a user runs ({@code make install}, {@code make promql}, ...), the node's
 * shell glue and the benchmark's servers, each with a deadline, its output in a log file
 * of its own, and the end of that log in the failure when it fails. Shared by the e2e and
 * the benchmark, which both run long-lived processes beside the test.
 *
 * @param directory where commands run (the project)
 * @param logs where each command's output goes, as NAME.log
 * @param environment added to this JVM's environment for every command
 */
public record Commands(Path directory, Path logs, Map<String, String> environment) {

	private static final Duration STOP_GRACE = Duration.ofSeconds(20);

	/**
	 * Runs a command to its end; fails with the end of its output unless it exits 0.
	 * @return its output, stdout and stderr merged
	 */
	public String run(String name, Duration timeout, List<String> command) {
		Result result = attempt(name, timeout, command);
		if (result.exitCode() != 0) {
			throw new AssertionError(String.join(" ", command) + " exited with " + result.exitCode() + "; the end of "
					+ log(name) + ":\n" + tail(result.output(), 40));
		}
		return result.output();
	}

	/** Runs a command to its end, whatever its exit code. */
	public Result attempt(String name, Duration timeout, List<String> command) {
		try (Background process = start(name, command)) {
			int exitCode = process.await(timeout);
			return new Result(exitCode, Files.readString(log(name), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Starts a command that runs beside the test until {@link Background#close()}. */
	public Background start(String name, List<String> command) {
		try {
			Files.createDirectories(this.logs);
			ProcessBuilder builder = new ProcessBuilder(command).directory(this.directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log(name).toFile())
				.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
			builder.environment().putAll(this.environment);
			return new Background(String.join(" ", command), log(name), builder.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + command, ex);
		}
	}

	public Path log(String name) {
		return this.logs.resolve(name + ".log");
	}

	public static String tail(String text, int lines) {
		List<String> all = text.lines().toList();
		return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
	}

	/**
	 * What a finished command gave.
	 *
	 * @param exitCode its exit code
	 * @param output stdout and stderr
	 */
	public record Result(int exitCode, String output) {

	}

	/**
	 * A running command. Closing it stops it as Ctrl-C would (SIGINT first, so the
	 * scripts' traps tear down what they started, e.g. make port-forward's kubectl
	 * processes), then kills whatever of it is still there.
	 */
	public record Background(String command, Path log, Process process) implements AutoCloseable {

		/** Waits for the command's end; fails when it outlasts the timeout. */
		public int await(Duration timeout) {
			try {
				if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					close();
					throw new AssertionError(this.command + " did not finish within " + timeout.toSeconds()
							+ " s and was stopped; the end of " + this.log + ":\n" + tail(output(), 40));
				}
				return this.process.exitValue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted while waiting for " + this.command, ex);
			}
		}

		public boolean isAlive() {
			return this.process.isAlive();
		}

		public String output() {
			try {
				return Files.readString(this.log, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				return "(no output: " + ex + ")";
			}
		}

		@Override
		public void close() {
			if (!this.process.isAlive()) {
				return;
			}
			List<ProcessHandle> started = this.process.descendants().toList();
			signal("INT", this.process.toHandle());
			started.forEach((child) -> signal("INT", child));
			try {
				this.process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			started.forEach(ProcessHandle::destroyForcibly);
			this.process.destroyForcibly();
		}

		private static void signal(String signal, ProcessHandle process) {
			try {
				new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
			}
			catch (IOException ex) {
				process.destroy();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
