package dev.catfacts.facts;

import dev.catfacts.FakeFactsApi;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the upstream switched off, facts come from the catalogue and nothing is called.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "cat-facts.upstream.enabled=false" })
@AutoConfigureWebTestClient
class OfflineModeTests {

	static final FakeFactsApi upstream = new FakeFactsApi();

	@Autowired
	WebTestClient client;

	@Autowired
	MeterRegistry registry;

	@Autowired
	FactCatalogue catalogue;

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("cat-facts.upstream.url", upstream::url);
	}

	@AfterAll
	static void stopUpstream() {
		upstream.close();
	}

	@Test
	void servesTheCatalogueWithoutCallingTheUpstream() {
		double before = this.registry.get("cat.facts.upstream.fallbacks").tag("reason", "offline").counter().count();
		this.client.get()
			.uri("/cat_facts?count=5")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[*].source")
			.value((sources) -> assertThat(sources.toString()).doesNotContain("upstream"))
			.jsonPath("$[*].fact")
			.value((facts) -> assertThat(this.catalogue.facts()).containsAll(asStrings(facts)));
		assertThat(upstream.requests()).isZero();
		assertThat(
				this.registry.get("cat.facts.upstream.fallbacks").tag("reason", "offline").counter().count() - before)
			.isEqualTo(5);
	}

	@SuppressWarnings("unchecked")
	private static java.util.List<String> asStrings(Object facts) {
		return (java.util.List<String>) facts;
	}

}
