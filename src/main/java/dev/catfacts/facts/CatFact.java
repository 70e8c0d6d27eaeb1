package dev.catfacts.facts;

/**
 * One cat fact and where it came from.
 *
 * @param fact the fact, never blank
 * @param source where it came from
 */
public record CatFact(String fact, FactSource source) {

	public CatFact {
		if (fact.isBlank()) {
			throw new IllegalArgumentException("a cat fact must not be blank");
		}
	}

}
