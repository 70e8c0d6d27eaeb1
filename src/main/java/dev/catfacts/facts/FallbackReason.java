package dev.catfacts.facts;

/**
 * Why a fact was served from the bundled catalogue. The values are the {@code reason}
 * label of {@code cat_facts_upstream_fallbacks_total}: a closed set, so a misbehaving
 * upstream can never create new time series.
 */
public enum FallbackReason {

	/** The upstream is switched off ({@code cat-facts.upstream.enabled=false}). */
	OFFLINE,

	/** No answer within {@code cat-facts.upstream.timeout}. */
	TIMEOUT,

	/**
	 * The connection could not be made (refused, DNS, TLS), or broke before the whole
	 * answer arrived.
	 */
	CONNECT_ERROR,

	/** The upstream answered with a status other than 2xx and 429: 3xx, 4xx or 5xx. */
	HTTP_ERROR,

	/** The upstream answered 2xx with a body that holds no usable fact. */
	MALFORMED,

	/**
	 * The circuit breaker is open: the upstream failed too often lately, or asked us to
	 * back off, so it is not called at all.
	 */
	CIRCUIT_OPEN,

	/**
	 * As many upstream calls as {@code cat-facts.upstream.max-concurrent-calls} allows
	 * are already waiting for an answer.
	 */
	BUSY,

	/** The upstream answered 429 Too Many Requests. */
	RATE_LIMITED,

	/** Anything else: a bug rather than an upstream problem, so it is also logged. */
	UNEXPECTED;

	public String value() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
