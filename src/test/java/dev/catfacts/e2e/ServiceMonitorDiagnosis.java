package dev.catfacts.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Why a ServiceMonitor has no healthy target: the five causes of the README's "my
 * ServiceMonitor is not discovered", checked in the order a person would check them,
 * against the live objects and Prometheus's own view. The e2e asserts its answer for each
 * cause broken on purpose, and uses it to explain any failed discovery.
 *
 * @param client the cluster
 * @param prometheusApi the Prometheus the custom resource runs
 * @param prometheusNamespace the Prometheus custom resource's namespace
 * @param prometheusName the Prometheus custom resource's name
 */
record ServiceMonitorDiagnosis(KubernetesClient client, PrometheusApi prometheusApi, String prometheusNamespace,
		String prometheusName) {

	static final ResourceDefinitionContext SERVICE_MONITORS = crd("servicemonitors", "ServiceMonitor");

	static final ResourceDefinitionContext PROMETHEUSES = crd("prometheuses", "Prometheus");

	/** The README's five causes, numbered as there. */
	enum Cause {

		LABEL(1, "the ServiceMonitor lacks the label the Prometheus selects"),

		NAMESPACE(2, "the Prometheus does not look in the ServiceMonitor's namespace"),

		PORT(3, "the ServiceMonitor does not name a port of a Service it selects"),

		RBAC(4, "Prometheus's ServiceAccount may not list the objects discovery watches"),

		DOWN(5, "the target is found but DOWN");

		final int number;

		final String summary;

		Cause(int number, String summary) {
			this.number = number;
			this.summary = summary;
		}

	}

	/**
	 * An explanation.
	 *
	 * @param cause which of the five, or null when none of them holds
	 * @param detail the facts that show it
	 */
	record Finding(Cause cause, String detail) {

		String message(String namespace, String name) {
			String head = "ServiceMonitor " + namespace + "/" + name + " has no UP target: ";
			if (this.cause == null) {
				return head + this.detail;
			}
			return head + "cause " + this.cause.number + " of README 'my ServiceMonitor is not discovered', "
					+ this.cause.summary + ": " + this.detail;
		}

	}

	/**
	 * The scrape pool prefix of a ServiceMonitor's endpoints, as the operator names them.
	 */
	static String scrapePoolPrefix(String namespace, String name) {
		return "serviceMonitor/" + namespace + "/" + name + "/";
	}

	/** The ServiceMonitor's targets, UP or not, in Prometheus's view. */
	List<PrometheusApi.Target> targets(String namespace, String name) {
		String prefix = scrapePoolPrefix(namespace, name);
		return this.prometheusApi.activeTargets().stream().filter((t) -> t.scrapePool().startsWith(prefix)).toList();
	}

	/** Fails with the cause unless the ServiceMonitor has targets and all are UP. */
	void assertScraped(String namespace, String name) {
		List<PrometheusApi.Target> targets = targets(namespace, name);
		if (targets.isEmpty() || targets.stream().anyMatch((t) -> !"up".equals(t.health()))) {
			throw new AssertionError(explain(namespace, name, targets).message(namespace, name));
		}
	}

	/**
	 * Why the ServiceMonitor has no healthy target, given its targets as Prometheus has
	 * them now.
	 */
	private Finding explain(String namespace, String name, List<PrometheusApi.Target> targets) {
		GenericKubernetesResource prometheus = this.client.genericKubernetesResources(PROMETHEUSES)
			.inNamespace(this.prometheusNamespace)
			.withName(this.prometheusName)
			.get();
		GenericKubernetesResource monitor = this.client.genericKubernetesResources(SERVICE_MONITORS)
			.inNamespace(namespace)
			.withName(name)
			.get();
		if (prometheus == null || monitor == null) {
			return new Finding(null,
					(prometheus == null ? "there is no Prometheus " : "there is no ServiceMonitor ") + "of that name");
		}
		// Targets that exist were discovered: only the fifth cause can hold.
		for (PrometheusApi.Target target : targets) {
			if (!"up".equals(target.health())) {
				return new Finding(Cause.DOWN, target.scrapeUrl() + " is " + target.health() + ", last error: "
						+ (target.lastError().isEmpty() ? "(none yet)" : target.lastError()));
			}
		}
		String prometheusRef = "Prometheus " + this.prometheusNamespace + "/" + this.prometheusName;
		Map<String, String> labels = Objects.requireNonNullElse(monitor.getMetadata().getLabels(), Map.of());
		Map<String, Object> selector = prometheus.get("spec", "serviceMonitorSelector");
		if (!LabelSelectors.matches(selector, labels)) {
			return new Finding(Cause.LABEL, "its labels " + labels + " do not match the serviceMonitorSelector "
					+ selector + " of " + prometheusRef);
		}
		Map<String, Object> namespaceSelector = prometheus.get("spec", "serviceMonitorNamespaceSelector");
		Map<String, String> namespaceLabels = Objects
			.requireNonNullElse(this.client.namespaces().withName(namespace).get().getMetadata().getLabels(), Map.of());
		boolean namespaceSelected = (namespaceSelector == null) ? namespace.equals(this.prometheusNamespace)
				: LabelSelectors.matches(namespaceSelector, namespaceLabels);
		if (!namespaceSelected) {
			return new Finding(Cause.NAMESPACE, "namespace " + namespace + " (labels " + namespaceLabels
					+ ") is not selected by the serviceMonitorNamespaceSelector " + ((namespaceSelector == null)
							? "(unset: only " + this.prometheusNamespace + " itself)" : namespaceSelector.toString())
					+ " of " + prometheusRef);
		}
		List<Service> services = selectedServices(monitor, namespace);
		if (services.isEmpty()) {
			return new Finding(Cause.PORT, "its selector " + monitor.get("spec", "selector") + " matches no Service in "
					+ serviceNamespaces(monitor, namespace));
		}
		List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
		for (Map<String, Object> endpoint : endpoints) {
			Object port = endpoint.get("port");
			for (Service service : services) {
				List<String> names = service.getSpec().getPorts().stream().map(ServicePort::getName).toList();
				if (port != null && !names.contains(port.toString())) {
					return new Finding(Cause.PORT,
							"endpoint port '" + port + "' is not the name of a port of Service "
									+ service.getMetadata().getNamespace() + "/" + service.getMetadata().getName()
									+ " (its port names: " + names + "; a number or a targetPort does not count)");
				}
			}
		}
		String account = "system:serviceaccount:" + this.prometheusNamespace + ":"
				+ Objects.requireNonNullElse(prometheus.<String>get("spec", "serviceAccountName"), "default");
		boolean endpointSlices = "EndpointSlice".equals(prometheus.get("spec", "serviceDiscoveryRole"));
		for (Service service : services) {
			for (String[] resource : List.of(
					endpointSlices ? new String[] { "discovery.k8s.io", "endpointslices" }
							: new String[] { "", "endpoints" },
					new String[] { "", "services" }, new String[] { "", "pods" })) {
				if (!allowed(account, "list", resource[0], resource[1], service.getMetadata().getNamespace())) {
					return new Finding(Cause.RBAC,
							account + " cannot list " + resource[1] + (resource[0].isEmpty() ? "" : "." + resource[0])
									+ " in namespace " + service.getMetadata().getNamespace()
									+ " (kubectl auth can-i list " + resource[1] + " -n "
									+ service.getMetadata().getNamespace() + " --as " + account + ")");
				}
			}
		}
		return new Finding(null, targets.isEmpty()
				? "none of the five causes holds, and Prometheus has no target for it yet: is the configuration that"
						+ " holds it loaded (scrape pools: " + this.prometheusApi.scrapePools() + ")?"
				: "every target is UP");
	}

	private List<Service> selectedServices(GenericKubernetesResource monitor, String namespace) {
		Map<String, Object> selector = monitor.get("spec", "selector");
		List<Service> services = new ArrayList<>();
		for (String serviceNamespace : serviceNamespaces(monitor, namespace)) {
			for (Service service : this.client.services().inNamespace(serviceNamespace).list().getItems()) {
				Map<String, String> labels = Objects.requireNonNullElse(service.getMetadata().getLabels(), Map.of());
				if (LabelSelectors.matches(selector, labels)) {
					services.add(service);
				}
			}
		}
		return services;
	}

	private List<String> serviceNamespaces(GenericKubernetesResource monitor, String namespace) {
		Map<String, Object> namespaceSelector = monitor.get("spec", "namespaceSelector");
		if (namespaceSelector == null) {
			return List.of(namespace);
		}
		if (Boolean.TRUE.equals(namespaceSelector.get("any"))) {
			return this.client.namespaces().list().getItems().stream().map((n) -> n.getMetadata().getName()).toList();
		}
		@SuppressWarnings("unchecked")
		List<String> names = (List<String>) namespaceSelector.get("matchNames");
		return (names != null) ? names : List.of(namespace);
	}

	private boolean allowed(String user, String verb, String group, String resource, String namespace) {
		SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
			.withUser(user)
			.withGroups("system:serviceaccounts", "system:serviceaccounts:" + this.prometheusNamespace,
					"system:authenticated")
			.withResourceAttributes(new ResourceAttributesBuilder().withVerb(verb)
				.withGroup(group)
				.withResource(resource)
				.withNamespace(namespace)
				.build())
			.endSpec()
			.build();
		return this.client.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
	}

	private static ResourceDefinitionContext crd(String plural, String kind) {
		return new ResourceDefinitionContext.Builder().withGroup("monitoring.coreos.com")
			.withVersion("v1")
			.withPlural(plural)
			.withKind(kind)
			.withNamespaced(true)
			.build();
	}

}
