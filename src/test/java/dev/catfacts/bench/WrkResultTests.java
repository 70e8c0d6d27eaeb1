package dev.catfacts.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * wrk 4's output (real runs, in src/test/resources/dev/catfacts/bench/) as the report
 * reads it.
 */
class WrkResultTests {

	@Test
	void readsRateAndPercentilesInMilliseconds() throws IOException {
		WrkResult result = WrkResult.parse(fixture("wrk-fast.txt"));

		assertThat(result).isEqualTo(new WrkResult(6551, 3119.43, 1.20, 2.04, 0));
	}

	/** One run printed us, ms and s: p50 755.00us, p99 1.06s (with a trailing space). */
	@Test
	void convertsEveryLatencyUnitAndCountsSocketErrors() throws IOException {
		WrkResult result = WrkResult.parse(fixture("wrk-slow-with-socket-errors.txt"));

		assertThat(result.p50Millis()).isCloseTo(0.755, within(1e-9));
		assertThat(result.p99Millis()).isCloseTo(1060, within(1e-9));
		assertThat(result.failures()).as("Socket errors: connect 0, read 0, write 0, timeout 24").isEqualTo(24);
		assertThat(result.requests()).isEqualTo(1292);
		assertThat(result.requestsPerSecond()).isEqualTo(322.48);
	}

	@Test
	void countsNon2xxAnswersAsFailures() throws IOException {
		assertThat(WrkResult.parse(fixture("wrk-non-2xx.txt")).failures()).isEqualTo(6355);
	}

	@Test
	void withoutLatencyDistributionThePercentilesAreNotANumber() throws IOException {
		String withoutDistribution = fixture("wrk-fast.txt").replaceAll("(?m)^\\s+\\d+%.*\\n", "");

		WrkResult result = WrkResult.parse(withoutDistribution);

		assertThat(result.p50Millis()).isNaN();
		assertThat(result.requestsPerSecond()).isEqualTo(3119.43);
	}

	@Test
	void refusesWhatIsNotWrkOutput() {
		assertThatIllegalArgumentException().isThrownBy(() -> WrkResult.parse("unable to connect to 127.0.0.1:1"))
			.withMessageContaining("Not wrk 4 output");
	}

	private static String fixture(String name) throws IOException {
		try (InputStream in = WrkResultTests.class.getResourceAsStream(name)) {
			assertThat(in).as(name).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
