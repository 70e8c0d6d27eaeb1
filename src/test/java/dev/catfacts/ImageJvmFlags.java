package dev.catfacts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The image's JVM flags, read from the Jib configuration in pom.xml, where they are set
 * once: tests that run the packaged jar as a process run it as the image does
 * (hack/lib.sh's {@code image_jvm_flags} does the same for the scripts).
 */
public final class ImageJvmFlags {

	private ImageJvmFlags() {
	}

	/**
	 * The main build's flags, as the image runs them under the chart's 256 MiB memory
	 * limit (which the JVM would read from the container's cgroup).
	 */
	public static List<String> underTheChartsMemoryLimit() {
		List<String> flags = new ArrayList<>(List.of("-XX:MaxRAM=256m"));
		flags.addAll(read(Path.of("pom.xml")));
		return flags;
	}

	static List<String> read(Path pom) {
		try {
			Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
			List<String> flags = new ArrayList<>();
			// The main build's Jib plugin only: the aot-cache profile's -XX:AOTCache
			// names a
			// file inside the image.
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
