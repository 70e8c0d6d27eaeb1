package dev.catfacts.chart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;

import com.marcnuri.helm.Helm;
import dev.catfacts.MakefilePins;
import com.marcnuri.helm.TemplateCommand;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart in {@code helm/cat-facts}, rendered by a real Helm engine (helm-java bundles
 * Helm as a native library), as a user's {@code helm template} would.
 */
public final class HelmChart {

	public static final Path DIRECTORY = Path.of("helm", "cat-facts");

	public static final String RELEASE = "cat-facts";

	/**
	 * The Kubernetes version the project pins (KUBERNETES_VERSION in the Makefile), so
	 * the chart is rendered for the cluster it is tested on.
	 */
	public static final String KUBERNETES_VERSION = pinnedKubernetesVersion();

	public static final String NAMESPACE = "cat-facts";

	private HelmChart() {
	}

	private static String pinnedKubernetesVersion() {
		String pinned = MakefilePins.get("KUBERNETES_VERSION");
		if (!pinned.startsWith("v")) {
			throw new IllegalStateException("KUBERNETES_VERSION in the Makefile is not 'vX.Y.Z': " + pinned);
		}
		return pinned.substring(1);
	}

	/** Renders with the given {@code --set} values (dotted keys). */
	public static Rendered render(Map<String, Object> set) {
		TemplateCommand template = new Helm(DIRECTORY).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBERNETES_VERSION);
		set.forEach(template::set);
		return Rendered.parse(template.call());
	}

	/** Renders with a values file, like {@code helm template -f}. */
	public static Rendered render(Path valuesFile) {
		return Rendered.parse(new Helm(DIRECTORY).template()
			.withName(RELEASE)
			.withNamespace(NAMESPACE)
			.withKubeVersion(KUBERNETES_VERSION)
			.withValuesFile(valuesFile)
			.call());
	}

	/**
	 * The rendered objects.
	 *
	 * @param yaml the rendered manifest
	 * @param objects each object as plain maps and lists
	 */
	public record Rendered(String yaml, List<Map<String, Object>> objects) {

		@SuppressWarnings("unchecked")
		static Rendered parse(String yaml) {
			LoaderOptions options = new LoaderOptions();
			options.setCodePointLimit(10 * 1024 * 1024);
			List<Map<String, Object>> objects = new ArrayList<>();
			StreamSupport.stream(new Yaml(options).loadAll(yaml).spliterator(), false)
				.filter(Objects::nonNull)
				.forEach((doc) -> objects.add((Map<String, Object>) doc));
			return new Rendered(yaml, objects);
		}

		public List<Map<String, Object>> ofKind(String kind) {
			return this.objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
		}

		/** The one object of a kind; fails if there is none or more than one. */
		public Map<String, Object> one(String kind) {
			List<Map<String, Object>> found = ofKind(kind);
			if (found.size() != 1) {
				throw new AssertionError("Expected one " + kind + " but the chart rendered " + found.size());
			}
			return found.getFirst();
		}

		public List<String> kinds() {
			return this.objects.stream().map((object) -> (String) object.get("kind")).sorted().toList();
		}

	}

	/**
	 * Navigates nested maps and lists: {@code at(object, "spec", "ports", 0, "name")}.
	 */
	@SuppressWarnings("unchecked")
	public static <T> T at(Object root, Object... path) {
		Object current = root;
		for (Object step : path) {
			if (current == null) {
				throw new AssertionError("Nothing at " + List.of(path) + " (stopped before " + step + ")");
			}
			current = (step instanceof Integer index) ? ((List<Object>) current).get(index)
					: ((Map<String, Object>) current).get(step);
		}
		return (T) current;
	}

}
