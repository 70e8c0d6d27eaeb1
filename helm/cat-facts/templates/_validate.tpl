{{/*
Settings that are each valid but wrong together, which values.schema.json cannot compare.
Each would otherwise install and then fail: an HPA, Service or ServiceMonitor the API server
or the operator refuses or cannot use, a pod whose preStop outlasts its grace period, a
PodDisruptionBudget that blocks every drain, alerts that can never fire or page for ever,
or an app that refuses to start. deployment.yaml includes it, so
`helm install` and `helm template` fail with the message instead.
*/}}
{{- define "cat-facts.validate" -}}
{{- $v := .Values -}}
{{- if and $v.autoscaling.enabled (gt (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas)) }}
{{- fail (printf "autoscaling.minReplicas (%d) must not exceed autoscaling.maxReplicas (%d)" (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas)) }}
{{- end }}
{{- /* The app's shutdown after SIGTERM: cat-facts.shutdown.drain-delay (2 s), then at most
spring.lifecycle.timeout-per-shutdown-phase (20 s) of drain. HelmChartTests keeps it equal to
application.yaml; past the grace period the kubelet kills the JVM in the middle of its drain. */}}
{{- $appShutdownSeconds := 22 }}
{{- if ge (add (int $v.preStopSleepSeconds) $appShutdownSeconds) (int $v.terminationGracePeriodSeconds) }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be more than preStopSleepSeconds (%d) plus the app's %d s of shutdown (cat-facts.shutdown.drain-delay, then spring.lifecycle.timeout-per-shutdown-phase)" (int $v.terminationGracePeriodSeconds) (int $v.preStopSleepSeconds) $appShutdownSeconds) }}
{{- end }}
{{- $cb := $v.app.upstream.circuitBreaker | default dict }}
{{- /* An unset one is the app's @DefaultValue (10 and 20; ChartBoundsTests keeps them equal). */}}
{{- $minimumCalls := $cb.minimumNumberOfCalls | default 10 | int }}
{{- $window := $cb.slidingWindowSize | default 20 | int }}
{{- if gt $minimumCalls $window }}
{{- fail (printf "app.upstream.circuitBreaker.minimumNumberOfCalls (%d) must not exceed slidingWindowSize (%d)" $minimumCalls $window) }}
{{- end }}
{{- /* The app's @DurationMin and @DurationMax in milliseconds (FactsProperties; ChartBoundsTests keeps them equal), which a pattern cannot express. */}}
{{- $durations := dict "timeout" (list $v.app.upstream.timeout 10 15000) "circuitBreaker.slowCallDurationThreshold" (list $cb.slowCallDurationThreshold 10 30000) "circuitBreaker.waitDurationInOpenState" (list $cb.waitDurationInOpenState 10 300000) "circuitBreaker.maxRetryAfter" (list $cb.maxRetryAfter 1000 3600000) }}
{{- range $key, $bound := $durations }}
{{- $value := index $bound 0 }}
{{- if $value }}
{{- $millis := include "cat-facts.millis" $value | int64 }}
{{- if or (lt $millis (index $bound 1 | int64)) (gt $millis (index $bound 2 | int64)) }}
{{- fail (printf "app.upstream.%s (%s) must be from %dms to %dms, or the app refuses to start" $key $value (index $bound 1) (index $bound 2)) }}
{{- end }}
{{- end }}
{{- end }}
{{- $pdb := $v.podDisruptionBudget }}
{{- if and $pdb.enabled $pdb.minAvailable }}
{{- $replicas := ternary $v.autoscaling.minReplicas $v.replicaCount $v.autoscaling.enabled | int }}
{{- $min := toString $pdb.minAvailable }}
{{- /* Kubernetes rounds a percentage up: 50% of one pod is one. */}}
{{- $kept := hasSuffix "%" $min | ternary (div (add (mul $replicas (trimSuffix "%" $min | int)) 99) 100) (int $min) }}
{{- if ge (int $kept) $replicas }}
{{- fail (printf "podDisruptionBudget.minAvailable (%s, %d of %d pods) must leave a pod that a drain may evict; use maxUnavailable" $min (int $kept) $replicas) }}
{{- end }}
{{- end }}
{{- if $v.serviceMonitor.enabled }}
{{- $timeout := include "cat-facts.millis" $v.serviceMonitor.scrapeTimeout | int64 }}
{{- $interval := include "cat-facts.millis" $v.serviceMonitor.interval | int64 }}
{{- if gt $timeout $interval }}
{{- fail (printf "serviceMonitor.scrapeTimeout (%s) must not exceed serviceMonitor.interval (%s): the operator would refuse the ServiceMonitor" $v.serviceMonitor.scrapeTimeout $v.serviceMonitor.interval) }}
{{- end }}
{{- /* rate() over the rules' 5m windows wants four samples or more; with two or fewer it returns nothing and the alerts never fire. */}}
{{- if and $v.prometheusRule.enabled (gt $interval 75000) }}
{{- fail (printf "serviceMonitor.interval (%s) must be at most 1m15s while prometheusRule is enabled: the rules' 5m rates need four samples" $v.serviceMonitor.interval) }}
{{- end }}
{{- else if $v.prometheusRule.enabled }}
{{- fail "prometheusRule.enabled needs serviceMonitor.enabled: the rules read the series of the ServiceMonitor's job, and CatFactsTargetMissing would page for ever without them" }}
{{- end }}
{{- if eq (int $v.service.port) (int $v.service.metricsPort) }}
{{- fail (printf "service.port and service.metricsPort must differ (both %d): the API server refuses a Service with a port twice" (int $v.service.port)) }}
{{- end }}
{{- if and $v.autoscaling.enabled (not (dig "requests" "cpu" "" ($v.resources | default dict))) }}
{{- fail "autoscaling.enabled needs resources.requests.cpu: the HorizontalPodAutoscaler scales on CPU utilisation, a share of the request" }}
{{- end }}
{{- end }}

{{/*
A Prometheus duration of ms, s, m and h parts ("1m30s") in milliseconds.
*/}}
{{- define "cat-facts.millis" -}}
{{- $units := dict "ms" 1 "s" 1000 "m" 60000 "h" 3600000 }}
{{- $total := 0 }}
{{- range regexFindAll "[0-9]+(ms|s|m|h)" . -1 }}
{{- $number := regexFind "^[0-9]+" . }}
{{- $total = add $total (mul (int64 $number) (get $units (trimPrefix $number .))) }}
{{- end }}
{{- $total }}
{{- end }}
