package dev.catfacts.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The scrape cache, on a clock the test moves. */
class CachingPrometheusScrapeEndpointTests {

	private static final Duration TTL = Duration.ofSeconds(1);

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final Counter counter = this.registry.counter("cache_test_events");

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final CachingPrometheusScrapeEndpoint endpoint = new CachingPrometheusScrapeEndpoint(
			this.registry.getPrometheusRegistry(), new Properties(), TTL, this.now::get);

	@Test
	void servesTheSameRenderingWithinTheTtlAndAFreshOneAfterIt() {
		this.counter.increment();
		assertThat(scrape(PrometheusOutputFormat.CONTENT_TYPE_004)).contains("cache_test_events_total 1.0");

		this.counter.increment();
		this.now.addAndGet(TTL.toNanos() - 1);
		assertThat(scrape(PrometheusOutputFormat.CONTENT_TYPE_004)).as("within the TTL")
			.contains("cache_test_events_total 1.0");

		this.now.addAndGet(1);
		assertThat(scrape(PrometheusOutputFormat.CONTENT_TYPE_004)).as("once the TTL has passed")
			.contains("cache_test_events_total 2.0");
	}

	@Test
	void cachesEachFormatOnItsOwn() {
		this.counter.increment();
		assertThat(scrape(PrometheusOutputFormat.CONTENT_TYPE_004)).contains("cache_test_events_total 1.0");
		this.counter.increment();
		String openMetrics = scrape(PrometheusOutputFormat.CONTENT_TYPE_OPENMETRICS_100);
		assertThat(openMetrics).as("the first OpenMetrics scrape is rendered, not the cached text format")
			.contains("cache_test_events_total 2.0")
			.endsWith("# EOF\n");
	}

	@Test
	void rendersFilteredScrapesEveryTime() {
		this.counter.increment();
		scrape(PrometheusOutputFormat.CONTENT_TYPE_004);
		this.counter.increment();
		String filtered = new String(
				this.endpoint.scrape(PrometheusOutputFormat.CONTENT_TYPE_004, Set.of("cache_test_events")).getBody(),
				StandardCharsets.UTF_8);
		assertThat(filtered).contains("cache_test_events_total 2.0");
	}

	@Test
	void aZeroTtlRendersEveryScrape() {
		CachingPrometheusScrapeEndpoint uncached = new CachingPrometheusScrapeEndpoint(
				this.registry.getPrometheusRegistry(), new Properties(), Duration.ZERO, this.now::get);
		this.counter.increment();
		uncached.scrape(PrometheusOutputFormat.CONTENT_TYPE_004, null);
		this.counter.increment();
		assertThat(new String(uncached.scrape(PrometheusOutputFormat.CONTENT_TYPE_004, null).getBody(),
				StandardCharsets.UTF_8))
			.contains("cache_test_events_total 2.0");
	}

	private String scrape(PrometheusOutputFormat format) {
		return new String(this.endpoint.scrape(format, null).getBody(), StandardCharsets.UTF_8);
	}

}
