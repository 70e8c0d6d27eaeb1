package dev.catfacts.metrics;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;

/**
 * {@code jvm_compilation_time_seconds_total}: Micrometer's JIT compilation counter in the
 * base unit Prometheus expects, instead of milliseconds.
 */
class CompilationTimeInSeconds extends JvmCompilationMetrics {

	@Override
	public void bindTo(MeterRegistry registry) {
		CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
		if (compilation == null || !compilation.isCompilationTimeMonitoringSupported()) {
			return;
		}
		FunctionCounter
			.builder("jvm.compilation.time", compilation,
					(bean) -> bean.getTotalCompilationTime() / (double) TimeUnit.SECONDS.toMillis(1))
			.description("Approximate time the JIT compiler has spent compiling")
			.baseUnit("seconds")
			.tag("compiler", compilation.getName())
			.register(registry);
	}

}
