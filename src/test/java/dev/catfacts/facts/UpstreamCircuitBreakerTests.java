package dev.catfacts.facts;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.catfacts.FakeFactsApi.Answer;
import dev.catfacts.FakeUpstreamApplicationTests;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A failing upstream is soon not called at all: the circuit breaker opens on failures and
 * slow calls, probes again after its wait, honours {@code Retry-After}, and the
 * concurrency limit sheds what is beyond it. Whatever happens, every answer is a 200.
 */
@TestPropertySource(properties = { "cat-facts.upstream.timeout=" + UpstreamCircuitBreakerTests.TIMEOUT_S + "s",
		"cat-facts.upstream.retries=0",
		"cat-facts.upstream.max-concurrent-calls=" + UpstreamCircuitBreakerTests.MAX_CONCURRENT_CALLS,
		"cat-facts.upstream.circuit-breaker.sliding-window-size=" + UpstreamCircuitBreakerTests.WINDOW,
		"cat-facts.upstream.circuit-breaker.minimum-number-of-calls=" + UpstreamCircuitBreakerTests.WINDOW,
		"cat-facts.upstream.circuit-breaker.slow-call-duration-threshold=300ms",
		"cat-facts.upstream.circuit-breaker.wait-duration-in-open-state=" + UpstreamCircuitBreakerTests.WAIT_MS + "ms",
		"cat-facts.upstream.circuit-breaker.permitted-calls-in-half-open-state=1",
		"cat-facts.upstream.circuit-breaker.max-retry-after=" + UpstreamCircuitBreakerTests.MAX_RETRY_AFTER_S + "s" })
class UpstreamCircuitBreakerTests extends FakeUpstreamApplicationTests {

	static final int WINDOW = 4;

	static final int MAX_CONCURRENT_CALLS = 2;

	/**
	 * Long enough that a GC pause or a busy CI machine between two requests cannot let
	 * the breaker probe where a test expects it open.
	 */
	static final long WAIT_MS = 1_500;

	static final long MAX_RETRY_AFTER_S = 4;

	/** Long, so that a loaded machine cannot pass a request that waited for it. */
	static final long TIMEOUT_S = 5;

	/**
	 * "Not waiting for the upstream", as a share of its deadline rather than a time that
	 * a busy CI machine may exceed: a request that waited would take the whole timeout.
	 */
	static final Duration AT_ONCE = Duration.ofSeconds(TIMEOUT_S).dividedBy(2);

	@Autowired
	CircuitBreaker circuitBreaker;

	@Autowired
	MeterRegistry registry;

	private WebClient client;

	@BeforeEach
	void client(@LocalServerPort int port) {
		this.client = WebClient.create("http://127.0.0.1:" + port);
	}

	@Test
	void opensAfterFailuresThenServesTheCatalogueWithoutCallingTheUpstream() {
		upstream.always(Answer.json(500, "{}"));
		for (int i = 0; i < WINDOW; i++) {
			assertThat(fetch()).isEqualTo("fallback");
		}
		assertThat(this.circuitBreaker.getState()).isEqualTo(State.OPEN);
		assertThat(stateGauge("open")).as("resilience4j_circuitbreaker_state{state=\"open\"}").isEqualTo(1);
		assertThat(stateGauge("closed")).isZero();

		int calls = upstream.requests();
		double before = fallbacks(FallbackReason.CIRCUIT_OPEN);
		long started = System.nanoTime();
		for (int i = 0; i < 10; i++) {
			assertThat(fetch()).isEqualTo("fallback");
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AT_ONCE.multipliedBy(10));
		assertThat(upstream.requests()).as("calls to an upstream behind an open breaker").isEqualTo(calls);
		assertThat(fallbacks(FallbackReason.CIRCUIT_OPEN) - before).isEqualTo(10);
	}

	@Test
	void probesAfterTheWaitAndClosesWhenTheUpstreamRecovers() {
		upstream.always(Answer.json(503, ""));
		for (int i = 0; i < WINDOW; i++) {
			fetch();
		}
		assertThat(this.circuitBreaker.getState()).isEqualTo(State.OPEN);
		upstream.always(Answer.fact("Back again."));
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(fetch()).isEqualTo("upstream"));
		assertThat(this.circuitBreaker.getState()).as("after a successful probe").isEqualTo(State.CLOSED);
	}

	@Test
	void aFailedProbeOpensTheBreakerAgain() {
		upstream.always(Answer.json(503, ""));
		for (int i = 0; i < WINDOW; i++) {
			fetch();
		}
		int calls = upstream.requests();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> fetch().equals("fallback") && upstream.requests() > calls);
		assertThat(this.circuitBreaker.getState()).isEqualTo(State.OPEN);
	}

	@Test
	void slowAnswersOpenTheBreakerToo() {
		upstream.always(Answer.fact("Slow but sure.").after(Duration.ofMillis(500)));
		for (int i = 0; i < WINDOW; i++) {
			assertThat(fetch()).as("a slow answer within the timeout is still served").isEqualTo("upstream");
		}
		assertThat(this.circuitBreaker.getState()).isEqualTo(State.OPEN);
		assertThat(fetch()).isEqualTo("fallback");
	}

	@ParameterizedTest(name = "{0} counted as {1}")
	@CsvSource({ "429, RATE_LIMITED", "503, HTTP_ERROR" })
	void retryAfterOpensTheBreakerForThatLong(int status, FallbackReason reason) {
		long retryAfterSeconds = 3;
		upstream.then(Answer.json(status, "{}").withHeader("Retry-After", Long.toString(retryAfterSeconds)))
			.always(Answer.fact("Back in business."));
		double counted = fallbacks(reason);
		long started = System.nanoTime();
		assertThat(fetch()).isEqualTo("fallback");
		assertThat(fallbacks(reason) - counted).isEqualTo(1);
		assertThat(this.circuitBreaker.getState()).as("one %d with Retry-After opens the breaker", status)
			.isEqualTo(State.OPEN);

		await().atMost(Duration.ofSeconds(retryAfterSeconds + 5))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(fetch()).isEqualTo("upstream"));
		assertThat(Duration.ofNanos(System.nanoTime() - started))
			.as("the breaker stayed open for Retry-After, not for its own %d ms", WAIT_MS)
			.isGreaterThanOrEqualTo(Duration.ofSeconds(retryAfterSeconds));
		assertThat(upstream.requests()).as("the %d and the first call after it", status).isEqualTo(2);
	}

	@Test
	void aRetryAfterLongerThanTheCapWaitsOnlyForTheCap() {
		// An hour asked for: without the cap, the upstream would be off for that long.
		upstream.then(Answer.json(429, "{}").withHeader("Retry-After", "3600")).always(Answer.fact("Back soon."));
		long started = System.nanoTime();
		assertThat(fetch()).isEqualTo("fallback");
		assertThat(this.circuitBreaker.getState()).isEqualTo(State.OPEN);
		await().atMost(Duration.ofSeconds(MAX_RETRY_AFTER_S + 10))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(fetch()).isEqualTo("upstream"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("open for max-retry-after, not the breaker's wait")
			.isGreaterThanOrEqualTo(Duration.ofSeconds(MAX_RETRY_AFTER_S));
	}

	@Test
	void tooManyRequestsWithoutRetryAfterIsOneFailure() {
		upstream.then(Answer.json(429, "{}")).always(Answer.fact("Fine now."));
		assertThat(fetch()).isEqualTo("fallback");
		assertThat(this.circuitBreaker.getState()).isEqualTo(State.CLOSED);
		assertThat(fetch()).isEqualTo("upstream");
	}

	@Test
	void factsBeyondTheConcurrencyLimitAreServedFromTheCatalogueAtOnce() {
		upstream.hang();
		List<HttpStatusCode> waiting = new CopyOnWriteArrayList<>();
		Flux.range(0, MAX_CONCURRENT_CALLS).flatMap((i) -> status()).subscribe(waiting::add);
		await().atMost(Duration.ofSeconds(5)).until(() -> upstream.requests() == MAX_CONCURRENT_CALLS);
		assertThat(inFlightGauge()).as("cat_facts_upstream_in_flight_requests while they hang")
			.isEqualTo(MAX_CONCURRENT_CALLS);

		double busy = fallbacks(FallbackReason.BUSY);
		long started = System.nanoTime();
		assertThat(fetch()).isEqualTo("fallback");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(AT_ONCE);
		assertThat(fallbacks(FallbackReason.BUSY) - busy).isEqualTo(1);
		assertThat(upstream.requests()).as("no call beyond the limit").isEqualTo(MAX_CONCURRENT_CALLS);

		upstream.release();
		await().atMost(Duration.ofSeconds(5)).until(() -> waiting.size() == MAX_CONCURRENT_CALLS);
		assertThat(waiting).allMatch(HttpStatusCode::is2xxSuccessful);
		// doFinally decrements after the answer has gone downstream: polled, not read
		// once.
		await("in flight back to 0 once every call has ended").atMost(Duration.ofSeconds(5))
			.until(() -> inFlightGauge() == 0);
	}

	@Test
	void aVolleyAgainstAHangingUpstreamGetsOnly200sAndEveryFactIsCounted() {
		upstream.hang();
		int requests = 40;
		double fallbacksBefore = allFallbacks();
		List<HttpStatusCode> statuses = Flux.range(0, requests)
			.flatMap((i) -> status(), 16)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(statuses).hasSize(requests).allMatch(HttpStatusCode::is2xxSuccessful);
		assertThat(allFallbacks() - fallbacksBefore).as("every fact of the volley came from the catalogue")
			.isEqualTo(requests);
		assertThat(upstream.requests()).as("calls that reached the hanging upstream")
			.isLessThanOrEqualTo(WINDOW + MAX_CONCURRENT_CALLS);
	}

	private double inFlightGauge() {
		return this.registry.get("cat.facts.upstream.in.flight").gauge().value();
	}

	/**
	 * The status of one GET /cat_facts, through a client that waits as long as needed.
	 */
	private Mono<HttpStatusCode> status() {
		return this.client.get()
			.uri("/cat_facts")
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode()));
	}

	/** One fact as JSON; returns its source. Asserts the 200 every answer must be. */
	private String fetch() {
		FactJson fact = this.api.get()
			.uri("/cat_facts")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(FactJson.class)
			.returnResult()
			.getResponseBody();
		assertThat(fact).isNotNull();
		assertThat(fact.fact()).isNotBlank();
		return fact.source();
	}

	private double stateGauge(String state) {
		return this.registry.get("resilience4j.circuitbreaker.state")
			.tag("name", UpstreamResilienceConfiguration.NAME)
			.tag("state", state)
			.gauge()
			.value();
	}

	private double fallbacks(FallbackReason reason) {
		return Fallbacks.count(this.registry, reason);
	}

	private double allFallbacks() {
		return Fallbacks.total(this.registry);
	}

	record FactJson(String fact, String source) {
	}

}
