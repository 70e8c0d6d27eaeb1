package dev.catfacts.facts;

import dev.catfacts.FakeUpstreamApplicationTests;
import java.time.Duration;

import dev.catfacts.FakeFactsApi.Answer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bad upstream never fails a request: every answer is a 200 with
 * {@code source=fallback}, within the timeout, and the fallback is counted with its
 * reason.
 */
@TestPropertySource(properties = { "cat-facts.upstream.timeout=" + UpstreamFallbackTests.TIMEOUT_MS + "ms",
		"cat-facts.upstream.retries=1" })
class UpstreamFallbackTests extends FakeUpstreamApplicationTests {

	/** Room for a call, its retry and the back-off between them on a loaded machine. */
	static final long TIMEOUT_MS = 1_000;

	/** Generous margin for a loaded CI machine; the point is "bounded", not "fast". */
	static final Duration DEADLINE = Duration.ofMillis(TIMEOUT_MS).plusSeconds(2);

	@Autowired
	MeterRegistry registry;

	@Test
	void serverErrorIsRetriedOnceThenFallsBack() {
		upstream.always(Answer.json(500, "{\"error\":\"boom\"}"));
		assertFallsBack(FallbackReason.HTTP_ERROR);
		assertThat(upstream.requests()).as("one call plus one retry").isEqualTo(2);
	}

	@Test
	void aRetryThatSucceedsServesTheUpstreamFact() {
		upstream.then(Answer.json(503, "")).always(Answer.fact("Second time lucky."));
		expectServedFromUpstream("Second time lucky.");
		assertThat(upstream.requests()).isEqualTo(2);
	}

	@Test
	void aServiceUnavailableThatSaysWhenToComeBackIsNotRetried() {
		upstream.always(Answer.json(503, "").withHeader("Retry-After", "1"));
		assertFallsBack(FallbackReason.HTTP_ERROR);
		assertThat(upstream.requests()).as("no retry before the time the upstream asked for").isEqualTo(1);
	}

	@Test
	void aConnectionBrokenOffDuringTheBodyIsRetried() {
		upstream.then(Answer.fact("Cut off in the middle of a sen").brokenOff())
			.always(Answer.fact("Whole this time."));
		expectServedFromUpstream("Whole this time.");
		assertThat(upstream.requests()).as("the broken call and its retry").isEqualTo(2);
	}

	@Test
	void aConnectionThatKeepsBreakingOffIsAConnectError() {
		// Not "malformed": the upstream's format did not change, its connection broke.
		upstream.always(Answer.fact("Never finished.").brokenOff());
		assertFallsBack(FallbackReason.CONNECT_ERROR);
		assertThat(upstream.requests()).as("one call plus one retry").isEqualTo(2);
	}

	@Test
	void aRedirectIsFollowed() {
		// Boot's HTTP client settings follow redirects (spring.http.clients.redirects),
		// so an upstream that moved, or went from http to https, keeps serving.
		upstream.then(new Answer(301, "text/html", "").withHeader("Location", upstream.url().toString()))
			.always(Answer.fact("Found it."));
		expectServedFromUpstream("Found it.");
		assertThat(upstream.requests()).as("the redirect and the call it led to").isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(ints = { 300, 302, 304 })
	void aThreeHundredLeftUnfollowedIsAnHttpErrorEvenWithAFactInItsBody(int status) {
		// No Location to follow: WebClient's default would read the body as the fact.
		upstream.always(Answer.json(status, "{\"fact\":\"Not here, but take this one.\"}"));
		assertFallsBack(FallbackReason.HTTP_ERROR);
		assertThat(upstream.requests()).as("not retried").isEqualTo(1);
	}

	@Test
	void lineBreaksInAnUpstreamFactBecomeSpaces() {
		// Else a text/plain answer, one fact per line, would have more lines than facts.
		upstream
			.always(Answer.json(200, "{\"fact\":\"Cats nap.\\nOften.\\r\\n\\tA lot.\\u2028Really.\\u0085Truly.\"}"));
		this.api.get()
			.uri("/cat_facts?count=2")
			.accept(MediaType.TEXT_PLAIN)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("Cats nap. Often. A lot. Really. Truly.\nCats nap. Often. A lot. Really. Truly.\n");
	}

	@Test
	void clientErrorIsNotRetried() {
		upstream.always(Answer.json(404, "{}"));
		assertFallsBack(FallbackReason.HTTP_ERROR);
		assertThat(upstream.requests()).isEqualTo(1);
	}

	@Test
	void slowUpstreamFallsBackAtTheTimeout() {
		upstream.hang();
		long started = System.nanoTime();
		assertFallsBack(FallbackReason.TIMEOUT);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(TIMEOUT_MS))
			.isLessThan(DEADLINE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json at all", "{\"fact\":\"\"}", "{\"fact\":null}", "{\"facts\":[\"wrong shape\"]}",
			"[1,2,3]", "" })
	void malformedBodyFallsBack(String body) {
		upstream.always(Answer.json(200, body));
		assertFallsBack(FallbackReason.MALFORMED);
		assertThat(upstream.requests()).as("a bad body is not retried").isEqualTo(1);
	}

	@Test
	void htmlInsteadOfJsonFallsBack() {
		upstream.always(new Answer(200, "text/html", "<html>maintenance</html>"));
		assertFallsBack(FallbackReason.MALFORMED);
	}

	@Test
	void absurdlyLongFactFallsBack() {
		upstream.always(Answer.fact("x".repeat(UpstreamFactsClient.MAX_FACT_LENGTH + 1)));
		assertFallsBack(FallbackReason.MALFORMED);
	}

	@Test
	void everyFactOfACountFallsBackIndependently() {
		upstream.always(Answer.json(500, ""));
		double before = fallbacks(FallbackReason.HTTP_ERROR);
		this.api.get()
			.uri("/cat_facts?count=4")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[*].source")
			.isEqualTo(java.util.List.of("fallback", "fallback", "fallback", "fallback"));
		assertThat(fallbacks(FallbackReason.HTTP_ERROR) - before).isEqualTo(4);
	}

	@Test
	void aBodyOverTheSizeLimitIsMalformed() {
		// 300 KiB: over the WebClient codecs' 256 KiB in-memory limit.
		upstream.always(Answer.fact("Cats purr. ".repeat(30_000)));
		assertFallsBack(FallbackReason.MALFORMED);
	}

	@Test
	void aFailureOfNoKnownKindIsUnexpected() {
		// Not reachable through HTTP by design; the branch that logs it must still exist.
		assertThat(UpstreamFactsClient.classify(new IllegalStateException("a bug")))
			.isEqualTo(FallbackReason.UNEXPECTED);
	}

	/** One JSON fact, which must be the upstream's. */
	private void expectServedFromUpstream(String fact) {
		Fallbacks.jsonFact(this.api).jsonPath("$.source").isEqualTo("upstream").jsonPath("$.fact").isEqualTo(fact);
	}

	private void assertFallsBack(FallbackReason reason) {
		double before = fallbacks(reason);
		double servedBefore = served(FactSource.FALLBACK);
		Fallbacks.expectServedFromCatalogue(this.api, DEADLINE);
		assertThat(fallbacks(reason) - before).as("fallbacks counted as %s", reason.value()).isEqualTo(1);
		assertThat(served(FactSource.FALLBACK) - servedBefore).isEqualTo(1);
	}

	private double fallbacks(FallbackReason reason) {
		return Fallbacks.count(this.registry, reason);
	}

	private double served(FactSource source) {
		return this.registry.get(FactsMetrics.SEED_COUNTER).tag("source", source.value()).counter().count();
	}

}
