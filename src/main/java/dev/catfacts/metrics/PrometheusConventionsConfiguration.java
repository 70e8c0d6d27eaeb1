package dev.catfacts.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the scrape follow the Prometheus naming rules and pass {@code promtool check
 * metrics}: base units in every name, no misleading suffixes, HELP text on every metric,
 * and latency buckets chosen on purpose.
 */
@Configuration(proxyBeanMethods = false)
class PrometheusConventionsConfiguration {

	/**
	 * HELP text for meters created by observations, which carry no description of their
	 * own.
	 */
	static final Map<String, String> DESCRIPTIONS = Map.of("http.server.requests",
			"Duration of the HTTP requests this service handled", "http.client.requests",
			"Duration of the HTTP requests this service made to the upstream facts API", "netty.allocator.memory.used",
			"Memory held by Netty's default buffer allocator", "netty.allocator.memory.pinned",
			"Memory of Netty's default buffer allocator pinned by buffers in use");

	/**
	 * Meters that report bytes without saying so, which would hide the unit from the
	 * name.
	 */
	static final Map<String, String> MISSING_BASE_UNITS = Map.of("netty.allocator.memory.used", "bytes",
			"netty.allocator.memory.pinned", "bytes");

	/**
	 * Latency buckets (le) for the request timers: enough resolution for
	 * {@code histogram_quantile()} around the alerting thresholds, at a fraction of the
	 * series and scrape cost of Micrometer's ~70 default buckets. Set here, on exact
	 * names, because the {@code management.metrics.distribution.slo} property matches by
	 * prefix and would also turn {@code http.server.requests.active} into a histogram
	 * wherever the long-task timers are turned back on (application.yaml turns them off).
	 */
	static final Map<String, double[]> LATENCY_BUCKETS = Map.of("http.server.requests",
			millis(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000), "http.client.requests",
			millis(10, 25, 50, 100, 250, 500, 1000, 2000, 5000));

	/**
	 * Micrometer reports the CPU time in nanoseconds ({@code process_cpu_time_ns_total}).
	 * A filter can rename a meter but not rescale it, so that one is denied and
	 * {@link #processCpuSeconds()} registers it again in seconds.
	 */
	@Bean
	MeterFilter denyNonBaseUnitMeters() {
		return MeterFilter.deny((id) -> id.getName().equals("process.cpu.time") && "ns".equals(id.getBaseUnit()));
	}

	/**
	 * {@code system_cpu_count} breaks the rule that only histograms and summaries end in
	 * {@code _count}; the value is what {@code Runtime.availableProcessors()} reports, so
	 * it gets that name.
	 */
	@Bean
	MeterFilter renameMisleadingSuffixes() {
		return new MeterFilter() {
			@Override
			public Meter.Id map(Meter.Id id) {
				return id.getName().equals("system.cpu.count") ? id.withName("jvm.available.processors") : id;
			}
		};
	}

	@Bean
	MeterFilter completeDescriptionsAndUnits() {
		return new MeterFilter() {
			@Override
			public Meter.Id map(Meter.Id id) {
				String description = (id.getDescription() != null && !id.getDescription().isBlank())
						? id.getDescription() : DESCRIPTIONS.get(id.getName());
				String baseUnit = (id.getBaseUnit() != null) ? id.getBaseUnit() : MISSING_BASE_UNITS.get(id.getName());
				if (Objects.equals(description, id.getDescription()) && Objects.equals(baseUnit, id.getBaseUnit())) {
					return id;
				}
				return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), baseUnit, description, id.getType());
			}
		};
	}

	@Bean
	MeterFilter latencyBuckets() {
		return new MeterFilter() {
			@Override
			public @Nullable DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
				double[] buckets = LATENCY_BUCKETS.get(id.getName());
				if (buckets == null || id.getType() != Meter.Type.TIMER) {
					return config;
				}
				return DistributionStatisticConfig.builder().serviceLevelObjectives(buckets).build().merge(config);
			}
		};
	}

	/**
	 * Replaces Micrometer's compilation binder (Spring Boot backs off when this bean
	 * exists), which reports milliseconds as {@code jvm_compilation_time_ms_total}.
	 */
	@Bean
	JvmCompilationMetrics jvmCompilationMetrics() {
		return new CompilationTimeInSeconds();
	}

	/**
	 * The CPU counter every Prometheus client library exposes, under that name
	 * ({@code process_cpu_seconds_total}), so existing dashboards and alerts work
	 * unchanged.
	 */
	@Bean
	MeterBinder processCpuSeconds() {
		return (registry) -> {
			OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
			if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
				FunctionCounter
					.builder("process.cpu", hotspot,
							(bean) -> bean.getProcessCpuTime() / (double) TimeUnit.SECONDS.toNanos(1))
					.description("CPU time used by the JVM process")
					.baseUnit("seconds")
					.register(registry);
			}
		};
	}

	/** Timer boundaries are in nanoseconds, Micrometer's base time unit for timers. */
	private static double[] millis(long... boundaries) {
		return LongStream.of(boundaries).mapToDouble(TimeUnit.MILLISECONDS::toNanos).toArray();
	}

}
