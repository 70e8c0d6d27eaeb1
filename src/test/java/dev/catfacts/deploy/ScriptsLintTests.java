package dev.catfacts.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.catfacts.ExternalTool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scripts behind `make deploy` cannot run here (kind needs Docker), so they are at
 * least statically checked: shellcheck on every one, and each prints its usage line.
 */
class ScriptsLintTests {

	@Test
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

	private static Stream<Path> scripts() throws IOException {
		return Files.list(Path.of("hack")).filter((path) -> path.toString().endsWith(".sh")).sorted();
	}

}
