package dev.catfacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.fail;

/**
 * The packaged application as the tests that run it in a JVM of its own find it (the
 * shutdown test, the benchmark): its jar, which failsafe names in the system property
 * {@code app.jar}, and free loopback ports to start it on.
 */
public final class PackagedApp {

	private PackagedApp() {
	}

	/**
	 * The jar {@code mvn package} built; fails saying how to build it first.
	 * @param runThrough the command that packages before it runs the test, for the
	 * message
	 */
	public static Path jar(String runThrough) {
		String jar = System.getProperty("app.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			fail("The packaged jar (system property app.jar = " + jar + ") is missing: run this through `" + runThrough
					+ "`, which packages first");
		}
		return Path.of(jar);
	}

	/** A loopback port nothing listens on now. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no free port on loopback", ex);
		}
	}

}
