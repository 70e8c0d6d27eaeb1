package dev.catfacts.config;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the listeners open for {@code cat-facts.shutdown.drain-delay} after shutdown
 * begins. By then Spring Boot has switched readiness to REFUSING_TRAFFIC (the first step
 * of closing a web application context), so for this pause {@code /health/readiness}
 * answers 503 while requests are still served. Then graceful shutdown closes the listener
 * and drains the requests in flight.
 *
 * <p>
 * The highest phase stops first: before the API server's graceful shutdown (phase
 * {@code DEFAULT_PHASE - 1024}) and before the management server goes away
 * ({@code DEFAULT_PHASE - 1536}), so readiness stays reachable during the pause.
 */
@Component
class ShutdownDrain implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ShutdownDrain.class);

	private final Duration delay;

	private volatile boolean running;

	ShutdownDrain(ShutdownProperties properties) {
		this.delay = properties.drainDelay();
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		try {
			if (this.delay.isPositive()) {
				logger.info("Shutting down: readiness is OUT_OF_SERVICE (503); serving for " + this.delay.toMillis()
						+ " ms more while load balancers stop sending traffic");
				Thread.sleep(this.delay);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.running = false;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE;
	}

}
