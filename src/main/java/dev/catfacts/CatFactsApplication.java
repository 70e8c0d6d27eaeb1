package dev.catfacts;

import dev.catfacts.config.EventLoops;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A random cat fact service, instrumented for Prometheus.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CatFactsApplication {

	public static void main(String[] args) {
		EventLoops.onePerCpu();
		SpringApplication.run(CatFactsApplication.class, args);
	}

}
