# cat-facts: a Spring Boot service monitored on Kubernetes with the Prometheus Operator.
# `make help` lists the targets. The two that matter: `make deploy` and `make test`.

# ---- Pinned versions ----------------------------------------------------------------------
# Set here; where a file must name one too (kind-config.yaml, k8s/operator, the alert sink's
# manifest), a test keeps it equal to the pin.
# kind, kubectl and helm: the SHA-256 of each download, per platform, is in hack/tools.sha256.
KIND_VERSION                := v0.32.0
# The kind node image (the same Kubernetes) is pinned by digest in kind-config.yaml. The real
# node of make e2e builds this Kubernetes (and the etcd it is tested with) from Go modules.
KUBERNETES_VERSION          := v1.36.1
KUBECTL_VERSION             := $(KUBERNETES_VERSION)
# The Prometheus the real node runs: the default of the operator version below.
PROMETHEUS_VERSION          := v3.5.0
HELM_VERSION                := v3.21.0
# Also in k8s/operator/kustomization.yaml; a test keeps the two equal.
PROMETHEUS_OPERATOR_VERSION := v0.85.0
# Generates helm/cat-facts/README.md from the comments in values.yaml.
HELM_DOCS_VERSION           := v1.14.2
# The real node (make e2e): its runtime and network, built from source with the
# Kubernetes above. Each image the stack runs is built from source under the tag its pods ask
# for, so hack/node-tools.sh checks that these two are the operator's defaults, and PAUSE that
# it is what KUBERNETES_VERSION builds (build/pause/Makefile) and containerd pins.
CONTAINERD_VERSION          := v2.3.7
RUNC_VERSION                := v1.4.3
CNI_PLUGINS_VERSION         := v1.9.1
COREDNS_VERSION             := v1.13.1
ALERTMANAGER_VERSION        := v0.28.1
# The Thanos of the HA stack (HA=true): the operator's default, which node-tools.sh checks.
THANOS_VERSION              := v0.39.2
PAUSE_VERSION               := 3.10.2
# The tag of the alert sink's image (localhost/cat-facts-alert-sink), which the project builds
# from hack/tools/alert-sink: bump it when that program changes. Also in
# k8s/monitoring/alertmanager/alert-sink.yaml; a test keeps the two equal.
ALERT_SINK_VERSION          := v1

# ---- Settings ---------------------------------------------------------------------------
APP        := cat-facts
VERSION    := $(shell sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
CLUSTER    := $(shell awk '/^name:/ {print $$2}' kind-config.yaml)
NAMESPACE  ?= cat-facts
RELEASE    ?= cat-facts
IMAGE_TAR  := target/jib-image.tar
# The app image the real node runs: built as `make image-tar` builds it, on a local base.
NODE_APP_IMAGE := target/node-app-image.tar
# The alert sink's image for kind (the real node's is in bin/node/images).
ALERT_SINK_TAR := target/alert-sink-image.tar
# The build needs JDK 25; hack/java-home.sh finds one whatever the shell's JAVA_HOME says.
JAVA_HOME  := $(shell hack/java-home.sh 2>/dev/null)
export JAVA_HOME
# Expanded when a recipe runs, so a missing JDK stops the targets that build (and make help
# still works).
JDK        = $(if $(JAVA_HOME),$(JAVA_HOME),$(error no JDK 25 found: run hack/java-home.sh to see where it looked and how to install one))
MVN        = JAVA_HOME=$(JDK) ./mvnw -B -ntp
# Fails a recipe, saying where to get it, when Go is missing or older than go.mod asks: the
# scripts' own check (hack/lib.sh), so both say and check the same.
REQUIRE_GO = bash -c 'source hack/lib.sh && require_go "$$1"' require_go
JAR        := target/$(APP)-$(VERSION).jar
JAVA_OPTS  ?= --enable-native-access=ALL-UNNAMED -XX:+ExitOnOutOfMemoryError
# make install HA=true (or deploy): the stack of k8s/overlays/ha, Prometheus in two replicas
# behind Thanos Query, with Thanos Receive; GRAFANA=true then adds Thanos Query as a data source.
HA         ?= false

# Tools are files named after their pinned version, built or downloaded by the rules below
# when missing: a changed pin installs the new version, and no target depends on PATH.
BIN        := $(CURDIR)/bin
KIND       := $(BIN)/kind-$(KIND_VERSION)
KUBECTL    := $(BIN)/kubectl-$(KUBECTL_VERSION)
HELM       := $(BIN)/helm-$(HELM_VERSION)
export KIND KUBECTL HELM CLUSTER NAMESPACE RELEASE
# Built from its Go module; the version in the file name rebuilds it when the pin moves.
HELM_DOCS  := $(BIN)/helm-docs-$(HELM_DOCS_VERSION)
# Grafana's dashboard schema (the Grafana Foundation SDK, pinned in its go.mod) as a checker.
DASHBOARD_CHECK := $(BIN)/dashboard-check

.DEFAULT_GOAL := help
SHELL := bash
.SHELLFLAGS := -euo pipefail -c

##@ General

.PHONY: help
help: ## Show this help
	@awk 'BEGIN {FS = ":.*##"; printf "Usage: make \033[36m<target>\033[0m\n"} \
	  /^[a-zA-Z0-9_-]+:.*?##/ { printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2 } \
	  /^##@/ { printf "\n\033[1m%s\033[0m\n", substr($$0, 5) }' $(MAKEFILE_LIST)

##@ Develop

.PHONY: test
test: test-tools ## Run every test but the image's, the e2e and the bench: app, metrics lint, chart, chart docs, dashboard schema, alert rules, scripts (needs promtool, shellcheck, Go)
	HELM_DOCS=$(HELM_DOCS) DASHBOARD_CHECK=$(DASHBOARD_CHECK) $(MVN) verify -Dtest.groups.excluded=

.PHONY: build
build: ## Build the application jar into target/ (skips the tests)
	$(MVN) -DskipTests package

.PHONY: run
run: build ## Run the app locally: API on :8080, metrics on :8081/metrics (OFFLINE=true: no upstream calls)
	"$(JDK)/bin/java" $(JAVA_OPTS) -jar $(JAR) \
	  $(if $(filter true,$(OFFLINE)),--cat-facts.upstream.enabled=false)

.PHONY: test-tools
test-tools: $(HELM_DOCS) $(DASHBOARD_CHECK) ## Build the tools the tests run that come from Go modules (helm-docs, dashboard-check); go test the alert sink and the image unpacker
	@$(REQUIRE_GO) "the alert sink's and the image unpacker's tests"
	cd hack/tools/alert-sink && GOTOOLCHAIN=local go test ./...
	cd hack/tools/image-unpack && GOTOOLCHAIN=local go test ./...

.PHONY: chart-docs
chart-docs: $(HELM_DOCS) ## Regenerate helm/cat-facts/README.md from the comments in values.yaml (helm-docs)
	$(HELM_DOCS) --chart-search-root helm --sort-values-order file --skip-version-footer --log-level error

$(HELM_DOCS):
	@$(REQUIRE_GO) "helm-docs"
	mkdir -p $(BIN)/.gobin
	GOBIN=$(BIN)/.gobin GOTOOLCHAIN=local go install github.com/norwoodj/helm-docs/cmd/helm-docs@$(HELM_DOCS_VERSION)
	mv $(BIN)/.gobin/helm-docs $@
	ln -sf $(notdir $@) $(BIN)/helm-docs

$(DASHBOARD_CHECK): hack/tools/dashboard-check/main.go hack/tools/dashboard-check/go.mod hack/tools/dashboard-check/go.sum
	@$(REQUIRE_GO) "the dashboard checker"
	cd hack/tools/dashboard-check && GOTOOLCHAIN=local go build -trimpath -o $@ .

.PHONY: format
format: ## Format the Java sources (the build fails on unformatted code)
	$(MVN) spring-javaformat:apply

.PHONY: clean
clean: ## Remove build output
	$(MVN) clean

.PHONY: e2e-tools
e2e-tools: ## Build the pinned Kubernetes control plane, kubectl, etcd, operator, Prometheus and helm for the real node into ./bin/e2e
	hack/e2e-tools.sh $(KUBERNETES_VERSION) $(PROMETHEUS_OPERATOR_VERSION) $(HELM_VERSION) $(PROMETHEUS_VERSION)

.PHONY: bench
bench: build ## Benchmarks side by side (throughput, scrape cost, start-up, RSS, cardinality) into docs/benchmarks.md (needs wrk; RUNS, DURATION: docs/testing.md)
	$(MVN) test-compile failsafe:integration-test failsafe:verify -Dit.test=BenchmarkIT -Dit.groups.excluded= \
	  $(if $(RUNS),-Dbench.runs=$(RUNS)) $(if $(DURATION),-Dbench.duration=$(DURATION))

.PHONY: bench-smoke
bench-smoke: build ## One short run of every benchmark (CI): fails on a new series or a failed request, never on a ratio
	$(MVN) test-compile failsafe:integration-test failsafe:verify -Dit.test=BenchmarkIT -Dit.groups.excluded= \
	  -Dbench.smoke=true

.PHONY: soak
soak: build ## Steady load for DURATION (10m), RSS and GC printed every INTERVAL (30s); fails on a failed request or memory that keeps growing (needs wrk)
	$(MVN) test-compile failsafe:integration-test failsafe:verify -Dit.test=SoakIT -Dit.groups.excluded= \
	  $(if $(DURATION),-Dsoak.duration=$(DURATION)) $(if $(INTERVAL),-Dsoak.interval=$(INTERVAL))

##@ Image

.PHONY: image
image: ## Build the image into the local Docker daemon with Jib and its JDK AOT cache (cat-facts:VERSION)
	hack/build-image.sh docker

.PHONY: image-test
image-test: ## Build the image on a local jlink base and run it in a chroot, no Docker (root; CI runs it after make test)
	hack/image-test.sh

.PHONY: image-tar
image-tar: ## Build the image with its JDK AOT cache as a tarball for `kind load image-archive` (target/jib-image.tar)
	hack/build-image.sh tar

.PHONY: alert-sink-image
alert-sink-image: ## Build the alert sink (hack/tools/alert-sink) as an image tarball for kind (target/alert-sink-image.tar; needs Go)
	hack/alert-sink-image.sh $(ALERT_SINK_TAR) $(ALERT_SINK_VERSION)

##@ Kubernetes (kind)

.PHONY: tools
tools: $(KIND) $(KUBECTL) $(HELM) ## Install the pinned kind, kubectl and helm into ./bin (downloads checked against hack/tools.sha256; else built from Go modules)

$(KIND):
	hack/tools.sh kind $(KIND_VERSION) $@
$(KUBECTL):
	hack/tools.sh kubectl $(KUBECTL_VERSION) $@
$(HELM):
	hack/tools.sh helm $(HELM_VERSION) $@

# Prerequisites are made in the order listed, even under make -j: preflight before the long
# image build, the cluster before the install. (GNU make 4.4 serializes just these two
# targets' prerequisites; older makes serialize everything, which is as correct.)
.NOTPARALLEL: deploy cluster e2e
.PHONY: deploy
deploy: cluster install ## make cluster, then make install: kind, operator, stack, image and chart; ends when Prometheus scrapes the app (GRAFANA=true adds Grafana, HA=true Thanos)

.PHONY: preflight
preflight: ## Check what make deploy needs before its long build: Docker answers, Go as new as go.mod asks, python3, curl; warn about taken port-forward ports
	hack/preflight.sh

.PHONY: cluster
cluster: preflight $(KIND) $(KUBECTL) image-tar alert-sink-image ## The kind cluster of kind-config.yaml, with the app and alert sink images loaded (needs Docker)
	IMAGE_TAR=$(IMAGE_TAR) ALERT_SINK_TAR=$(ALERT_SINK_TAR) hack/cluster.sh

.PHONY: install
install: $(KUBECTL) $(HELM) ## Operator, stack and chart into the cluster the kubeconfig names; ends when Prometheus scrapes the app (HA=true: 2 Prometheus replicas, Thanos Query and Receive)
	IMAGE_TAG=$(VERSION) IMAGE_ID="$$(cat target/jib-image.id 2>/dev/null || true)" $(if $(filter true,$(HA)),STACK_KUSTOMIZATION=k8s/overlays/ha GRAFANA_KUSTOMIZATION=k8s/overlays/ha/grafana) \
	  hack/install.sh

.PHONY: undeploy
undeploy: $(KIND) ## Delete the kind cluster and everything in it
	$(KIND) delete cluster --name $(CLUSTER)

.PHONY: port-forward
port-forward: $(KUBECTL) ## Forward Prometheus :9090, cat-facts :8080/:8081, Alertmanager :9093, Grafana :3000 until Ctrl-C
	hack/port-forward.sh

.PHONY: promql
promql: $(KUBECTL) ## Run a PromQL query, e.g. make promql Q='sum(rate(random_facts_api_execution_counter_total[1m]))'
	@# Q from the environment (make exports a command-line variable), not pasted into the
	@# recipe, whose quotes would break on a query with quotes of its own.
	@hack/promql.sh "$${Q:-}"

.PHONY: load
load: $(KUBECTL) ## Send N requests to /cat_facts, C at a time, so the dashboards move (defaults: hack/load.sh -h)
	hack/load.sh '$(N)' '$(C)'

.PHONY: status
status: $(KUBECTL) ## Show pods, ServiceMonitors and whether Prometheus scrapes cat-facts
	hack/status.sh

##@ Real node (no Docker, no registry; issue #10)

.PHONY: node-tools
node-tools: e2e-tools ## Build the real node's parts (kubelet, kube-proxy, containerd, runc, CNI, pause, CoreDNS, Alertmanager, reloader, Thanos) into ./bin/node
	hack/node-tools.sh $(KUBERNETES_VERSION) $(CONTAINERD_VERSION) $(RUNC_VERSION) $(CNI_PLUGINS_VERSION) $(COREDNS_VERSION) \
	  $(ALERTMANAGER_VERSION) $(PROMETHEUS_OPERATOR_VERSION) $(PAUSE_VERSION) $(PROMETHEUS_VERSION) $(THANOS_VERSION)

.PHONY: node-images
node-images: node-tools ## Write the stack's images (Prometheus, Alertmanager, operator, reloader, CoreDNS, pause, alert sink, busybox, Thanos) as tarballs into ./bin/node/images
	hack/node-images.sh $(PROMETHEUS_VERSION) $(ALERTMANAGER_VERSION) $(PROMETHEUS_OPERATOR_VERSION) $(COREDNS_VERSION) $(PAUSE_VERSION) \
	  $(ALERT_SINK_VERSION) $(THANOS_VERSION)

.PHONY: node-app-image
node-app-image: ## Build the app image with its AOT cache on a local jlink base, offline (target/node-app-image.tar; root)
	hack/offline-base-image.sh target/offline-base.tar
	hack/build-image.sh tar -Djib.from.image=tar://$(CURDIR)/target/offline-base.tar -Djib.outputPaths.tar=$(NODE_APP_IMAGE)

.PHONY: node-up
node-up: node-images ## A real one-node cluster in a network namespace: kubelet, containerd, runc, bridge CNI, CoreDNS (root; KUBECONFIG=target/node/kubeconfig)
	hack/node-up.sh $(PAUSE_VERSION) $(COREDNS_VERSION) $(wildcard $(NODE_APP_IMAGE))

.PHONY: node-down
node-down: ## Remove the node of make node-up: processes, containers, mounts, cgroups, namespace (root)
	hack/node-down.sh

.PHONY: e2e
e2e: node-images node-app-image $(KUBECTL) $(HELM) ## The end-to-end test on a real node: make install, port-forward, promql, load, helm test, alerts, rollout, the five discovery faults (root; KEEP_NODE=true keeps it)
	$(MVN) test-compile failsafe:integration-test failsafe:verify -Dit.test=RealNodeE2EIT -Dit.groups.excluded= \
	  -De2e.node-up-args="$(PAUSE_VERSION) $(COREDNS_VERSION) $(NODE_APP_IMAGE)" \
	  -De2e.operator-version=$(PROMETHEUS_OPERATOR_VERSION)
