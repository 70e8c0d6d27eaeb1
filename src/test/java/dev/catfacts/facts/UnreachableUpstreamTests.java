package dev.catfacts.facts;

import java.time.Duration;

import dev.catfacts.FakeFactsApi;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Connection refused: the upstream host is up but nothing listens. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "cat-facts.upstream.timeout=2s" })
@AutoConfigureWebTestClient
class UnreachableUpstreamTests {

	@Autowired
	WebTestClient client;

	@Autowired
	MeterRegistry registry;

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("cat-facts.upstream.url", FakeFactsApi::refusingUrl);
	}

	@Test
	void connectionRefusedFallsBack() {
		double before = connectErrors();
		Fallbacks.expectServedFromCatalogue(this.client, Duration.ofSeconds(10));
		assertThat(connectErrors() - before).isEqualTo(1);
	}

	private double connectErrors() {
		return Fallbacks.count(this.registry, FallbackReason.CONNECT_ERROR);
	}

}
