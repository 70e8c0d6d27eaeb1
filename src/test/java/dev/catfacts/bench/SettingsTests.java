package dev.catfacts.bench;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What make bench and make bench-smoke ask for. */
class SettingsTests {

	@Test
	void makeBenchDefaultsToThreeRunsOf15sIntoTheDocs() {
		assertThat(Settings.from(Map.of()))
			.isEqualTo(new Settings(3, "15s", "15s", false, Path.of("docs/benchmarks.md")));
	}

	@Test
	void runsAndDurationComeFromTheProperties() {
		Settings settings = Settings.from(Map.of("bench.runs", "5", "bench.duration", "1m"));

		assertThat(settings.runs()).isEqualTo(5);
		assertThat(Settings.seconds(settings.duration())).isEqualTo(60);
	}

	@Test
	void theSmokeRunIsOneShortRunIntoTarget() {
		assertThat(Settings.from(Map.of("bench.smoke", "true", "bench.runs", "5")))
			.isEqualTo(new Settings(1, "3s", "2s", true, Path.of("target/bench/benchmarks.md")));
	}

	@Test
	void refusesADurationWrkWouldNotRead() {
		assertThatIllegalArgumentException().isThrownBy(() -> Settings.from(Map.of("bench.duration", "15")))
			.withMessageContaining("15s or 1m");
		assertThatIllegalArgumentException().isThrownBy(() -> Settings.from(Map.of("bench.runs", "0")));
	}

}
