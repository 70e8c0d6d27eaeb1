package dev.catfacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration tables in the docs say what the code says: every {@code cat-facts.*}
 * property of the metadata the build generates from the properties records is in
 * docs/configuration.md, and every default written in a table of the docs is the real
 * one.
 */
class ConfigurationDocsTests {

	private static final Path METADATA = Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json");

	private static final Pattern ROW = Pattern.compile("(?m)^\\| `(cat-facts\\.[a-z0-9.-]+)` \\| `([^`]*)` \\|");

	@Test
	void everyPropertyIsDocumentedWithItsDefault() throws IOException {
		Map<String, String> defaults = defaults();
		assertThat(defaults).hasSizeGreaterThan(10);
		Map<String, String> documented = rows(Path.of("docs", "configuration.md"));
		assertThat(documented).as("docs/configuration.md against the properties records")
			.containsExactlyInAnyOrderEntriesOf(defaults);
	}

	@Test
	void everyDefaultWrittenInTheDocsIsTheRealOne() throws IOException {
		Map<String, String> defaults = defaults();
		List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
		try (Stream<Path> pages = Files.list(Path.of("docs"))) {
			pages.filter((page) -> page.toString().endsWith(".md")).forEach(docs::add);
		}
		for (Path doc : docs) {
			rows(doc).forEach((name, value) -> assertThat(value).as("%s: default of %s", doc, name)
				.isEqualTo(defaults.get(name)));
		}
	}

	/** The default of every {@code cat-facts.*} property, as the metadata writes it. */
	@SuppressWarnings("unchecked")
	private static Map<String, String> defaults() throws IOException {
		assertThat(METADATA).as("the configuration processor's output; run 'make test' or './mvnw compile'").exists();
		Map<String, Object> metadata = JsonMapper.shared().readValue(METADATA.toFile(), Map.class);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
		Map<String, String> defaults = new TreeMap<>();
		for (Map<String, Object> property : properties) {
			String name = (String) property.get("name");
			if (name.startsWith("cat-facts.")) {
				defaults.put(name, String.valueOf(property.get("defaultValue")));
			}
		}
		return defaults;
	}

	private static Map<String, String> rows(Path doc) throws IOException {
		Map<String, String> rows = new TreeMap<>();
		Matcher row = ROW.matcher(Files.readString(doc));
		while (row.find()) {
			rows.put(row.group(1), row.group(2));
		}
		return rows;
	}

}
