package dev.catfacts.facts;

import java.time.Duration;

import dev.catfacts.FakeFactsApi.Answer;
import dev.catfacts.FakeUpstreamApplicationTests;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cat-facts.upstream.timeout} is one deadline for the whole call, its retry
 * included, not one per attempt: a first attempt that fails late leaves the retry only
 * what is left of it.
 */
@TestPropertySource(properties = { "cat-facts.upstream.timeout=" + UpstreamDeadlineTests.TIMEOUT_MS + "ms",
		"cat-facts.upstream.retries=1" })
class UpstreamDeadlineTests extends FakeUpstreamApplicationTests {

	static final long TIMEOUT_MS = 3000;

	@Test
	void theRetryGetsWhatIsLeftOfTheDeadlineNotADeadlineOfItsOwn() {
		Duration timeout = Duration.ofMillis(TIMEOUT_MS);
		// A 503 at half the deadline, then an upstream that would answer far too late:
		// per
		// attempt, the request would wait 1.5 deadlines; as one, 1. Halves leave the
		// retry,
		// and the bound below, room for a loaded machine on either side.
		upstream.then(Answer.json(503, "{}").after(timeout.dividedBy(2)))
			.always(Answer.fact("Far too late.").after(timeout.multipliedBy(10)));
		long started = System.nanoTime();
		Fallbacks.expectServedFromCatalogue(this.api, timeout.multipliedBy(5));
		Duration waited = Duration.ofNanos(System.nanoTime() - started);
		assertThat(upstream.requests()).as("the first attempt and its retry").isEqualTo(2);
		assertThat(waited).as("one deadline (%s) for both attempts", timeout)
			.isGreaterThanOrEqualTo(timeout)
			.isLessThan(timeout.multipliedBy(5).dividedBy(4));
	}

}
