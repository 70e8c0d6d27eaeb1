package dev.catfacts.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.catfacts.MakefilePins;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HA stack (k8s/overlays/ha: components/ha and components/remote-write on k8s/base),
 * read as the files kustomize reads. `make test` has no kubectl, so nothing here renders
 * it (the e2e applies it to a real cluster); these are the facts its pieces must agree
 * on, which no schema checks: a replica label, a port, a Service name, an image tag.
 */
@SuppressWarnings("unchecked")
class HaStackTests {

	private static final Path OVERLAY = Path.of("k8s/overlays/ha");

	private static final Path HA = Path.of("k8s/components/ha");

	private static final Path REMOTE_WRITE = Path.of("k8s/components/remote-write");

	/**
	 * The external label the operator gives each replica (defaultReplicaExternalLabelName
	 * in its pkg/prometheus/promcfg.go) unless the Prometheus sets
	 * replicaExternalLabelName.
	 */
	private static final String OPERATOR_REPLICA_LABEL = "prometheus_replica";

	/**
	 * Thanos Receive's tenant label unless --receive.tenant-label-name says otherwise.
	 */
	private static final String RECEIVE_DEFAULT_TENANT_LABEL = "tenant_id";

	/**
	 * The operator makes no PodDisruptionBudget; the component's must select the pair's
	 * pods (the labels its anti-affinity spreads them by) and let a drain take one.
	 */
	@Test
	void aDrainLeavesOneReplicaOfThePair() throws IOException {
		Map<String, Object> pdb = spec(yaml(HA.resolve("prometheus-pdb.yaml")));
		Map<String, Object> prometheus = spec(yaml(HA.resolve("prometheus.yaml")));
		assertThat(prometheus.get("replicas")).isEqualTo(2);
		assertThat(pdb.get("maxUnavailable")).isEqualTo(1);
		Map<String, Object> spread = (Map<String, Object>) ((List<Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) prometheus
			.get("affinity")).get("podAntiAffinity")).get("preferredDuringSchedulingIgnoredDuringExecution")).getFirst()
			.get("podAffinityTerm");
		assertThat(pdb.get("selector")).isEqualTo(spread.get("labelSelector"));
		assertThat((List<String>) yaml(HA.resolve("kustomization.yaml")).get("resources"))
			.contains("prometheus-pdb.yaml");
	}

	/**
	 * Under HA, Grafana's default data source is Thanos Query (svc/prometheus would
	 * alternate between the replicas). Grafana refuses two defaults, so the overlay
	 * replaces the base's datasources.yaml with the same Prometheus, unmarked.
	 */
	@Test
	void grafanaDefaultsToThanosQueryAndKeepsPrometheus() throws IOException {
		Map<String, String> base = (Map<String, String>) yaml(Path.of("k8s/grafana/provisioning.yaml")).get("data");
		Map<String, String> patch = (Map<String, String>) find(
				documents(OVERLAY.resolve("grafana/thanos-datasource.yaml")), "ConfigMap", "grafana-provisioning")
			.get("data");
		List<Map<String, Object>> merged = new ArrayList<>();
		for (String file : List.of("datasources.yaml", "thanos-datasource.yaml")) {
			String text = patch.getOrDefault(file, base.get(file));
			merged.addAll((List<Map<String, Object>>) ((Map<String, Object>) new Yaml().load(text)).get("datasources"));
		}
		assertThat(merged).filteredOn((source) -> Boolean.TRUE.equals(source.get("isDefault")))
			.extracting((source) -> source.get("uid"))
			.containsExactly("thanos-query");
		Map<String, Object> prometheus = ((List<Map<String, Object>>) ((Map<String, Object>) new Yaml()
			.load(base.get("datasources.yaml"))).get("datasources")).getFirst();
		assertThat(merged).anySatisfy((source) -> assertThat(source).containsAllEntriesOf(
				Map.of("uid", prometheus.get("uid"), "url", prometheus.get("url"), "isDefault", false)));
	}

	@Test
	void overlayIsTheBaseWithBothComponents() throws IOException {
		Map<String, Object> kustomization = yaml(OVERLAY.resolve("kustomization.yaml"));
		assertThat((List<String>) kustomization.get("resources")).containsExactly("../../base");
		assertThat((List<String>) kustomization.get("components")).containsExactly("../../components/ha",
				"../../components/remote-write");
		// k8s/ itself is the same base, so the HA stack is the plain one plus the
		// components.
		assertThat((List<String>) yaml(Path.of("k8s/kustomization.yaml")).get("resources")).containsExactly("base");
	}

	@Test
	void prometheusRunsTwoReplicasWithTheOperatorsThanosSidecar() throws IOException {
		Map<String, Object> spec = spec(patchOfPrometheusMain(HA));
		assertThat(spec.get("replicas")).isEqualTo(2);
		// No image, version or tag: the operator runs its default Thanos, the image the
		// real
		// node has.
		assertThat(spec).containsKey("thanos");
		assertThat((Map<String, Object>) spec.get("thanos")).doesNotContainKeys("image", "baseImage", "version", "tag",
				"sha");
		// The replica label Thanos Query deduplicates on stays the operator's default.
		assertThat(spec).doesNotContainKey("replicaExternalLabelName");
	}

	@Test
	void prometheusRemoteWritesToTheReceivesRemoteWritePort() throws IOException {
		List<Map<String, Object>> remoteWrite = (List<Map<String, Object>>) spec(patchOfPrometheusMain(REMOTE_WRITE))
			.get("remoteWrite");
		assertThat(remoteWrite).hasSize(1);
		URI url = URI.create((String) remoteWrite.get(0).get("url"));
		assertThat(url.getScheme()).isEqualTo("http");
		// Thanos Receive's remote write endpoint.
		assertThat(url.getPath()).isEqualTo("/api/v1/receive");
		String[] host = url.getHost().split("\\.");
		assertThat(host).as("SERVICE.NAMESPACE.svc").hasSize(3).endsWith("svc");

		List<Map<String, Object>> receive = documents(REMOTE_WRITE.resolve("thanos-receive.yaml"));
		Map<String, Object> service = find(receive, "Service", host[0]);
		assertThat(metadata(service).get("namespace")).isEqualTo(host[1]);
		Map<String, Object> port = ((List<Map<String, Object>>) spec(service).get("ports")).stream()
			.filter((candidate) -> Integer.valueOf(url.getPort()).equals(candidate.get("port")))
			.findFirst()
			.orElseThrow(() -> new AssertionError(host[0] + " has no port " + url.getPort()));
		assertThat(port.get("name")).isEqualTo("remote-write");

		// The Service's target port is the container port Receive listens on for remote
		// write.
		Map<String, Object> container = onlyContainer(find(receive, "Deployment", "thanos-receive"));
		Object containerPort = ((List<Map<String, Object>>) container.get("ports")).stream()
			.filter((candidate) -> port.get("targetPort").equals(candidate.get("name")))
			.map((candidate) -> candidate.get("containerPort"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("thanos-receive has no port named " + port.get("targetPort")));
		assertThat(args(container)).first().isEqualTo("receive");
		assertThat(args(container)).contains("--remote-write.address=0.0.0.0:" + containerPort);
	}

	@Test
	void thanosQueryDeduplicatesTheReplicasOfPrometheus() throws IOException {
		Map<String, Object> container = onlyContainer(
				find(documents(HA.resolve("thanos-query.yaml")), "Deployment", "thanos-query"));
		assertThat(args(container)).first().isEqualTo("query");
		assertThat(args(container)).contains("--query.replica-label=" + OPERATOR_REPLICA_LABEL,
				// The operator's governing Service, which has a port named grpc when
				// thanos is set.
				"--endpoint=dnssrv+_grpc._tcp.prometheus-operated.monitoring.svc.cluster.local");
		Map<String, Object> service = find(documents(HA.resolve("thanos-query.yaml")), "Service", "thanos-query");
		assertThat((List<Map<String, Object>>) spec(service).get("ports"))
			.extracting((port) -> port.get("name") + ":" + port.get("port"))
			.containsExactly("http:9090", "grpc:10901");
	}

	/**
	 * Only the overlay has both components: there Thanos Query also asks Receive, and
	 * merges Receive's copy of each series (the same labels plus Receive's external
	 * labels) with the sidecars', or every query over the overlay would count it twice.
	 */
	@Test
	void inTheOverlayThanosQueryAlsoAsksReceiveAndMergesItsCopies() throws IOException {
		List<String> args = new ArrayList<>(
				args(onlyContainer(find(documents(HA.resolve("thanos-query.yaml")), "Deployment", "thanos-query"))));
		args.addAll(argsAddedByOverlayToThanosQuery());
		assertThat(args).contains("--endpoint=dnssrv+_grpc._tcp.thanos-receive.monitoring.svc.cluster.local");

		List<Map<String, Object>> receive = documents(REMOTE_WRITE.resolve("thanos-receive.yaml"));
		Map<String, Object> service = spec(find(receive, "Service", "thanos-receive"));
		// Headless, so that the SRV lookup finds each Receive pod, on its port named
		// grpc.
		assertThat(service.get("clusterIP")).isEqualTo("None");
		assertThat((List<Map<String, Object>>) service.get("ports")).extracting((port) -> port.get("name"))
			.contains("grpc");

		Set<String> receiveLabels = new LinkedHashSet<>();
		String tenantLabel = RECEIVE_DEFAULT_TENANT_LABEL;
		for (String arg : args(onlyContainer(find(receive, "Deployment", "thanos-receive")))) {
			if (arg.startsWith("--label=")) {
				receiveLabels.add(arg.substring("--label=".length(), arg.indexOf('=', "--label=".length())));
			}
			if (arg.startsWith("--receive.tenant-label-name=")) {
				tenantLabel = arg.substring("--receive.tenant-label-name=".length());
			}
		}
		receiveLabels.add(tenantLabel);
		assertThat(receiveLabels).hasSizeGreaterThan(1);
		assertThat(args).containsAll(receiveLabels.stream().map((label) -> "--query.replica-label=" + label).toList());
	}

	/**
	 * Nothing may be pulled on the real node: every image the HA stack's manifests name
	 * is one hack/node-images.sh writes, at the version the Makefile passes it. (The
	 * operator's own images, the sidecar's among them, follow from its defaults, which
	 * hack/node-tools.sh checks against the same pins.)
	 */
	@Test
	void everyImageOfTheHaStackIsOneTheRealNodeHas() throws IOException {
		Set<String> images = new LinkedHashSet<>();
		for (Path file : resourceFiles(OVERLAY)) {
			for (Map<String, Object> document : documents(file)) {
				collectImages(document, images);
			}
		}
		assertThat(images).contains("quay.io/thanos/thanos:" + MakefilePins.get("THANOS_VERSION"))
			.isSubsetOf(nodeImages());
	}

	/**
	 * The names hack/node-images.sh gives its images, its arguments the Makefile's pins.
	 */
	private static Set<String> nodeImages() throws IOException {
		String script = Files.readString(Path.of("hack/node-images.sh"));
		Matcher recipe = Pattern.compile("\n\thack/node-images\\.sh((?:[^\n]*\\\\\n)*[^\n]*)")
			.matcher(Files.readString(Path.of("Makefile")));
		assertThat(recipe.find()).as("the Makefile runs hack/node-images.sh").isTrue();
		List<String> pins = new ArrayList<>();
		Matcher pin = Pattern.compile("\\$\\((\\w+)\\)").matcher(recipe.group(1));
		while (pin.find()) {
			pins.add(MakefilePins.get(pin.group(1)));
		}
		// prometheus=$1 alertmanager=$2 ...: each argument's name in the script.
		Map<String, String> variables = new LinkedHashMap<>();
		Matcher argument = Pattern.compile("(\\w+)=\\$\\{?(\\d+)\\}?").matcher(script);
		while (argument.find()) {
			variables.put(argument.group(1), pins.get(Integer.parseInt(argument.group(2)) - 1));
		}
		assertThat(variables).containsKey("thanos");
		Set<String> names = new LinkedHashSet<>();
		Matcher name = Pattern.compile("-name \"([^\"]+)\"").matcher(script);
		while (name.find()) {
			String resolved = name.group(1);
			for (Map.Entry<String, String> variable : variables.entrySet()) {
				resolved = resolved.replace("$" + variable.getKey(), variable.getValue());
			}
			names.add(resolved);
		}
		// The alert sink's image, which node-images.sh writes through
		// hack/alert-sink-image.sh.
		assertThat(script).contains("hack/alert-sink-image.sh \"$images/alert-sink.tar\" \"$alert_sink\"");
		names.add("localhost/cat-facts-alert-sink:" + variables.get("alert_sink"));
		return names;
	}

	/** The values the overlay's JSON patch appends to Thanos Query's arguments. */
	private static List<String> argsAddedByOverlayToThanosQuery() throws IOException {
		List<Map<String, Object>> patches = (List<Map<String, Object>>) yaml(OVERLAY.resolve("kustomization.yaml"))
			.get("patches");
		Map<String, Object> patch = patches.stream()
			.filter((candidate) -> candidate.get("target") != null
					&& "thanos-query".equals(((Map<String, Object>) candidate.get("target")).get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("the overlay patches no thanos-query"));
		assertThat((Map<String, Object>) patch.get("target")).containsEntry("kind", "Deployment");
		List<Map<String, Object>> operations = new Yaml()
			.load(Files.readString(OVERLAY.resolve((String) patch.get("path"))));
		assertThat(operations).allSatisfy((operation) -> assertThat(operation).containsEntry("op", "add")
			.containsEntry("path", "/spec/template/spec/containers/0/args/-"));
		return operations.stream().map((operation) -> (String) operation.get("value")).toList();
	}

	/** The component's patch of the Prometheus `main`, which its kustomization lists. */
	private static Map<String, Object> patchOfPrometheusMain(Path component) throws IOException {
		Map<String, Object> kustomization = yaml(component.resolve("kustomization.yaml"));
		assertThat(kustomization.get("kind")).isEqualTo("Component");
		for (Map<String, Object> patch : (List<Map<String, Object>>) kustomization.get("patches")) {
			Map<String, Object> document = yaml(component.resolve((String) patch.get("path")));
			if ("Prometheus".equals(document.get("kind"))) {
				assertThat(metadata(document)).containsEntry("name", "main").containsEntry("namespace", "monitoring");
				return document;
			}
		}
		throw new AssertionError(component + " does not patch the Prometheus main");
	}

	/**
	 * Every resource file a kustomization takes in, through its resources and components,
	 * recursively; a name that is neither a file nor a kustomization fails.
	 */
	private static List<Path> resourceFiles(Path directory) throws IOException {
		Map<String, Object> kustomization = yaml(directory.resolve("kustomization.yaml"));
		List<Path> files = new ArrayList<>();
		for (String key : List.of("resources", "components")) {
			for (String entry : (List<String>) kustomization.getOrDefault(key, List.of())) {
				Path path = directory.resolve(entry).normalize();
				if (Files.isDirectory(path)) {
					files.addAll(resourceFiles(path));
				}
				else {
					assertThat(path).as("in %s", directory).isRegularFile();
					files.add(path);
				}
			}
		}
		return files;
	}

	private static void collectImages(Object node, Set<String> images) {
		if (node instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (("containers".equals(entry.getKey()) || "initContainers".equals(entry.getKey()))
						&& entry.getValue() instanceof List<?> containers) {
					containers
						.forEach((container) -> images.add((String) ((Map<String, Object>) container).get("image")));
				}
				collectImages(entry.getValue(), images);
			}
		}
		else if (node instanceof List<?> list) {
			list.forEach((element) -> collectImages(element, images));
		}
	}

	private static Map<String, Object> find(List<Map<String, Object>> documents, String kind, String name) {
		return documents.stream()
			.filter((document) -> kind.equals(document.get("kind")) && name.equals(metadata(document).get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " " + name));
	}

	private static Map<String, Object> onlyContainer(Map<String, Object> workload) {
		Map<String, Object> template = (Map<String, Object>) spec(workload).get("template");
		List<Map<String, Object>> containers = (List<Map<String, Object>>) spec(template).get("containers");
		assertThat(containers).hasSize(1);
		return containers.get(0);
	}

	private static List<String> args(Map<String, Object> container) {
		return (List<String>) container.get("args");
	}

	private static Map<String, Object> spec(Map<String, Object> object) {
		return (Map<String, Object>) object.get("spec");
	}

	private static Map<String, Object> metadata(Map<String, Object> object) {
		return (Map<String, Object>) object.get("metadata");
	}

	private static List<Map<String, Object>> documents(Path file) throws IOException {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(Files.readString(file))) {
			if (document != null) {
				documents.add((Map<String, Object>) document);
			}
		}
		return documents;
	}

	private static Map<String, Object> yaml(Path file) throws IOException {
		return new Yaml().load(Files.readString(file));
	}

}
