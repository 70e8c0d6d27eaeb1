package dev.catfacts.facts;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Asks for a fact that must come from the catalogue, and reads
 * {@code cat_facts_upstream_fallbacks_total}, as the tests need it.
 */
final class Fallbacks {

	private Fallbacks() {
	}

	/** Fallbacks counted so far with {@code reason}. */
	static double count(MeterRegistry registry, FallbackReason reason) {
		return registry.get(FactsMetrics.FALLBACKS).tag("reason", reason.value()).counter().count();
	}

	/** Fallbacks counted so far, whatever the reason. */
	static double total(MeterRegistry registry) {
		return registry.get(FactsMetrics.FALLBACKS).counters().stream().mapToDouble(Counter::count).sum();
	}

	/**
	 * {@code GET /cat_facts} as JSON, which must answer 200 with a fact from the
	 * catalogue within {@code responseTimeout}.
	 */
	static void expectServedFromCatalogue(WebTestClient client, Duration responseTimeout) {
		jsonFact(client.mutate().responseTimeout(responseTimeout).build()).jsonPath("$.source")
			.isEqualTo("fallback")
			.jsonPath("$.fact")
			.isNotEmpty();
	}

	/**
	 * {@code GET /cat_facts} as JSON, which must answer 200: its body, to read the fact
	 * from.
	 */
	static WebTestClient.BodyContentSpec jsonFact(WebTestClient client) {
		return client.get()
			.uri("/cat_facts")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody();
	}

}
