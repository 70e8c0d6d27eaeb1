package dev.catfacts;

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
		SpringApplication.run(CatFactsApplication.class, args);
	}

}
