package dev.catfacts.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.catfacts.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kind node's containerd imports an image of another architecture and then ignores it,
 * so `make image-tar` and `make alert-sink-image` build for the nodes' architecture: the
 * local Docker's (on a Mac, its Linux VM's), read by hack/lib.sh's {@code image_arch}.
 * Docker is a stand-in here, a script that answers as it would.
 */
class ImageArchTests {

	@TempDir
	Path fakeBin;

	@ParameterizedTest(name = "Docker on {0}: {1}")
	@CsvSource({ "aarch64, arm64", "x86_64, amd64" })
	void imagesAreBuiltForDockersArchitecture(String docker, String image) throws IOException {
		fakeDocker("echo " + docker);
		ExternalTool.Result result = imageArch();
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output().strip()).isEqualTo(image);
	}

	/** The image test and the real node build images with no Docker daemon at all. */
	@Test
	void withoutADockerDaemonTheyAreBuiltForThisMachine() throws IOException {
		// What a Docker client prints when no daemon answers.
		fakeDocker("echo; echo 'Cannot connect to the Docker daemon' >&2; exit 1");
		ExternalTool.Result result = imageArch();
		String machine = System.getProperty("os.arch");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output().strip()).isEqualTo(machine.equals("aarch64") ? "arm64" : machine);
	}

	@Test
	void anArchitectureWithoutImagesIsAnError() throws IOException {
		fakeDocker("echo riscv64");
		ExternalTool.Result result = imageArch();
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("unsupported architecture riscv64");
	}

	private void fakeDocker(String script) throws IOException {
		Path docker = this.fakeBin.resolve("docker");
		Files.writeString(docker, "#!/bin/sh\n" + script + "\n");
		Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

	private ExternalTool.Result imageArch() {
		// bash from the PATH, as the scripts find it: lib.sh refuses macOS's /bin/bash
		// (3.2).
		return new ExternalTool(Path.of("/usr/bin/env")).run("", "bash", "-c",
				"PATH=\"$1:$PATH\" && source hack/lib.sh && image_arch", "image-arch", this.fakeBin.toString());
	}

}
