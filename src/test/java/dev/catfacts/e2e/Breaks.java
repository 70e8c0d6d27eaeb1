package dev.catfacts.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.catfacts.Scrape;
import dev.catfacts.e2e.ServiceMonitorDiagnosis.Cause;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.awaitility.core.ConditionFactory;

import static org.awaitility.Awaitility.await;

/**
 * The five reasons a ServiceMonitor is not discovered, made on purpose in the running
 * cluster, all at once, and undone afterwards. All at once because a configuration change
 * reaches Prometheus only on the config-reloader's next poll (up to three minutes): one
 * wait instead of five. A break is judged only once Prometheus has loaded a configuration
 * generated after it: a correct "control" ServiceMonitor, created after the breaks, must
 * be scraped first (the operator generates each configuration from every ServiceMonitor
 * it has seen, in order). Then each broken one must have no UP target, and
 * {@link ServiceMonitorDiagnosis} must say why.
 *
 * <p>
 * The breaks keep out of each other's way and out of the chart's: each broken
 * ServiceMonitor's targets get a job of their own; the namespace and RBAC breaks watch
 * namespaces of their own (a Service whose EndpointSlice points at an app pod), because
 * Prometheus shares one discovery among jobs with the same settings, and the chart's
 * discovery of its own namespace keeps the watch it already has.
 */
final class Breaks implements AutoCloseable {

	private static final String NAMESPACE = "cat-facts";

	private static final String RELEASE = "cat-facts";

	/** The labels of the chart's Service. */
	private static final Map<String, String> CHART_SERVICE = Map.of("app.kubernetes.io/instance", RELEASE);

	/** The label the broken Prometheus namespace selector asks namespaces for. */
	private static final Map<String, String> MONITORED = Map.of("monitoring", "enabled");

	private static final PatchContext MERGE = new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build();

	private final KubernetesClient client;

	private final ServiceMonitorDiagnosis diagnosis;

	private final String podIp;

	private final List<Runnable> undo = new ArrayList<>();

	private double discoveryFailuresBefore;

	/** The ServiceMonitor each cause broke. */
	private final Map<Cause, Monitor> broken = new EnumMap<>(Cause.class);

	/**
	 * Where a ServiceMonitor lives.
	 *
	 * @param namespace its namespace
	 * @param name its name
	 */
	private record Monitor(String namespace, String name) {

	}

	Breaks(KubernetesClient client, ServiceMonitorDiagnosis diagnosis, String podIp) {
		this.client = client;
		this.diagnosis = diagnosis;
		this.podIp = podIp;
	}

	/**
	 * Makes all five breaks, then waits until Prometheus has loaded the configuration
	 * that holds them.
	 * @return how long the control ServiceMonitor took from creation to an UP target
	 */
	Duration breakAll() {
		// 1. No `prometheus: main` label.
		this.broken.put(Cause.LABEL,
				create(monitor(NAMESPACE, "e2e-label", Map.of(), CHART_SERVICE, "http-metrics", "/metrics")));
		// 2. The Prometheus looks only in namespaces labelled monitoring=enabled; the
		// chart's namespace gets the label, a new one does not.
		label(NAMESPACE, MONITORED);
		patchPrometheus(
				"{\"spec\": {\"serviceMonitorNamespaceSelector\": {\"matchLabels\": {\"monitoring\": \"enabled\"}}}}");
		// A merge patch merges an empty object into the selector, changing nothing: the
		// label selector has to be removed by name, which leaves the stack's {}.
		this.undo
			.add(() -> patchPrometheus("{\"spec\": {\"serviceMonitorNamespaceSelector\": {\"matchLabels\": null}}}"));
		this.broken.put(Cause.NAMESPACE, namespaceWithAppService("e2e-namespace", Map.of()));
		// 3. The port's number where its name belongs.
		this.broken.put(Cause.PORT,
				create(monitor(NAMESPACE, "e2e-port", selected(), CHART_SERVICE, "8081", "/metrics")));
		// 4. A ClusterRole written for the Endpoints role, without EndpointSlices.
		this.discoveryFailuresBefore = discoveryFailures();
		withoutEndpointSlices();
		this.broken.put(Cause.RBAC, namespaceWithAppService("e2e-rbac", MONITORED));
		// 5. Spring Boot's default path; this app serves /metrics.
		this.broken.put(Cause.DOWN, create(
				monitor(NAMESPACE, "e2e-path", selected(), CHART_SERVICE, "http-metrics", "/actuator/prometheus")));

		long created = System.nanoTime();
		create(monitor(NAMESPACE, "e2e-control", selected(), CHART_SERVICE, "http-metrics", "/metrics"));
		within(Duration.ofMinutes(5)).untilAsserted(() -> this.diagnosis.assertScraped(NAMESPACE, "e2e-control"));
		return Duration.ofNanos(System.nanoTime() - created);
	}

	/**
	 * The diagnosis of the ServiceMonitor a cause broke, once Prometheus has acted on it:
	 * the path's target scraped, the RBAC break's watch refused.
	 */
	String diagnosis(Cause cause) {
		Monitor monitor = this.broken.get(cause);
		if (cause == Cause.DOWN) {
			within(Duration.ofMinutes(1)).until(() -> this.diagnosis.targets(monitor.namespace(), monitor.name())
				.stream()
				.anyMatch((target) -> target.health().equals("down")));
		}
		if (cause == Cause.RBAC) {
			within(Duration.ofMinutes(1)).until(() -> discoveryFailures() > this.discoveryFailuresBefore);
		}
		try {
			this.diagnosis.assertScraped(monitor.namespace(), monitor.name());
		}
		catch (AssertionError expected) {
			return expected.getMessage();
		}
		throw new AssertionError("ServiceMonitor " + monitor.namespace() + "/" + monitor.name()
				+ " is broken on purpose (" + cause + "), yet every target of it is UP");
	}

	@Override
	public void close() {
		this.undo.reversed().forEach((step) -> {
			try {
				step.run();
			}
			catch (RuntimeException ex) {
				System.out.println("could not undo a break: " + ex);
			}
		});
	}

	/**
	 * A namespace with a Service whose EndpointSlice points at an app pod's metrics port,
	 * and a ServiceMonitor for it.
	 */
	private Monitor namespaceWithAppService(String namespace, Map<String, String> labels) {
		this.client.namespaces()
			.resource(new NamespaceBuilder().withNewMetadata()
				.withName(namespace)
				.withLabels(labels)
				.endMetadata()
				.build())
			.serverSideApply();
		this.undo.add(() -> this.client.namespaces().withName(namespace).delete());
		this.client.services()
			.inNamespace(namespace)
			.resource(new ServiceBuilder().withNewMetadata()
				.withName(namespace)
				.withLabels(Map.of("app", namespace))
				.endMetadata()
				.withNewSpec()
				.addNewPort()
				.withName("http-metrics")
				.withPort(8081)
				.endPort()
				.endSpec()
				.build())
			.serverSideApply();
		this.client.discovery()
			.v1()
			.endpointSlices()
			.inNamespace(namespace)
			.resource(new EndpointSliceBuilder().withNewMetadata()
				.withName(namespace)
				.withLabels(Map.of("kubernetes.io/service-name", namespace))
				.endMetadata()
				.withAddressType("IPv4")
				.addNewEndpoint()
				.withAddresses(this.podIp)
				.withNewConditions()
				.withReady(true)
				.endConditions()
				.endEndpoint()
				.addNewPort()
				.withName("http-metrics")
				.withPort(8081)
				.withProtocol("TCP")
				.endPort()
				.build())
			.serverSideApply();
		return create(monitor(namespace, namespace, selected(), Map.of("app", namespace), "http-metrics", "/metrics"));
	}

	private void withoutEndpointSlices() {
		var role = this.client.rbac().clusterRoles().withName("prometheus");
		List<PolicyRule> original = role.get().getRules();
		role.edit((r) -> {
			r.setRules(new ArrayList<>(original.stream()
				.filter((rule) -> rule.getResources() == null || !rule.getResources().contains("endpointslices"))
				.toList()));
			return r;
		});
		this.undo.add(() -> role.edit((r) -> {
			r.setRules(new ArrayList<>(original));
			return r;
		}));
	}

	private void label(String namespace, Map<String, String> labels) {
		this.client.namespaces().withName(namespace).edit((n) -> {
			n.getMetadata().getLabels().putAll(labels);
			return n;
		});
		this.undo.add(() -> this.client.namespaces().withName(namespace).edit((n) -> {
			labels.keySet().forEach(n.getMetadata().getLabels()::remove);
			return n;
		}));
	}

	private Monitor create(GenericKubernetesResource monitor) {
		var monitors = this.client.genericKubernetesResources(ServiceMonitorDiagnosis.SERVICE_MONITORS)
			.inNamespace(monitor.getMetadata().getNamespace());
		monitors.resource(monitor).create();
		this.undo.add(() -> monitors.withName(monitor.getMetadata().getName()).delete());
		return new Monitor(monitor.getMetadata().getNamespace(), monitor.getMetadata().getName());
	}

	/**
	 * The stack's serviceMonitorNamespaceSelector, which break 2 narrows and its undo
	 * must return to {@code {}} (every namespace).
	 */
	@SuppressWarnings("unchecked")
	Map<String, Object> serviceMonitorNamespaceSelector() {
		Map<String, Object> spec = (Map<String, Object>) this.client
			.genericKubernetesResources(ServiceMonitorDiagnosis.PROMETHEUSES)
			.inNamespace("monitoring")
			.withName("main")
			.get()
			.getAdditionalProperties()
			.get("spec");
		return (Map<String, Object>) spec.get("serviceMonitorNamespaceSelector");
	}

	private void patchPrometheus(String patch) {
		this.client.genericKubernetesResources(ServiceMonitorDiagnosis.PROMETHEUSES)
			.inNamespace("monitoring")
			.withName("main")
			.patch(MERGE, patch);
	}

	/** The labels the stack's Prometheus selects ServiceMonitors by. */
	private static Map<String, String> selected() {
		return Map.of("prometheus", "main");
	}

	/**
	 * A ServiceMonitor of the Services with the given labels. Its targets get a job of
	 * their own, so they never mix with the chart's series.
	 */
	private static GenericKubernetesResource monitor(String namespace, String name, Map<String, String> labels,
			Map<String, String> serviceLabels, String port, String path) {
		return new GenericKubernetesResourceBuilder().withApiVersion("monitoring.coreos.com/v1")
			.withKind("ServiceMonitor")
			.withNewMetadata()
			.withName(name)
			.withNamespace(namespace)
			.withLabels(labels)
			.endMetadata()
			.addToAdditionalProperties("spec",
					Map.of("selector", Map.of("matchLabels", serviceLabels), "endpoints",
							List.of(endpoint(port, path, name))))
			.build();
	}

	private static Map<String, Object> endpoint(String port, String path, String job) {
		return Map.of("port", port, "path", path, "interval", "5s", "scrapeTimeout", "4s", "relabelings",
				List.of(Map.of("action", "replace", "targetLabel", "job", "replacement", job)));
	}

	/** Prometheus's count of refused or failed Kubernetes LIST and WATCH requests. */
	private double discoveryFailures() {
		return Scrape.parse(this.diagnosis.prometheusApi().raw("/metrics"))
			.sum("prometheus_sd_kubernetes_failures_total");
	}

	private static ConditionFactory within(Duration timeout) {
		return await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).ignoreExceptions();
	}

}
