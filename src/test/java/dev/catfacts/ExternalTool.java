package dev.catfacts;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * A command-line tool a test needs (promtool, helm, ...). Found through an environment
 * variable named after it ({@code PROMTOOL}), then {@code ./bin}, then {@code PATH}. A
 * missing tool fails the test with the command that installs it: a skipped test would
 * hide a check that never ran.
 *
 * @param executable the resolved executable
 */
public record ExternalTool(Path executable) {

	public static ExternalTool require(String name, String installHint) {
		String override = System.getenv(name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
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
			.orElseGet(() -> fail(name + " is needed by this test but was not found (looked at $"
					+ name.toUpperCase(java.util.Locale.ROOT) + ", ./bin and PATH). Install it: " + installHint));
	}

	/**
	 * Runs the tool with {@code stdin} as its input; output is stdout and stderr merged.
	 */
	public Result run(String stdin, String... args) {
		List<String> command = new ArrayList<>();
		command.add(this.executable.toString());
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			try (var in = process.getOutputStream()) {
				in.write(stdin.getBytes(StandardCharsets.UTF_8));
			}
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				fail(String.join(" ", command) + " did not finish within 2 minutes");
			}
			return new Result(process.exitValue(), output);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
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
