package dev.catfacts.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.catfacts.ExternalTool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scripts behind `make deploy` cannot run here (kind needs Docker), so they are at
 * least statically checked: shellcheck on every one, and each prints its usage line.
 */
class ScriptsLintTests {

	/**
	 * Help is printed before anything else happens: a script that takes longer is
	 * working.
	 */
	private static final Duration HELP_TIMEOUT = Duration.ofSeconds(10);

	@Test
	@Tag("shellcheck")
	void shellcheckFindsNothing() throws IOException {
		List<String> args = new ArrayList<>(List.of("-x", ".ci/run"));
		args.addAll(scripts().map(Path::toString).toList());
		ExternalTool shellcheck = ExternalTool.require("shellcheck",
				"'apt-get install shellcheck' (Debian/Ubuntu) or 'brew install shellcheck', or set SHELLCHECK");
		ExternalTool.Result result = shellcheck.run("", args.toArray(String[]::new));
		assertThat(result.exitCode()).as(result.output()).isZero();
	}

	@Test
	void everyScriptHasAUsageLine() throws IOException {
		try (Stream<Path> scripts = scripts()) {
			assertThat(scripts.toList()).isNotEmpty().allSatisfy((script) -> {
				List<String> head = Files.readAllLines(script).stream().limit(3).toList();
				assertThat(head).as(script.toString())
					.anySatisfy((line) -> assertThat(line).startsWith("# Usage: ").contains("hack/"));
			});
		}
	}

	/**
	 * What a new user tries first. A script that does not answer would start its work
	 * instead (the offline e2e, as root, did): the timeout stops it and fails the test.
	 */
	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("runnableScriptsWithHelpFlags")
	void answersHelpWithItsUsageAndExitsZero(Path script, String flag) {
		ExternalTool.Result result = new ExternalTool(script).withTimeout(HELP_TIMEOUT).run("", flag);
		assertThat(result.exitCode()).as("exit code of %s %s, which printed:%n%s", script, flag, result.output())
			.isZero();
		assertThat(result.output().lines()).as(result.output())
			.anyMatch((line) -> line.startsWith("Usage: "))
			.noneMatch((line) -> line.contains("set -euo pipefail"));
	}

	/**
	 * Run from its own directory, a script that read its usage or sourced hack/lib.sh
	 * relative to the current directory did not see the flag (hack/node-down.sh, as root,
	 * went on to remove the node).
	 */
	@ParameterizedTest(name = "cd {0}/.. && ./{0} --help")
	@MethodSource("runnableScripts")
	void answersHelpFromItsOwnDirectory(Path script) {
		ExternalTool.Result result = new ExternalTool(Path.of("/bin/bash")).withTimeout(HELP_TIMEOUT)
			.run("", "-c", "cd \"$(dirname \"$1\")\" && \"./$(basename \"$1\")\" --help", "help-from-its-directory",
					script.toString());
		assertThat(result.exitCode())
			.as("exit code of %s --help from its directory, which printed:%n%s", script, result.output())
			.isZero();
		assertThat(result.output().lines()).as(result.output()).anyMatch((line) -> line.startsWith("Usage: "));
	}

	static Stream<Path> runnableScripts() throws IOException {
		// hack/lib.sh is sourced, not run, and so not executable.
		Stream<Path> hack = Files.list(Path.of("hack"))
			.filter((path) -> Files.isRegularFile(path) && Files.isExecutable(path))
			.sorted();
		return Stream.concat(hack, Stream.of(Path.of(".ci/run")));
	}

	static Stream<Arguments> runnableScriptsWithHelpFlags() throws IOException {
		return runnableScripts()
			.flatMap((script) -> Stream.of("-h", "--help").map((flag) -> Arguments.of(script, flag)));
	}

	private static Stream<Path> scripts() throws IOException {
		return Files.list(Path.of("hack")).filter((path) -> path.toString().endsWith(".sh")).sorted();
	}

}
