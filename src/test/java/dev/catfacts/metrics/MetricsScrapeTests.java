package dev.catfacts.metrics;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import dev.catfacts.Exchanges;
import dev.catfacts.ExternalTool;
import dev.catfacts.FakeUpstreamApplicationTests;
import dev.catfacts.Scrape;
import dev.catfacts.facts.FactsProperties;
import dev.catfacts.facts.FallbackReason;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.catfacts.Exchanges.expectStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reads the real {@code /metrics} scrape from the management port, the way Prometheus
 * does.
 */
class MetricsScrapeTests extends FakeUpstreamApplicationTests {

	static final String SEED = "random_facts_api_execution_counter_total";

	@LocalManagementPort
	int managementPort;

	@Autowired
	FactsProperties facts;

	@Autowired
	ApplicationContext context;

	@Test
	void theScrapeEndpointIsTheCachingOne() {
		assertThat(this.context.getBeansOfType(PrometheusScrapeEndpoint.class)).hasSize(1)
			.allSatisfy((name, endpoint) -> assertThat(endpoint).isInstanceOf(CachingPrometheusScrapeEndpoint.class));
	}

	@Test
	void seedCounterCountsEachServedFactExactlyOnce() {
		Scrape before = scrape();
		for (int i = 0; i < 5; i++) {
			expectStatus(this.api.get().uri("/cat_facts"), 200);
		}
		expectStatus(this.api.get().uri("/cat_facts?count=3"), 200);
		expectStatus(this.api.get().uri("/cat_facts?count=0"), 400);
		Scrape after = scrape();
		// Scraping twice more must not move it: the seed's exporter re-added its total
		// per scrape.
		Scrape again = scrape();

		String[] upstreamSeries = { "service=\"RandomFactsService\"", "source=\"upstream\"" };
		assertThat(after.value(SEED, upstreamSeries) - before.value(SEED, upstreamSeries)).isEqualTo(8);
		assertThat(after.value(SEED, "source=\"fallback\"") - before.value(SEED, "source=\"fallback\"")).isZero();
		assertThat(again.value(SEED, upstreamSeries)).isEqualTo(after.value(SEED, upstreamSeries));
	}

	@Test
	void exposesOneExampleOfEachMetricType() {
		expectStatus(this.api.get().uri("/cat_facts"), 200);
		Scrape scrape = scrape();
		assertThat(scrape.types()).containsEntry(SEED, "counter")
			.containsEntry("cat_facts_upstream_fallbacks_total", "counter")
			.containsEntry("cat_facts_upstream_in_flight_requests", "gauge")
			.containsEntry("cat_facts_catalogue_size_facts", "gauge")
			.containsEntry("cat_facts_fact_length_characters", "histogram")
			.containsEntry("cat_facts_fetch_duration_seconds", "summary")
			.containsEntry("http_server_requests_seconds", "histogram")
			.containsEntry("http_client_requests_seconds", "histogram");
		// Labelled vectors: one family, several series told apart by a bounded label.
		assertThat(scrape.series("cat_facts_upstream_fallbacks_total{")).hasSize(FallbackReason.values().length);
		assertThat(scrape.value("cat_facts_fetch_duration_seconds", "source=\"upstream\"", "quantile=\"0.99\""))
			.isPositive();
		assertThat(scrape.value("cat_facts_catalogue_size_facts")).isGreaterThanOrEqualTo(50);
	}

	@Test
	void exposesTheUpstreamCircuitBreakerAndConcurrencyLimit() {
		Scrape scrape = scrape();
		// Resilience4j's own names, which its users' dashboards already know: one gauge
		// series per state, 1 for the current one.
		assertThat(scrape.value("resilience4j_circuitbreaker_state", "name=\"upstream\"", "state=\"closed\""))
			.isEqualTo(1);
		assertThat(scrape.value("resilience4j_circuitbreaker_state", "name=\"upstream\"", "state=\"open\"")).isZero();
		assertThat(scrape.types()).containsEntry("resilience4j_circuitbreaker_not_permitted_calls_total", "counter")
			.containsEntry("resilience4j_bulkhead_available_concurrent_calls", "gauge");
		assertThat(scrape.value("resilience4j_bulkhead_max_allowed_concurrent_calls", "name=\"upstream\""))
			.isEqualTo(this.facts.upstream().maxConcurrentCalls());
	}

	@Test
	void requestLatencyHasBucketsForHistogramQuantile() {
		expectStatus(this.api.get().uri("/cat_facts"), 200);
		Scrape scrape = scrape();
		// method="GET": the API tests share this context, and their HEAD requests make a
		// series of their own.
		assertThat(scrape.value("http_server_requests_seconds_bucket", "uri=\"/cat_facts\"", "method=\"GET\"",
				"status=\"200\"", "le=\"+Inf\""))
			.isGreaterThanOrEqualTo(1);
		assertThat(scrape.series("http_server_requests_seconds_bucket{")
			.stream()
			.filter((series) -> series.contains("uri=\"/cat_facts\"") && series.contains("method=\"GET\"")
					&& series.contains("status=\"200\"")))
			.as("the explicit latency buckets and +Inf")
			.hasSize(PrometheusConventionsConfiguration.LATENCY_BUCKETS.get("http.server.requests").length + 1);
		assertThat(scrape.value("http_client_requests_seconds_bucket", "status=\"200\"", "le=\"+Inf\""))
			.isGreaterThanOrEqualTo(1);
	}

	@Test
	void requestsAreTimedOnceWithoutBootsActiveLongTaskTimers() {
		expectStatus(this.api.get().uri("/cat_facts"), 200);
		Scrape scrape = scrape();
		assertThat(scrape.types()).containsKeys("http_server_requests_seconds", "http_client_requests_seconds")
			.doesNotContainKeys("http_server_requests_active_seconds", "http_client_requests_active_seconds");
	}

	@Test
	void exposesJvmProcessAndNettyMetricsWithTheApplicationTag() {
		// GC pause timers appear with the first collection's notification, sent on a JVM
		// thread of its own: without a collection of our own, whether one has happened
		// would depend on which tests ran first.
		System.gc();
		Scrape scrape = await("jvm_gc_pause_seconds after a collection").atMost(Duration.ofSeconds(10))
			.until(this::scrape, (candidate) -> candidate.types().containsKey("jvm_gc_pause_seconds"));
		assertThat(scrape.types()).containsKeys("jvm_memory_used_bytes", "jvm_gc_pause_seconds",
				"jvm_threads_live_threads", "process_cpu_seconds_total", "process_start_time_seconds",
				"process_files_open_files", "jvm_compilation_time_seconds_total", "netty_allocator_memory_used_bytes");
		assertThat(scrape.help().get("netty_allocator_memory_used_bytes")).isNotBlank();
		assertThat(scrape.samples().keySet())
			.allSatisfy((series) -> assertThat(series).contains("application=\"cat-facts\""));
	}

	@Test
	void everyMetricHasHelpAndBaseUnits() {
		Scrape scrape = scrape();
		assertThat(scrape.types().keySet())
			.allSatisfy((family) -> assertThat(scrape.help().get(family)).as("HELP text of %s", family).isNotBlank());
		Pattern abbreviatedUnit = Pattern.compile("_(ms|ns|us|millis|nanos|micros|kb|mb|percent)(_|$)");
		assertThat(scrape.types().keySet()).noneMatch((family) -> abbreviatedUnit.matcher(family).find());
	}

	/**
	 * Every kind of bad request a client can make, each with a fresh random value:
	 * unknown paths, bad counts, other methods, made-up methods, oversized headers.
	 */
	private final List<Consumer<String>> badRequests = List.of(
			(random) -> expectStatus(this.api.get().uri("/" + random + "/x"), 404),
			(random) -> expectStatus(this.api.get().uri("/cat_facts?count=" + random), 400),
			(random) -> expectStatus(this.api.get().uri("/cat_facts?count=" + random.length() + "&count=1"), 400),
			(random) -> expectStatus(this.api.post().uri("/cat_facts"), 405),
			(random) -> expectStatus(this.api.delete().uri("/cat_facts/" + random), 404),
			(random) -> this.api.method(HttpMethod.valueOf("X" + random.replace("-", "").substring(0, 8).toUpperCase()))
				.uri("/cat_facts")
				.exchange()
				.expectStatus()
				.is4xxClientError()
				.expectBody(),
			(random) -> this.api.get()
				.uri("/cat_facts")
				.header("X-Huge", random.repeat(2_000))
				.exchange()
				.expectStatus()
				.is4xxClientError()
				.expectBody());

	@Test
	void badRequestsCreateNoNewSeriesAndNoServerErrors() {
		// Warm up: one of each kind first, so the comparison is of steady state.
		expectStatus(this.api.get().uri("/cat_facts"), 200);
		this.badRequests.forEach((request) -> request.accept(UUID.randomUUID().toString()));
		String[] requestDriven = { "http_", "cat_facts_", "random_facts_" };
		scrape();
		var before = scrape().series(requestDriven);

		for (int i = 0; i < 1_000; i++) {
			this.badRequests.get(i % this.badRequests.size()).accept(UUID.randomUUID().toString());
		}

		Scrape after = scrape();
		assertThat(after.series(requestDriven)).isEqualTo(before);
		assertThat(after.series("http_server_requests_seconds_count{"))
			.noneMatch((series) -> series.contains("outcome=\"SERVER_ERROR\""));
	}

	/**
	 * The scrape passes Prometheus's own linter. The one finding left is the seed's
	 * metric name, kept for compatibility with the original example: promtool objects to
	 * the word "counter" in a counter's name.
	 */
	@Test
	@Tag("promtool")
	void passesPromtoolCheckMetrics() {
		expectStatus(this.api.get().uri("/cat_facts"), 200);
		expectStatus(this.api.get().uri("/nowhere"), 404);
		ExternalTool.Result result = ExternalTool.promtool().run(scrape().text(), "check", "metrics");
		assertThat(result.output().lines().toList()).as("promtool check metrics findings")
			.containsExactly(SEED + " metric name should not include type 'counter'");
	}

	@Test
	void answersOpenMetricsWhenAsked() {
		String body = this.managementClient()
			.get()
			.uri("/metrics")
			.header("Accept", "application/openmetrics-text;version=1.0.0")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.value("Content-Type", (type) -> assertThat(type).startsWith("application/openmetrics-text"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).contains("# TYPE random_facts_api_execution_counter counter").endsWith("# EOF\n");
	}

	@Test
	void probesAreOnTheManagementPort() {
		expectStatus(managementClient().get().uri("/health/liveness"), 200);
		this.managementClient()
			.get()
			.uri("/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		expectStatus(this.api.get().uri("/metrics"), 404);
	}

	Scrape scrape() {
		return Exchanges.scrape(this.managementPort);
	}

	private WebTestClient managementClient() {
		return Exchanges.managementClient(this.managementPort);
	}

}
