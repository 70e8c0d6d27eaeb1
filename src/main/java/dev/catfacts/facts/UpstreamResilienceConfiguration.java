package dev.catfacts.facts;

import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The circuit breaker and the concurrency limit (a semaphore bulkhead) that stand between
 * a request and the upstream facts API, with Resilience4j's own Micrometer metrics
 * ({@code resilience4j_circuitbreaker_*}, {@code resilience4j_bulkhead_*}), the names its
 * users' dashboards already know.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamResilienceConfiguration {

	/** The {@code name} label of the Resilience4j metrics. */
	static final String NAME = "upstream";

	@Bean
	CircuitBreakerRegistry circuitBreakerRegistry(FactsProperties properties, MeterRegistry meterRegistry) {
		FactsProperties.CircuitBreaker settings = properties.upstream().circuitBreaker();
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindow(settings.slidingWindowSize(), settings.minimumNumberOfCalls(), SlidingWindowType.COUNT_BASED)
			.failureRateThreshold(settings.failureRateThreshold())
			.slowCallRateThreshold(settings.slowCallRateThreshold())
			.slowCallDurationThreshold(settings.slowCallDurationThreshold())
			.waitDurationInOpenState(settings.waitDurationInOpenState())
			.permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
			// Every error of the upstream call is a failure: timeouts, refused
			// connections, 4xx and 5xx, bad bodies. The breaker exists because all of
			// them cost a request's time or a fallback.
			.recordException((ex) -> true)
			// Open costs nothing per request; a stack trace per rejected call would.
			.writableStackTraceEnabled(false)
			.build();
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config);
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meterRegistry);
		return registry;
	}

	@Bean
	CircuitBreaker upstreamCircuitBreaker(CircuitBreakerRegistry registry) {
		return registry.circuitBreaker(NAME);
	}

	@Bean
	BulkheadRegistry bulkheadRegistry(FactsProperties properties, MeterRegistry meterRegistry) {
		BulkheadConfig config = BulkheadConfig.custom()
			.maxConcurrentCalls(properties.upstream().maxConcurrentCalls())
			// Never wait for a slot: a fact that cannot be fetched now is served from the
			// catalogue now, instead of queueing behind a slow upstream.
			.maxWaitDuration(Duration.ZERO)
			.writableStackTraceEnabled(false)
			.build();
		BulkheadRegistry registry = BulkheadRegistry.of(config);
		TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meterRegistry);
		return registry;
	}

	@Bean
	Bulkhead upstreamBulkhead(BulkheadRegistry registry) {
		return registry.bulkhead(NAME);
	}

}
