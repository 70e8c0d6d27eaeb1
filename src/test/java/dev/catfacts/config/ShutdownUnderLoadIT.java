package dev.catfacts.config;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.catfacts.FakeFactsApi;
import dev.catfacts.FakeFactsApi.Answer;
import dev.catfacts.HttpGet;
import dev.catfacts.ImageJvmFlags;
import dev.catfacts.PackagedApp;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * SIGTERM to the packaged application while it serves load, as Kubernetes stops a pod.
 * The clients behave like a load balancer that polls readiness: they stop sending new
 * requests once readiness answers 503 (OUT_OF_SERVICE). Every request sent must succeed,
 * readiness must answer 503 (OUT_OF_SERVICE) while the API listener still accepts
 * connections, requests in flight when the listener closes must still complete, and the
 * process must exit inside the pod's grace period.
 *
 * <p>
 * Runs in the {@code integration-test} phase (failsafe), because it needs the jar.
 */
class ShutdownUnderLoadIT {

	/** terminationGracePeriodSeconds (30) minus the chart's preStop pause (5). */
	private static final Duration GRACE = Duration.ofSeconds(25);

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private static final int CLIENTS = 16;

	private final FakeFactsApi upstream = new FakeFactsApi();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private Process app;

	private Load load;

	/** Also after a failed assertion: the clients, the application, then its upstream. */
	@AfterEach
	void stop() throws InterruptedException {
		if (this.load != null) {
			this.load.close();
		}
		if (this.app != null) {
			this.app.destroyForcibly().waitFor();
		}
		this.upstream.close();
	}

	/**
	 * @param dir where the application's log goes; kept when the test fails, to be read
	 */
	@Test
	void sigtermUnderLoadFailsNoRequest(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
		int apiPort = PackagedApp.freePort();
		int managementPort = PackagedApp.freePort();
		Path log = dir.resolve("app.log");
		// As the image runs it: its JVM flags, read from pom.xml.
		List<String> command = new ArrayList<>(List.of(java()));
		command.addAll(ImageJvmFlags.underTheChartsMemoryLimit());
		command.addAll(List.of("-jar", PackagedApp.jar("./mvnw verify").toString(), "--server.port=" + apiPort,
				"--management.server.port=" + managementPort, "--cat-facts.upstream.url=" + this.upstream.url(),
				"--cat-facts.upstream.timeout=15s", "--cat-facts.upstream.retries=0"));
		this.app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		URI api = URI.create("http://127.0.0.1:" + apiPort + "/cat_facts");
		URI readiness = URI.create("http://127.0.0.1:" + managementPort + "/health/readiness");
		await("readiness UP", () -> HttpGet.status(this.http, readiness) == 200, log);

		this.load = new Load(api);
		this.load.start();
		await("200 successful requests under load", () -> this.load.ok.get() >= 200, log);

		// Requests held at the upstream are in flight when SIGTERM arrives and stay so
		// until the listener has closed: the graceful drain must still complete them.
		this.upstream.always(Answer.fact("Served during the drain.")).hang();
		int before = this.upstream.requests();
		await("requests held in flight", () -> this.upstream.requests() >= before + 4, log);

		long sigterm = System.nanoTime();
		this.app.destroy();
		Instants seen = new Instants(sigterm);
		AtomicBoolean acceptedWhileDown = new AtomicBoolean();
		await("readiness to answer 503", () -> {
			int status = HttpGet.status(this.http, readiness);
			if (status == 503 && seen.readinessDown.compareAndSet(0, System.nanoTime())) {
				// In the same moment, not after the wait: the drain delay (2 s) is all
				// the
				// window there is, and a loaded machine may spend it elsewhere.
				acceptedWhileDown.set(accepts(apiPort));
			}
			return status != 200;
		}, log);
		this.load.stopSending();
		assertThat(seen.readinessDown.get()).as("readiness answered 503 (OUT_OF_SERVICE), not a refused connection")
			.isPositive();
		assertThat(acceptedWhileDown)
			.as("the API listener still accepted connections when readiness first answered 503")
			.isTrue();

		await("the API listener to close", () -> !accepts(apiPort), log);
		seen.listenerClosed.set(System.nanoTime());
		assertThat(this.app.isAlive()).as("the process is still draining").isTrue();
		this.upstream.release();

		assertThat(this.app.waitFor(GRACE.toMillis() - elapsedMillis(sigterm), TimeUnit.MILLISECONDS))
			.as("the process exits within %s of SIGTERM", GRACE)
			.isTrue();
		long exitedMillis = elapsedMillis(sigterm);
		this.load.await();

		assertThat(this.load.failures).as("failed requests (log: %s)", log).isEmpty();
		assertThat(this.load.drained.get()).as("requests that completed after the listener closed").isPositive();
		assertThat(this.app.exitValue()).as("exit status after SIGTERM").isIn(0, 143);
		assertThat(seen.readinessDown.get()).as("readiness answered 503 before the listener closed")
			.isPositive()
			.isLessThan(seen.listenerClosed.get());
		System.out.printf(
				"SIGTERM under load: %d requests ok, 0 failed; readiness 503 after %d ms, listener closed after %d ms, %d drained, exit after %d ms%n",
				this.load.ok.get(), seen.millis(seen.readinessDown.get()), seen.millis(seen.listenerClosed.get()),
				this.load.drained.get(), exitedMillis);
	}

	/** Clients on virtual threads, each sending one request after another. */
	private final class Load implements AutoCloseable {

		private final URI api;

		private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

		private volatile boolean sending = true;

		private final AtomicInteger ok = new AtomicInteger();

		private final AtomicInteger drained = new AtomicInteger();

		private final Queue<String> failures = new ConcurrentLinkedQueue<>();

		Load(URI api) {
			this.api = api;
		}

		void start() {
			for (int i = 0; i < CLIENTS; i++) {
				this.clients.submit(this::run);
			}
		}

		void stopSending() {
			this.sending = false;
		}

		void await() throws InterruptedException {
			this.clients.shutdown();
			if (!this.clients.awaitTermination(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
				fail("clients still waiting for answers after " + DEADLINE);
			}
		}

		/** Stops the clients, interrupting those waiting for an answer. */
		@Override
		public void close() {
			this.sending = false;
			this.clients.shutdownNow();
		}

		private void run() {
			HttpRequest request = HttpRequest.newBuilder(this.api).timeout(DEADLINE).build();
			while (this.sending) {
				try {
					HttpResponse<String> response = ShutdownUnderLoadIT.this.http.send(request,
							HttpResponse.BodyHandlers.ofString());
					if (response.statusCode() != 200) {
						this.failures.add(response.statusCode() + " " + response.body());
					}
					else if (response.body().equals("Served during the drain.\n")) {
						this.drained.incrementAndGet();
					}
					this.ok.incrementAndGet();
				}
				catch (IOException ex) {
					this.failures.add(ex.toString());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

	}

	private record Instants(long sigterm, AtomicLong readinessDown, AtomicLong listenerClosed) {

		Instants(long sigterm) {
			this(sigterm, new AtomicLong(), new AtomicLong());
		}

		long millis(long instant) {
			return TimeUnit.NANOSECONDS.toMillis(instant - this.sigterm);
		}

	}

	/** Whether a new TCP connection to the port is accepted. */
	private static boolean accepts(int port) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			return true;
		}
		catch (ConnectException ex) {
			return false;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Polled every 10 ms, since the test measures when readiness and the listener change;
	 * fails at once if the application exits, and either failure shows its log.
	 */
	private void await(String what, Callable<Boolean> condition, Path log) throws IOException {
		try {
			Awaitility.await(what)
				.atMost(DEADLINE)
				.pollInterval(Duration.ofMillis(10))
				.failFast("the application exited", () -> !this.app.isAlive())
				.until(condition);
		}
		catch (ConditionTimeoutException | TerminalFailureException ex) {
			fail(ex.getMessage() + "; the application's log:\n" + tail(log), ex);
		}
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	private static long elapsedMillis(long since) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
	}

	private static String java() {
		return ProcessHandle.current()
			.info()
			.command()
			.orElseThrow(() -> new IllegalStateException("cannot tell which java runs the tests"));
	}

}
