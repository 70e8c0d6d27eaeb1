package dev.catfacts.facts;

/**
 * Where a served fact came from. The values are also the {@code source} label of the
 * metrics, so this enum is what keeps that label bounded.
 */
public enum FactSource {

	UPSTREAM, FALLBACK;

	public String value() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
