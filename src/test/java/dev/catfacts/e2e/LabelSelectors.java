package dev.catfacts.e2e;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kubernetes label selector semantics ({@code matchLabels} and {@code matchExpressions})
 * over selectors as they come from custom resources: plain maps. An empty selector
 * selects everything, as in the API.
 */
final class LabelSelectors {

	private LabelSelectors() {
	}

	@SuppressWarnings("unchecked")
	static boolean matches(Map<String, Object> selector, Map<String, String> labels) {
		if (selector == null) {
			return false;
		}
		Map<String, Object> matchLabels = (Map<String, Object>) selector.get("matchLabels");
		if (matchLabels != null) {
			for (Map.Entry<String, Object> required : matchLabels.entrySet()) {
				if (!Objects.equals(String.valueOf(required.getValue()), labels.get(required.getKey()))) {
					return false;
				}
			}
		}
		List<Map<String, Object>> expressions = (List<Map<String, Object>>) selector.get("matchExpressions");
		if (expressions != null) {
			for (Map<String, Object> expression : expressions) {
				String key = (String) expression.get("key");
				List<String> values = Objects.requireNonNullElse((List<String>) expression.get("values"), List.of());
				boolean holds = switch ((String) expression.get("operator")) {
					case "In" -> values.contains(labels.get(key));
					case "NotIn" -> !values.contains(labels.get(key));
					case "Exists" -> labels.containsKey(key);
					case "DoesNotExist" -> !labels.containsKey(key);
					default -> throw new IllegalArgumentException("unknown selector operator in " + expression);
				};
				if (!holds) {
					return false;
				}
			}
		}
		return true;
	}

}
