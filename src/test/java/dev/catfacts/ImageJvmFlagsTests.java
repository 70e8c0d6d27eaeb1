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
	void theChartsContainerIsSizedByItsMemoryLimit() {
		assertThat(ImageJvmFlags.chartsContainerDefaults()).first().isEqualTo(ImageJvmFlags.chartsMemoryLimit());
		assertThat(ImageJvmFlags.chartsMemoryLimit()).matches("-XX:MaxRAM=[0-9]+m");
	}

}
