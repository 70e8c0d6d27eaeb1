package dev.catfacts.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import dev.catfacts.MakefilePins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * hack/tools.sh installs kind, kubectl and helm for `make deploy` from the internet. Here
 * a stand-in curl serves a file that is not the release (what a compromised mirror or a
 * truncated download would give): the script must refuse it by the pinned sum and install
 * nothing.
 */
class ToolsChecksumTests {

	@TempDir
	Path dir;

	@Test
	void aDownloadThatIsNotThePinnedFileIsRefusedAndNothingInstalled() throws Exception {
		Result result = toolsSh("kind", MakefilePins.get("KIND_VERSION"));
		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("but hack/tools.sha256 pins");
		assertThat(Files.exists(dir.resolve("curl-was-called"))).isTrue();
		assertThat(dir.resolve("bin")).doesNotExist();
	}

	@Test
	void aVersionWithoutAPinnedSumIsNotDownloaded() throws Exception {
		Result result = toolsSh("helm", "v0.0.0");
		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).containsPattern("no SHA-256 for helm-v0\\.0\\.0-\\w+-\\w+ in hack/tools.sha256");
		assertThat(Files.exists(dir.resolve("curl-was-called"))).isFalse();
		assertThat(dir.resolve("bin")).doesNotExist();
	}

	private Result toolsSh(String tool, String version) throws IOException, InterruptedException {
		Path fakes = Files.createDirectories(dir.resolve("fakes"));
		Path curl = fakes.resolve("curl");
		Files.writeString(curl, """
				#!/bin/sh
				# Writes a file that is not the release wherever --output points.
				touch '%s'
				while [ $# -gt 0 ]; do [ "$1" = --output ] && out=$2; shift; done
				echo 'not the release' >"$out"
				""".formatted(dir.resolve("curl-was-called")));
		Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path log = dir.resolve("output.txt");
		ProcessBuilder builder = new ProcessBuilder("hack/tools.sh", tool, version,
				dir.resolve("bin").resolve(tool).toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("PATH", fakes + ":" + System.getenv("PATH"));
		Process process = builder.start();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			// Its children too (curl, go): killing the script alone would leave them
			// running.
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			throw new AssertionError("hack/tools.sh did not finish in 30 s: " + Files.readString(log));
		}
		return new Result(process.exitValue(), Files.readString(log));
	}

	private record Result(int exitCode, String output) {
	}

}
