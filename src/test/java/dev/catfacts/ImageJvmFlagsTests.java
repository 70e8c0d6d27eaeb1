package dev.catfacts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flags that stand in for a container's memory limit outside one.
 */
class ImageJvmFlagsTests {

	@Test
	void belowAServerClassMachineTheJvmChoosesSerial() {
		assertThat(ImageJvmFlags.containerDefaults(256)).containsExactly("-XX:MaxRAM=256m", "-XX:+UseSerialGC");
		assertThat(ImageJvmFlags.containerDefaults(1791)).containsExactly("-XX:MaxRAM=1791m", "-XX:+UseSerialGC");
	}

	@Test
	void fromAServerClassMachineOnItKeepsItsOwnChoice() {
		assertThat(ImageJvmFlags.containerDefaults(1792)).containsExactly("-XX:MaxRAM=1792m");
		assertThat(ImageJvmFlags.containerDefaults(4096)).containsExactly("-XX:MaxRAM=4096m");
	}

	@Test
	void theChartsPodIsTooSmallForG1() {
		assertThat(ImageJvmFlags.chartsMemoryLimit()).matches("-XX:MaxRAM=[0-9]+m");
		assertThat(ImageJvmFlags.chartsContainerDefaults())
			.as("the chart's memory limit is below a server-class machine, so the bench's product run is Serial; "
					+ "if the limit now is 1792Mi or more, this expectation and docs/performance.md change with it")
			.containsExactly(ImageJvmFlags.chartsMemoryLimit(), "-XX:+UseSerialGC");
	}

}
