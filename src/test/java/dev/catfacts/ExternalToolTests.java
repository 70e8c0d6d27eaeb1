package dev.catfacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** How the tests run the command-line tools they need. */
class ExternalToolTests {

	private static final ExternalTool sh = new ExternalTool(Path.of("/bin/sh"));

	@Test
	void passesStdinAndReturnsTheExitCodeAndTheMergedOutput() {
		ExternalTool.Result result = sh.run("fact\n", "-c", "cat; echo oops >&2; exit 3");
		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.output()).isEqualTo("fact\noops\n");
	}

	@Test
	@Timeout(30)
	void aToolThatHangsIsStoppedWithWhatItStartedAndFailsTheTest(@TempDir Path dir) throws IOException {
		Path pids = dir.resolve("pids");
		// A shell that starts a child, keeps its output open and never exits by itself.
		// Its
		// timeout leaves a loaded machine time to start it and print "started".
		ExternalTool hanging = sh.withTimeout(Duration.ofSeconds(5));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> hanging.run("", "-c",
					"echo $$ > \"$1\"; sleep 60 & echo $! >> \"$1\"; echo started; wait", "sh", pids.toString()))
			.withMessageStartingWith("sh did not finish within 5 s and was stopped: /bin/sh -c")
			.withMessageEndingWith("Its output so far:\nstarted\n");
		List<Long> started = Files.readAllLines(pids).stream().map(Long::valueOf).toList();
		assertThat(started).hasSize(2);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(started).as("the shell and its child").noneMatch(ExternalToolTests::isRunning));
	}

	private static boolean isRunning(long pid) {
		return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() && !isZombie(pid);
	}

	/**
	 * Whether the process has exited but not been reaped: a killed child whose parent has
	 * gone stays so until the system reaps it, which some containers never do.
	 */
	private static boolean isZombie(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
		}
		catch (IOException ex) {
			return false;
		}
	}

}
