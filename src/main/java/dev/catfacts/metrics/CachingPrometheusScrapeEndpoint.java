package dev.catfacts.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;

/**
 * Spring Boot's {@code /metrics} endpoint, with each rendered scrape kept for
 * {@code cat-facts.metrics.scrape-cache-ttl}. Rendering the text format is nearly all of
 * a scrape's cost (measured: collecting the meters is a fifth of it), and it grows with
 * every series. Within the TTL, further scrapes (the second server of an HA pair, an
 * agent, someone with curl in a loop) get the same bytes, so however often the endpoint
 * is called it renders at most once per TTL and format, and concurrent scrapers wait for
 * one rendering instead of each doing their own.
 *
 * <p>
 * A scrape filtered with {@code ?includedNames=} is rendered afresh every time.
 */
@WebEndpoint(id = "prometheus")
public class CachingPrometheusScrapeEndpoint extends PrometheusScrapeEndpoint {

	private final long ttlNanos;

	private final LongSupplier nanoTime;

	private final Map<PrometheusOutputFormat, Rendered> cache = new ConcurrentHashMap<>();

	public CachingPrometheusScrapeEndpoint(PrometheusRegistry registry, Properties exporterProperties, Duration ttl) {
		this(registry, exporterProperties, ttl, System::nanoTime);
	}

	CachingPrometheusScrapeEndpoint(PrometheusRegistry registry, Properties exporterProperties, Duration ttl,
			LongSupplier nanoTime) {
		super(registry, exporterProperties);
		this.ttlNanos = ttl.toNanos();
		this.nanoTime = nanoTime;
	}

	@Override
	@ReadOperation(producesFrom = PrometheusOutputFormat.class)
	public WebEndpointResponse<byte[]> scrape(PrometheusOutputFormat format, @Nullable Set<String> includedNames) {
		if (this.ttlNanos == 0 || (includedNames != null && !includedNames.isEmpty())) {
			return super.scrape(format, includedNames);
		}
		Rendered rendered = this.cache.get(format);
		if (rendered != null && rendered.isFresh(this.nanoTime.getAsLong(), this.ttlNanos)) {
			return rendered.response();
		}
		synchronized (this) {
			// Whoever waited here while another thread rendered takes that result.
			rendered = this.cache.get(format);
			long now = this.nanoTime.getAsLong();
			if (rendered == null || !rendered.isFresh(now, this.ttlNanos)) {
				WebEndpointResponse<byte[]> response = super.scrape(format, null);
				rendered = new Rendered(now, response);
				if (response.getStatus() == WebEndpointResponse.STATUS_OK) {
					this.cache.put(format, rendered);
				}
			}
			return rendered.response();
		}
	}

	private record Rendered(long at, WebEndpointResponse<byte[]> response) {

		boolean isFresh(long now, long ttlNanos) {
			return now - this.at < ttlNanos;
		}

	}

}
