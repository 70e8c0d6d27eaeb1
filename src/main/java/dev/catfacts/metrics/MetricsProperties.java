package dev.catfacts.metrics;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code cat-facts.metrics.*}.
 *
 * @param scrapeCacheTtl how long a rendered scrape is served again to other scrapers; 0
 * renders every scrape. Kept far below any sensible scrape interval (15 s or more), so a
 * Prometheus server never sees the same sample twice from its own scrapes.
 */
@Validated
@ConfigurationProperties("cat-facts.metrics")
public record MetricsProperties(
		@NotNull @DurationMin(millis = 0) @DurationMax(seconds = 5) @DefaultValue("1s") Duration scrapeCacheTtl) {

}
