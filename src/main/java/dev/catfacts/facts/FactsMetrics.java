package dev.catfacts.facts;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The service's own metrics: one honest example of each Prometheus metric type.
 *
 * <p>
 * Every label value comes from an enum, and every series is registered up front, so the
 * series exist (at zero) from the first scrape: {@code rate()} and {@code absent()}
 * behave from the start, and no request can create a new series.
 */
@Component
public class FactsMetrics {

	/**
	 * Seed-compatible name from the original blog post; Prometheus adds {@code _total}.
	 */
	static final String SEED_COUNTER = "random.facts.api.execution.counter";

	static final String FALLBACKS = "cat.facts.upstream.fallbacks";

	private final Map<FactSource, Counter> served = new EnumMap<>(FactSource.class);

	private final Map<FactSource, DistributionSummary> length = new EnumMap<>(FactSource.class);

	private final Map<FactSource, Timer> fetch = new EnumMap<>(FactSource.class);

	private final Map<FallbackReason, Counter> fallbacks = new EnumMap<>(FallbackReason.class);

	private final AtomicInteger inFlight = new AtomicInteger();

	private final MeterRegistry registry;

	FactsMetrics(MeterRegistry registry, FactCatalogue catalogue) {
		this.registry = registry;
		for (FactSource source : FactSource.values()) {
			// Counter (with a labelled vector): what the blog post's example counts.
			this.served.put(source,
					Counter.builder(SEED_COUNTER)
						.description("Cat facts served, by where they came from (name kept from the seed example)")
						.tag("service", "RandomFactsService")
						.tag("source", source.value())
						.register(registry));
			// Histogram: buckets are aggregatable across pods, unlike summary quantiles.
			this.length.put(source,
					DistributionSummary.builder("cat.facts.fact.length")
						.description("Length of the served cat facts")
						.baseUnit("characters")
						.serviceLevelObjectives(50, 100, 150, 200, 300, 500)
						.tag("source", source.value())
						.register(registry));
			// Summary: quantiles computed in the process over a sliding window. Cheap to
			// query, but they cannot be averaged across pods; see the README.
			this.fetch.put(source,
					Timer.builder("cat.facts.fetch.duration")
						.description("Time to obtain one fact, upstream retries and fallback included")
						.publishPercentiles(0.5, 0.9, 0.99)
						.tag("source", source.value())
						.register(registry));
		}
		for (FallbackReason reason : FallbackReason.values()) {
			this.fallbacks.put(reason,
					Counter.builder(FALLBACKS)
						.description("Facts served from the bundled catalogue instead of the upstream, by reason")
						.tag("reason", reason.value())
						.register(registry));
		}
		// Gauges: a value that goes up and down, sampled at scrape time.
		Gauge.builder("cat.facts.upstream.in.flight", this.inFlight, AtomicInteger::get)
			.description("Upstream facts API calls currently waiting for an answer")
			.baseUnit("requests")
			.register(registry);
		Gauge.builder("cat.facts.catalogue.size", catalogue, FactCatalogue::size)
			.description("Facts in the bundled fallback catalogue")
			.baseUnit("facts")
			.register(registry);
	}

	void served(CatFact fact) {
		this.served.get(fact.source()).increment();
		this.length.get(fact.source()).record(fact.fact().length());
	}

	void fellBack(FallbackReason reason) {
		this.fallbacks.get(reason).increment();
	}

	/** Times {@code fact} from subscription to its value, tagged by the fact's source. */
	Mono<CatFact> timeFetch(Mono<CatFact> fact) {
		return Mono.defer(() -> {
			Timer.Sample sample = Timer.start(this.registry);
			return fact.doOnNext((value) -> sample.stop(this.fetch.get(value.source())));
		});
	}

	/** Counts {@code call} as in flight from subscription until it ends in any way. */
	<T> Mono<T> trackInFlight(Mono<T> call) {
		return Mono.defer(() -> {
			this.inFlight.incrementAndGet();
			return call.doFinally((signal) -> this.inFlight.decrementAndGet());
		});
	}

}
