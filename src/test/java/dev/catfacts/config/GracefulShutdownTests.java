package dev.catfacts.config;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.catfacts.CatFactsApplication;
import dev.catfacts.FakeFactsApi;
import dev.catfacts.FakeFactsApi.Answer;
import dev.catfacts.HttpGet;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Kubernetes relies on when it stops a pod: on shutdown (what the JVM's SIGTERM hook
 * does) readiness stops answering UP first, and requests already in flight still
 * complete.
 */
class GracefulShutdownTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private final FakeFactsApi upstream = new FakeFactsApi();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private ConfigurableApplicationContext context;

	/**
	 * Also after a failed assertion, which would leave the application running. The
	 * upstream goes first: closing it releases a request it holds, which the context's
	 * graceful shutdown would wait for.
	 */
	@AfterEach
	void stop() {
		this.upstream.close();
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void readinessGoesDownBeforeInFlightRequestsAreDrained() throws Exception {
		this.context = new SpringApplicationBuilder(CatFactsApplication.class).run("--server.port=0",
				"--management.server.port=0", "--cat-facts.upstream.url=" + this.upstream.url(),
				"--cat-facts.upstream.timeout=15s", "--cat-facts.upstream.retries=0");
		String api = "http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.server.port");
		String readiness = "http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.management.port")
				+ "/health/readiness";
		assertThat(HttpGet.status(this.http, URI.create(readiness))).isEqualTo(200);

		this.upstream.always(Answer.fact("Finished during the drain.")).hang();
		CompletableFuture<HttpResponse<String>> inFlight = this.http.sendAsync(
				HttpRequest.newBuilder(URI.create(api + "/cat_facts")).timeout(DEADLINE).build(),
				HttpResponse.BodyHandlers.ofString());
		await("the request to reach the upstream").until(() -> this.upstream.requests() == 1);

		CompletableFuture<Void> shutdown = CompletableFuture.runAsync(this.context::close);
		// 503 itself, not merely "not 200": a management server that closed at once would
		// refuse the connection, and the load balancer would learn nothing from that.
		await("readiness to answer 503 (OUT_OF_SERVICE)")
			.until(() -> HttpGet.status(this.http, URI.create(readiness)) == 503);
		assertThat(inFlight).as("the in-flight request is still being served").isNotDone();

		this.upstream.release();
		HttpResponse<String> response = inFlight.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("Finished during the drain.\n");
		shutdown.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
		assertThat(this.context.isActive()).isFalse();
	}

	/** Polled every 10 ms: the drain the test watches lasts a fraction of a second. */
	private static ConditionFactory await(String what) {
		return Awaitility.await(what).atMost(DEADLINE).pollInterval(Duration.ofMillis(10));
	}

}
