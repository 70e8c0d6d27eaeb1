package dev.catfacts.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code cat-facts.shutdown.*}.
 *
 * @param drainDelay how long, after SIGTERM, readiness answers 503 (OUT_OF_SERVICE) while
 * the listener still accepts requests, so that load balancers polling readiness stop
 * sending traffic before connections are refused. Kubernetes also needs the pod's preStop
 * pause (the chart's {@code preStopSleepSeconds}), because it removes endpoints on
 * deletion rather than on readiness; both together must stay inside
 * terminationGracePeriodSeconds.
 */
@Validated
@ConfigurationProperties("cat-facts.shutdown")
public record ShutdownProperties(
		@NotNull @DurationMin(millis = 0) @DurationMax(seconds = 10) @DefaultValue("2s") Duration drainDelay) {

}
