package dev.catfacts.config;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopsTests {

	@Test
	void oneEventLoopPerCpu() {
		Properties system = new Properties();
		EventLoops.onePerCpu(system, 2);
		assertThat(system.getProperty("reactor.netty.ioWorkerCount")).isEqualTo("2");
	}

	@Test
	void aCountGivenToTheJvmWins() {
		Properties system = new Properties();
		system.setProperty("reactor.netty.ioWorkerCount", "6");
		EventLoops.onePerCpu(system, 2);
		assertThat(system.getProperty("reactor.netty.ioWorkerCount")).isEqualTo("6");
	}

}
