package dev.catfacts.facts;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class FactCatalogueTests {

	private final FactCatalogue catalogue = new FactCatalogue();

	@Test
	void bundlesAtLeastFiftyDistinctFacts() {
		assertThat(this.catalogue.facts()).hasSizeGreaterThanOrEqualTo(50).doesNotHaveDuplicates();
		assertThat(this.catalogue.size()).isEqualTo(this.catalogue.facts().size());
	}

	@Test
	void everyFactIsServable() {
		assertThat(this.catalogue.facts()).allSatisfy((fact) -> assertThat(fact).isNotBlank()
			.hasSizeLessThanOrEqualTo(UpstreamFactsClient.MAX_FACT_LENGTH)
			.doesNotStartWith("#"));
	}

	@Test
	void servesFactsMarkedAsFallback() {
		CatFact fact = this.catalogue.random();
		assertThat(fact.source()).isEqualTo(FactSource.FALLBACK);
		assertThat(this.catalogue.facts()).contains(fact.fact());
	}

	@Test
	void ignoresCommentsAndBlankLines() {
		FactCatalogue small = new FactCatalogue(new ByteArrayResource("# header\n\n  Cats purr.  \n".getBytes()));
		assertThat(small.facts()).containsExactly("Cats purr.");
	}

	@Test
	void refusesAnEmptyCatalogue() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new FactCatalogue(new ByteArrayResource("# only\n".getBytes())))
			.withMessageContaining("holds no facts");
	}

}
