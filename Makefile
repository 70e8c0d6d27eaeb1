# cat-facts: a Spring Boot service monitored on Kubernetes with the Prometheus Operator.
# `make help` lists the targets; `make test` runs every test.

# ---- Pinned versions -------------------------------------------------------------------
# Everything that is downloaded or built is pinned here, and only here.

# ---- Settings ---------------------------------------------------------------------------
APP       := cat-facts
# The build needs JDK 25; hack/java-home.sh finds one whatever the shell's JAVA_HOME says.
JAVA_HOME := $(shell hack/java-home.sh)
export JAVA_HOME
MVN       := ./mvnw -B -ntp
JAR        = target/$(APP)-$(shell sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1).jar
# Flags the container uses too; see the jib configuration in pom.xml.
JAVA_OPTS ?= --enable-native-access=ALL-UNNAMED -XX:+ExitOnOutOfMemoryError

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
test: ## Run every test (unit, integration, metrics lint)
	$(MVN) verify

.PHONY: build
build: ## Build the application jar into target/ (skips the tests)
	$(MVN) -DskipTests package

.PHONY: run
run: build ## Run the app locally: API on :8080, metrics on :8081/metrics (OFFLINE=true: no upstream calls)
	"$(JAVA_HOME)/bin/java" $(JAVA_OPTS) -jar $(JAR) \
	  $(if $(filter true,$(OFFLINE)),--cat-facts.upstream.enabled=false)

.PHONY: format
format: ## Format the Java sources (the build fails on unformatted code)
	$(MVN) spring-javaformat:apply

.PHONY: clean
clean: ## Remove build output
	$(MVN) clean
