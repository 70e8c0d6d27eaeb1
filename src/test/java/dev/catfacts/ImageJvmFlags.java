package dev.catfacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * The image's JVM flags, read from the Jib configuration in pom.xml, where they are set
 * once: tests that run the packaged jar as a process run it as the image does
 * (hack/lib.sh's {@code image_jvm_flags} does the same for the scripts).
 */
public final class ImageJvmFlags {

	/**
	 * HotSpot's smallest server-class machine: 2 GiB, less 256 MiB it allows to be
	 * missing.
	 */
	static final int SERVER_CLASS_MIB = 2048 - 256;

	private ImageJvmFlags() {
	}

	/**
	 * The main build's flags, as the image runs them under the chart's memory limit
	 * (which the JVM would read from the container's cgroup).
	 */
	public static List<String> underTheChartsMemoryLimit() {
		List<String> flags = new ArrayList<>(List.of(chartsMemoryLimit()));
		flags.addAll(read(Path.of("pom.xml")));
		return flags;
	}

	/**
	 * The chart's default memory limit ({@code resources.limits.memory} in values.yaml)
	 * as the JVM flag that makes a process outside a container size itself for it.
	 */
	public static String chartsMemoryLimit() {
		return maxRam(chartsMemoryLimitMib());
	}

	/**
	 * What a JVM given no flags chooses by itself in a container with the chart's memory
	 * limit, for a process outside one: {@link #chartsMemoryLimit()}, and the collector
	 * of a machine that small.
	 * <p>
	 * Why the second flag: {@code -XX:MaxRAM} sizes the heap, but HotSpot picks its
	 * collector from the machine's class, which it reads from the memory it sees: a
	 * machine with fewer than 2 CPUs or less than 1792 MiB ({@code
	 * os::is_server_class_machine}: 2 GiB less 256 MiB) gets Serial, any other G1. In a
	 * pod the JVM sees the cgroup's limit; outside one it sees the host, so on a larger
	 * host {@code -XX:MaxRAM=256m} alone runs G1, which that JVM never would in the pod.
	 * {@code -XX:+PrintFlagsFinal} in a 256 MiB memory cgroup printed the same ergonomic
	 * flags as these two (docs/performance.md, "The obvious app's collector").
	 * @return the flags
	 */
	public static List<String> chartsContainerDefaults() {
		return containerDefaults(chartsMemoryLimitMib());
	}

	static List<String> containerDefaults(int limitMib) {
		return (limitMib < SERVER_CLASS_MIB) ? List.of(maxRam(limitMib), "-XX:+UseSerialGC")
				: List.of(maxRam(limitMib));
	}

	private static String maxRam(int limitMib) {
		return "-XX:MaxRAM=" + limitMib + "m";
	}

	@SuppressWarnings("unchecked")
	private static int chartsMemoryLimitMib() {
		Path values = Path.of("helm/cat-facts/values.yaml");
		try {
			Map<String, Object> resources = (Map<String, Object>) ((Map<String, Object>) new Yaml()
				.load(Files.readString(values))).get("resources");
			String limit = String.valueOf(((Map<String, Object>) resources.get("limits")).get("memory"));
			if (!limit.matches("[0-9]+Mi")) {
				throw new IllegalStateException("resources.limits.memory in " + values + " is not in Mi: " + limit);
			}
			return Integer.parseInt(limit.substring(0, limit.length() - 2));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static List<String> read(Path pom) {
		try {
			Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
			List<String> flags = new ArrayList<>();
			// The main build's Jib plugin only: the aot-cache profile's -XX:AOTCache
			// names a file inside the image.
			Element build = child(document.getDocumentElement(), "build");
			NodeList plugins = child(build, "plugins").getElementsByTagName("plugin");
			for (int i = 0; i < plugins.getLength(); i++) {
				Element plugin = (Element) plugins.item(i);
				if ("jib-maven-plugin".equals(child(plugin, "artifactId").getTextContent().strip())) {
					NodeList jvmFlags = plugin.getElementsByTagName("jvmFlag");
					for (int j = 0; j < jvmFlags.getLength(); j++) {
						flags.add(jvmFlags.item(j).getTextContent().strip());
					}
				}
			}
			if (flags.isEmpty()) {
				throw new IllegalStateException("No <jvmFlag> in the jib-maven-plugin of " + pom);
			}
			return flags;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read the image's JVM flags from " + pom, ex);
		}
	}

	private static Element child(Element parent, String name) {
		for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && element.getTagName().equals(name)) {
				return element;
			}
		}
		throw new IllegalStateException("No <" + name + "> in <" + parent.getTagName() + ">");
	}

}
