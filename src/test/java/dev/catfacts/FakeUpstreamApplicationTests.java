package dev.catfacts;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the tests that run the whole application, on random ports, against
 * {@link FakeFactsApi} as its upstream. Subclasses add properties with
 * {@code @TestPropertySource}; the fake and the circuit breaker are reset before each
 * test.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@AutoConfigureWebTestClient
public abstract class FakeUpstreamApplicationTests {

	/** One for the whole test run: every application context points at it. */
	protected static final FakeFactsApi upstream = FakeFactsApi.shared();

	@Autowired
	protected WebTestClient api;

	@Autowired
	private CircuitBreaker upstreamCircuitBreaker;

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("cat-facts.upstream.url", upstream::url);
	}

	@BeforeEach
	void resetUpstream() {
		upstream.reset();
		// Application contexts are cached across test classes: one test's failures must
		// not leave the next one facing an open breaker.
		this.upstreamCircuitBreaker.reset();
	}

}
