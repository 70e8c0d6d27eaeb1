package bench;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a user would write instead of cat-facts: one {@code @GetMapping} returning a fact
 * from a list, and a counter. Actuator serves Prometheus metrics on its own port, with
 * percentiles-histogram on (application.properties). The benchmark's yardstick.
 */
@SpringBootApplication
@RestController
public class ObviousApp {

	private static final List<String> FACTS = List.of("Cats sleep for around 13 to 16 hours a day.",
			"A group of cats is called a clowder.", "Cats have five toes on their front paws, four on the back.",
			"A cat's nose print is unique, like a human's fingerprint.");

	private final Counter served;

	ObviousApp(MeterRegistry registry) {
		this.served = Counter.builder("random.facts.api.execution.counter").register(registry);
	}

	@GetMapping("/cat_facts")
	String catFact() {
		this.served.increment();
		return FACTS.get(ThreadLocalRandom.current().nextInt(FACTS.size()));
	}

	public static void main(String[] args) {
		SpringApplication.run(ObviousApp.class, args);
	}

}
