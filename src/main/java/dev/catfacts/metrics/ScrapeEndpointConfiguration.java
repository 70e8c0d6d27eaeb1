package dev.catfacts.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Replaces Spring Boot's scrape endpoint (it backs off) with the caching one. */
@Configuration(proxyBeanMethods = false)
class ScrapeEndpointConfiguration {

	@Bean
	CachingPrometheusScrapeEndpoint cachingPrometheusScrapeEndpoint(PrometheusRegistry registry,
			PrometheusConfig config, MetricsProperties properties) {
		return new CachingPrometheusScrapeEndpoint(registry, config.prometheusProperties(),
				properties.scrapeCacheTtl());
	}

}
