package dev.catfacts.facts;

import dev.catfacts.FakeUpstreamApplicationTests;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the upstream switched off, facts come from the catalogue and nothing is called.
 */
@TestPropertySource(properties = { "cat-facts.upstream.enabled=false" })
class OfflineModeTests extends FakeUpstreamApplicationTests {

	@Autowired
	MeterRegistry registry;

	@Autowired
	FactCatalogue catalogue;

	@Test
	void servesTheCatalogueWithoutCallingTheUpstream() {
		double before = Fallbacks.count(this.registry, FallbackReason.OFFLINE);
		this.api.get()
			.uri("/cat_facts?count=5")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[*].source")
			.value((sources) -> assertThat(asStrings(sources)).hasSize(5).containsOnly("fallback"))
			.jsonPath("$[*].fact")
			.value((facts) -> assertThat(this.catalogue.facts()).containsAll(asStrings(facts)));
		assertThat(upstream.requests()).isZero();
		assertThat(Fallbacks.count(this.registry, FallbackReason.OFFLINE) - before).isEqualTo(5);
	}

	@SuppressWarnings("unchecked")
	private static java.util.List<String> asStrings(Object facts) {
		return (java.util.List<String>) facts;
	}

}
