package dev.catfacts.facts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The bundled facts served when the upstream cannot be used. Loaded once at start-up from
 * {@code facts/catalogue.txt} (one fact per line, {@code #} starts a comment), so the
 * fallback path does no I/O.
 */
@Component
public class FactCatalogue {

	static final String LOCATION = "facts/catalogue.txt";

	private final List<String> facts;

	FactCatalogue() {
		this(new ClassPathResource(LOCATION));
	}

	FactCatalogue(Resource resource) {
		this.facts = load(resource);
		if (this.facts.isEmpty()) {
			throw new IllegalStateException("The fallback catalogue " + resource + " holds no facts");
		}
	}

	private static List<String> load(Resource resource) {
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::strip)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the fallback catalogue " + resource, ex);
		}
	}

	public CatFact random() {
		return new CatFact(this.facts.get(ThreadLocalRandom.current().nextInt(this.facts.size())), FactSource.FALLBACK);
	}

	public int size() {
		return this.facts.size();
	}

	List<String> facts() {
		return this.facts;
	}

}
