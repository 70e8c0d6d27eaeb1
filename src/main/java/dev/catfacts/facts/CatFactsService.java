package dev.catfacts.facts;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Serves random cat facts: from the upstream facts API when it is enabled and answers
 * well, otherwise from the bundled catalogue. A failing upstream never fails a request;
 * it shows up in {@code cat_facts_upstream_fallbacks_total} instead.
 */
@Service
public class CatFactsService {

	private static final Log logger = LogFactory.getLog(CatFactsService.class);

	private final UpstreamFactsClient upstream;

	private final FactCatalogue catalogue;

	private final FactsMetrics metrics;

	private final boolean upstreamEnabled;

	CatFactsService(UpstreamFactsClient upstream, FactCatalogue catalogue, FactsMetrics metrics,
			FactsProperties properties) {
		this.upstream = upstream;
		this.catalogue = catalogue;
		this.metrics = metrics;
		this.upstreamEnabled = properties.upstream().enabled();
	}

	/** {@code count} facts, fetched concurrently, each counted once as it is served. */
	public Flux<CatFact> randomFacts(int count) {
		return Flux.range(0, count).flatMap((i) -> randomFact(), count);
	}

	public Mono<CatFact> randomFact() {
		Mono<CatFact> fact = this.upstreamEnabled ? fromUpstream()
				: Mono.fromSupplier(() -> fallback(FallbackReason.OFFLINE));
		return this.metrics.timeFetch(fact).doOnNext(this.metrics::served);
	}

	private Mono<CatFact> fromUpstream() {
		return this.upstream.fetch()
			.map((text) -> new CatFact(text, FactSource.UPSTREAM))
			.onErrorResume((ex) -> Mono.fromSupplier(() -> fallback(UpstreamFactsClient.classify(ex), ex)));
	}

	private CatFact fallback(FallbackReason reason) {
		this.metrics.fellBack(reason);
		return this.catalogue.random();
	}

	private CatFact fallback(FallbackReason reason, Throwable ex) {
		if (reason == FallbackReason.UNEXPECTED) {
			logger.warn("Unexpected error from the upstream facts API; serving the fallback catalogue", ex);
		}
		else if (logger.isDebugEnabled()) {
			// Debug only: when the upstream is down this fires on every request, and the
			// fallback counter is the signal to alert on.
			logger.debug("Serving the fallback catalogue (" + reason.value() + "): " + ex);
		}
		return fallback(reason);
	}

}
