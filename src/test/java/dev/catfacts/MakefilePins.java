package dev.catfacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versions pinned at the top of the Makefile, the one place they are set: tests read
 * them from there rather than repeat them.
 */
public final class MakefilePins {

	private MakefilePins() {
	}

	/**
	 * The value of the {@code NAME := VALUE} line, e.g. {@code v1.36.1}; a value that
	 * names another pin ({@code $(KUBERNETES_VERSION)}) is that pin's value.
	 */
	public static String get(String name) {
		try {
			Matcher pinned = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s*:=\\s*(\\S+)\\s*$")
				.matcher(Files.readString(Path.of("Makefile")));
			if (!pinned.find()) {
				throw new IllegalStateException("no '" + name + " := VALUE' line in the Makefile");
			}
			Matcher reference = Pattern.compile("\\$\\((\\w+)\\)").matcher(pinned.group(1));
			return reference.matches() ? get(reference.group(1)) : pinned.group(1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
