package dev.catfacts.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Netty's buffer memory ({@code netty_allocator_memory_used_bytes}), which Spring Boot
 * does not bind by itself. It lives outside the heap, so it is what explains a pod whose
 * RSS grows while {@code jvm_memory_used_bytes{area="heap"}} stays flat.
 */
@Configuration(proxyBeanMethods = false)
class NettyMetricsConfiguration {

	@Bean
	MeterBinder nettyAllocatorMetrics() {
		return (registry) -> {
			// Reactor Netty uses the default allocator; Netty 4.2 makes that the adaptive
			// one.
			if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider allocator) {
				new NettyAllocatorMetrics(allocator).bindTo(registry);
			}
		};
	}

}
