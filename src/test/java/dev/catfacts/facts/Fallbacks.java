package dev.catfacts.facts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Reads {@code cat_facts_upstream_fallbacks_total} as the tests need it. */
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

}
