package dev.catfacts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link in the project's Markdown leads to a file that exists, and a link
 * to a heading of a page to a heading it has: a page moved or renamed must take its links
 * with it.
 */
class DocsLinksTests {

	/**
	 * {@code [text](target)}; a target with a scheme is skipped below, a bare anchor is
	 * looked up in the page itself.
	 */
	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	static Stream<Path> pages() throws IOException {
		List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("helm/cat-facts/README.md")));
		try (Stream<Path> docs = Files.list(Path.of("docs"))) {
			docs.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		return pages.stream();
	}

	@ParameterizedTest
	@MethodSource("pages")
	void relativeLinksLeadToFilesAndHeadingsThatExist(Path page) throws IOException {
		Matcher link = LINK.matcher(Files.readString(page));
		List<String> broken = new ArrayList<>();
		while (link.find()) {
			String target = link.group(1);
			if (target.contains("://") || target.startsWith("mailto:")) {
				continue;
			}
			String file = (target.indexOf('#') >= 0) ? target.substring(0, target.indexOf('#')) : target;
			String anchor = (target.indexOf('#') >= 0) ? target.substring(target.indexOf('#') + 1) : "";
			Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
			if (!Files.exists(resolved)) {
				broken.add(target + " (no " + resolved + ")");
			}
			else if (!anchor.isEmpty() && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
				broken.add(target + " (no heading #" + anchor + " in " + resolved + ")");
			}
		}
		assertThat(broken).as("broken links in %s", page).isEmpty();
	}

	/**
	 * GitHub's anchors: a heading in lower case, spaces as dashes, punctuation dropped. A
	 * line starting with {@code #} inside a fenced code block is a comment, not a
	 * heading.
	 */
	private static List<String> anchors(Path page) throws IOException {
		List<String> anchors = new ArrayList<>();
		boolean fenced = false;
		for (String line : Files.readAllLines(page)) {
			if (line.startsWith("```")) {
				fenced = !fenced;
			}
			else if (!fenced && line.startsWith("#")) {
				anchors.add(line.replaceFirst("^#+\\s*", "")
					.toLowerCase(Locale.ROOT)
					.replaceAll("[^\\p{L}\\p{N} _-]", "")
					.replace(' ', '-'));
			}
		}
		return anchors;
	}

}
