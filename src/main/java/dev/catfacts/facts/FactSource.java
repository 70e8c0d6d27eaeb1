package dev.catfacts.facts;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a served fact came from. The values are also the {@code source} label of the
 * metrics, so this enum is what keeps that label bounded.
 */
public enum FactSource {

	UPSTREAM, FALLBACK;

	/** The label value, and the JSON and OpenAPI value of a fact's {@code source}. */
	@JsonValue
	public String value() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
