{{/*
Names and labels, defined once: the Service, ServiceMonitor, NetworkPolicy, PodDisruptionBudget
and alert rules all use these, so they cannot drift apart.
*/}}

{{- define "cat-facts.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name. Also the Prometheus `job` label of the scraped series, because a
ServiceMonitor names the job after the Service.
*/}}
{{- define "cat-facts.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "cat-facts.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "cat-facts.labels" -}}
helm.sh/chart: {{ include "cat-facts.chart" . }}
{{ include "cat-facts.selectorLabels" . }}
app.kubernetes.io/version: {{ (.Values.image.tag | default .Chart.AppVersion) | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: {{ include "cat-facts.name" . }}
{{- end }}

{{- define "cat-facts.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cat-facts.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The release's `helm test` pod: not the app's selector labels, so the Service never sends it
traffic; the NetworkPolicy admits it by these.
*/}}
{{- define "cat-facts.testPodLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: test
{{- end }}

{{- define "cat-facts.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cat-facts.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "cat-facts.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{/*
The PromQL selector of this release's series: the job (the Service name) in the release's
namespace. Used by every recording rule and alert.
*/}}
{{- define "cat-facts.promSelector" -}}
job="{{ include "cat-facts.fullname" . }}", namespace="{{ .Release.Namespace }}"
{{- end }}
