package dev.catfacts.facts;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings under {@code cat-facts.*}. Validated at start-up: a bad value stops the
 * application with a message naming the property, instead of surfacing later as odd
 * behaviour under load.
 *
 * @param upstream how to reach the upstream facts API
 */
@Validated
@ConfigurationProperties("cat-facts")
public record FactsProperties(@Valid @DefaultValue Upstream upstream) {

	/**
	 * The upstream facts API.
	 *
	 * @param enabled {@code false} is offline mode: every fact comes from the bundled
	 * catalogue and no network call is made
	 * @param url the endpoint that returns one fact as {@code {"fact": "..."}}
	 * @param timeout the hard deadline for one fact, retry included; past it the fallback
	 * answers. At most 15 s: a request in flight at shutdown must finish within the 20 s
	 * graceful phase ({@code spring.lifecycle.timeout-per-shutdown-phase})
	 * @param retries how many times a connection error or a 5xx is retried (0 to 3); a
	 * 503 with {@code Retry-After} is not
	 * @param maxConcurrentCalls upstream calls one instance makes at once at most; a fact
	 * asked for beyond that is served from the catalogue at once instead of queueing. At
	 * most 500, the connections of Reactor Netty's shared pool: past them a call waits
	 * for a connection, and past 1,500 it fails as a connection error that the breaker
	 * counts against the upstream
	 * @param circuitBreaker when to stop calling a failing upstream
	 */
	public record Upstream(@DefaultValue("true") boolean enabled,
			@NotNull @DefaultValue("https://catfact.ninja/fact") URI url,
			@NotNull @DurationMin(millis = 10) @DurationMax(seconds = 15) @DefaultValue("2s") Duration timeout,
			@Min(0) @Max(3) @DefaultValue("1") int retries,
			@Min(1) @Max(500) @DefaultValue("32") int maxConcurrentCalls,
			@Valid @DefaultValue CircuitBreaker circuitBreaker) {

		/**
		 * Optional user info, a host (a name, an address, or [an IPv6 address]), a port.
		 */
		private static final Pattern AUTHORITY = Pattern
			.compile("(?:[^@]*@)?(?:\\[[^\\]]+\\]|[^:\\[\\]@]+)(?::(\\d{0,5}))?");

		public Upstream {
			// Bean Validation would report these as vague type errors; say it plainly. A
			// URL without a host ("http:fact", "http:///fact", "http://:8080/fact") or
			// with a port past 65535 would start fine and fail every call.
			if (url != null && (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
					|| !hasHostAndValidPort(url.getRawAuthority()))) {
				throw new IllegalArgumentException("cat-facts.upstream.url must be an absolute http(s) URL with a host"
						+ " (and a port from 1 to 65535, if any), got '" + url + "'");
			}
		}

		/**
		 * Read from the raw authority, not {@code getHost()} and {@code getPort()}, which
		 * give null and -1 for a name with an underscore (a Compose service such as
		 * {@code fake_api}).
		 */
		private static boolean hasHostAndValidPort(String authority) {
			if (authority == null) {
				return false;
			}
			Matcher matcher = AUTHORITY.matcher(authority);
			if (!matcher.matches()) {
				return false;
			}
			// "host:" is allowed (RFC 3986): the scheme's port.
			String port = matcher.group(1);
			if (port == null || port.isEmpty()) {
				return true;
			}
			int number = Integer.parseInt(port);
			return number >= 1 && number <= 65_535;
		}

	}

	/**
	 * The circuit breaker around the upstream call. It counts the outcome of the last
	 * {@code slidingWindowSize} calls; once at least {@code minimumNumberOfCalls} are
	 * counted and the share of failed calls (errors and timeouts) or of slow calls
	 * reaches its threshold, it opens: for {@code waitDurationInOpenState} every fact
	 * comes from the catalogue at once and the upstream gets no traffic. Then it lets
	 * {@code permittedCallsInHalfOpenState} probe calls through, and closes again when
	 * neither rate of theirs reaches its threshold. A 429 or 503 answer with
	 * {@code Retry-After} opens it for that long.
	 *
	 * @param failureRateThreshold percentage of failed calls that opens the breaker
	 * @param slowCallRateThreshold percentage of slow calls that opens the breaker
	 * @param slowCallDurationThreshold a call slower than this counts as slow (a call
	 * slower than {@code cat-facts.upstream.timeout} is a failure anyway)
	 * @param slidingWindowSize how many of the latest calls are counted
	 * @param minimumNumberOfCalls calls needed in the window before the rates count
	 * @param waitDurationInOpenState how long the breaker stays open before probing
	 * @param permittedCallsInHalfOpenState probe calls let through to test recovery
	 * @param maxRetryAfter the longest {@code Retry-After} honoured, so a misbehaving
	 * upstream cannot switch this service to the catalogue for days
	 */
	public record CircuitBreaker(@Min(1) @Max(100) @DefaultValue("50") int failureRateThreshold,
			@Min(1) @Max(100) @DefaultValue("50") int slowCallRateThreshold,
			@NotNull @DurationMin(millis = 10) @DurationMax(
					seconds = 30) @DefaultValue("1s") Duration slowCallDurationThreshold,
			@Min(1) @Max(1_000) @DefaultValue("20") int slidingWindowSize,
			@Min(1) @Max(1_000) @DefaultValue("10") int minimumNumberOfCalls,
			@NotNull @DurationMin(millis = 10) @DurationMax(
					minutes = 5) @DefaultValue("10s") Duration waitDurationInOpenState,
			@Min(1) @Max(100) @DefaultValue("3") int permittedCallsInHalfOpenState,
			@NotNull @DurationMin(seconds = 1) @DurationMax(hours = 1) @DefaultValue("5m") Duration maxRetryAfter) {

		public CircuitBreaker {
			if (minimumNumberOfCalls > slidingWindowSize) {
				throw new IllegalArgumentException(
						"cat-facts.upstream.circuit-breaker.minimum-number-of-calls (" + minimumNumberOfCalls
								+ ") must not exceed cat-facts.upstream.circuit-breaker.sliding-window-size ("
								+ slidingWindowSize + ")");
			}
		}

	}

}
