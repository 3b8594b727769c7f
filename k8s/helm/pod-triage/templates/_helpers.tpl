{{- define "pod-triage.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "pod-triage.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "pod-triage.labels" -}}
{{ include "pod-triage.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "pod-triage.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "pod-triage.tokensSecret" -}}
{{ .Values.tokens.existingSecret | default (printf "%s-tokens" (include "pod-triage.fullname" .)) }}
{{- end -}}

{{/* TRIAGE_AUTH_TOKENS__DASHBOARD_ for "dashboard"; SINK_OPS_SLACK_URL for "ops-slack" */}}
{{- define "pod-triage.envName" -}}
{{ . | upper | replace "-" "_" | replace "." "_" }}
{{- end -}}

{{- define "pod-triage.historyClaim" -}}
{{ .Values.history.persistence.existingClaim | default (printf "%s-history" (include "pod-triage.fullname" .)) }}
{{- end -}}

{{- define "pod-triage.embeddedHistory" -}}
{{- if and .Values.history.enabled (not .Values.history.postgresql.jdbcUrl) }}true{{ end -}}
{{- end -}}
