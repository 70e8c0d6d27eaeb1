package dev.catfacts;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * A command-line tool a test needs (promtool, helm, ...). Found through an environment
 * variable named after it ({@code PROMTOOL}), then {@code ./bin}, then {@code PATH}. A
 * missing tool fails the test with the command that installs it: a skipped test would
 * hide a check that never ran.
 *
 * @param executable the resolved executable
 * @param timeout how long a run may take before the tool is stopped and the test fails
 */
public record ExternalTool(Path executable, Duration timeout) {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

	private static final Duration STOP_GRACE = Duration.ofSeconds(10);

	public ExternalTool(Path executable) {
		this(executable, DEFAULT_TIMEOUT);
	}

	public static ExternalTool require(String name, String installHint) {
		String variable = name.toUpperCase(Locale.ROOT).replace('-', '_');
		String override = System.getenv(variable);
		List<Path> candidates = new ArrayList<>();
		if (override != null && !override.isBlank()) {
			candidates.add(Path.of(override));
		}
		candidates.add(Path.of("bin", name));
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (!dir.isBlank()) {
				candidates.add(Path.of(dir, name));
			}
		}
		return candidates.stream()
			.filter(Files::isExecutable)
			.findFirst()
			.map(ExternalTool::new)
			.orElseGet(() -> fail(name + " is needed by this test but was not found (looked at $" + variable
					+ ", ./bin and PATH). Install it: " + installHint));
	}

	/** Prometheus's promtool, which the metrics, rules and query tests run. */
	public static ExternalTool promtool() {
		return require("promtool",
				"'apt-get install prometheus' (Debian/Ubuntu) or a Prometheus release tarball, or set PROMTOOL");
	}

	public ExternalTool withTimeout(Duration timeout) {
		return new ExternalTool(this.executable, timeout);
	}

	/**
	 * Runs the tool with {@code stdin} as its input; output is stdout and stderr merged.
	 * A run that outlasts the timeout is stopped, with everything it started, and fails
	 * the test.
	 */
	public Result run(String stdin, String... args) {
		List<String> command = new ArrayList<>();
		command.add(this.executable.toString());
		command.addAll(List.of(args));
		Path input = null;
		Path output = null;
		Process process = null;
		try {
			// Files, not pipes: nothing here blocks on a tool that stops reading its
			// input
			// or never closes its output, so the timeout below always applies.
			input = Files.writeString(Files.createTempFile("external-tool", ".in"), stdin);
			output = Files.createTempFile("external-tool", ".out");
			process = new ProcessBuilder(command).redirectInput(input.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				stop(process);
				fail(this.executable.getFileName() + " did not finish within " + this.timeout.toSeconds() + " s"
						+ " and was stopped: " + String.join(" ", command) + "\nIts output so far:\n"
						+ Files.readString(output, StandardCharsets.UTF_8));
			}
			return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			// The test is being stopped: so is the tool, with whatever it started.
			if (process != null) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
			}
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
		finally {
			deleteIfExists(input);
			deleteIfExists(output);
		}
	}

	/**
	 * SIGTERM first, so that a script's trap can stop what it started; then SIGKILL for
	 * whatever it started that is still there, and for the tool itself.
	 */
	private static void stop(Process process) throws InterruptedException {
		List<ProcessHandle> started = process.descendants().toList();
		process.destroy();
		process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
		started.forEach(ProcessHandle::destroyForcibly);
		process.destroyForcibly().waitFor();
	}

	private static void deleteIfExists(Path file) {
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				// A temporary file left behind is no reason to fail the test.
			}
		}
	}

	/**
	 * What a run of the tool gave.
	 *
	 * @param exitCode the exit code
	 * @param output stdout and stderr
	 */
	public record Result(int exitCode, String output) {

	}

}
