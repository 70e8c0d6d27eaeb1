package dev.catfacts;

import java.net.URI;
import java.time.Duration;

import dev.catfacts.config.ShutdownProperties;
import dev.catfacts.facts.FactsProperties;
import dev.catfacts.metrics.MetricsProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** A bad {@code cat-facts.*} value stops start-up with a message naming the property. */
class ConfigurationPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaultsPointAtThePublicFactsApi() {
		this.runner.run((context) -> {
			FactsProperties.Upstream upstream = context.getBean(FactsProperties.class).upstream();
			assertThat(upstream.enabled()).isTrue();
			assertThat(upstream.url()).isEqualTo(URI.create("https://catfact.ninja/fact"));
			assertThat(upstream.timeout()).isEqualTo(Duration.ofSeconds(2));
			assertThat(upstream.retries()).isEqualTo(1);
			assertThat(upstream.maxConcurrentCalls()).isEqualTo(32);
			assertThat(upstream.circuitBreaker().waitDurationInOpenState())
				.as("a recovered upstream is used again within 30 s")
				.isLessThan(Duration.ofSeconds(30));
			assertThat(context.getBean(ShutdownProperties.class).drainDelay()).isEqualTo(Duration.ofSeconds(2));
			assertThat(context.getBean(MetricsProperties.class).scrapeCacheTtl()).isEqualTo(Duration.ofSeconds(1));
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					cat-facts.upstream.timeout=0s            | cat-facts.upstream.timeout
					cat-facts.upstream.timeout=5m            | cat-facts.upstream.timeout
					cat-facts.upstream.timeout=16s           | cat-facts.upstream.timeout
					cat-facts.upstream.timeout=soon          | cat-facts.upstream.timeout
					cat-facts.upstream.retries=4             | cat-facts.upstream.retries
					cat-facts.upstream.retries=-1            | cat-facts.upstream.retries
					cat-facts.upstream.enabled=perhaps       | cat-facts.upstream.enabled
					cat-facts.upstream.url=ftp://example.org | must be an absolute http(s) URL
					cat-facts.upstream.url=no-scheme/fact    | must be an absolute http(s) URL
					cat-facts.upstream.url=http:fact         | must be an absolute http(s) URL with a host
					cat-facts.upstream.url=http:///fact      | must be an absolute http(s) URL with a host
					cat-facts.upstream.url=http://:8080/fact | must be an absolute http(s) URL with a host
					cat-facts.upstream.url=http://user@/fact | must be an absolute http(s) URL with a host
					cat-facts.upstream.url=http://example.org:99999/fact | a port from 1 to 65535
					cat-facts.upstream.url=http://example.org:0/fact | a port from 1 to 65535
					cat-facts.upstream.max-concurrent-calls=0 | upstream.maxConcurrentCalls
					cat-facts.upstream.max-concurrent-calls=501 | upstream.maxConcurrentCalls
					cat-facts.upstream.circuit-breaker.failure-rate-threshold=0   | upstream.circuitBreaker.failureRateThreshold
					cat-facts.upstream.circuit-breaker.slow-call-rate-threshold=101 | upstream.circuitBreaker.slowCallRateThreshold
					cat-facts.upstream.circuit-breaker.wait-duration-in-open-state=0s | upstream.circuitBreaker.waitDurationInOpenState
					cat-facts.upstream.circuit-breaker.max-retry-after=2h | upstream.circuitBreaker.maxRetryAfter
					cat-facts.upstream.circuit-breaker.sliding-window-size=5 | minimum-number-of-calls (10) must not exceed cat-facts.upstream.circuit-breaker.sliding-window-size (5)
					cat-facts.shutdown.drain-delay=-1s       | cat-facts.shutdown.drain-delay
					cat-facts.shutdown.drain-delay=1m        | cat-facts.shutdown.drain-delay
					cat-facts.metrics.scrape-cache-ttl=-1s   | cat-facts.metrics.scrape-cache-ttl
					cat-facts.metrics.scrape-cache-ttl=30s   | cat-facts.metrics.scrape-cache-ttl
					""")
	void rejectsABadValue(String property, String expectedMessage) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().isNotNull();
			assertThat(fullMessage(context.getStartupFailure())).contains(expectedMessage);
		});
	}

	/**
	 * A Compose service name such as fake_api is a host, though java.net.URI has no host
	 * for it.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "http://fake_api:8080/fact", "https://facts.example.org/fact", "http://127.0.0.1:1/fact",
			"http://[::1]:65535/fact", "http://facts.example.org:/fact" })
	void takesAnHttpUrlWithAHost(String url) {
		this.runner.withPropertyValues("cat-facts.upstream.url=" + url)
			.run((context) -> assertThat(context.getBean(FactsProperties.class).upstream().url())
				.isEqualTo(URI.create(url)));
	}

	private static String fullMessage(Throwable failure) {
		StringBuilder message = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			message.append(cause.getMessage()).append('\n');
		}
		return message.toString();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ FactsProperties.class, ShutdownProperties.class, MetricsProperties.class })
	static class PropertiesConfiguration {

	}

}
