{{/* Chart name, overridable. */}}
{{- define "hermesx.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; a release already named like the chart keeps its name. */}}
{{- define "hermesx.fullname" -}}
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

{{- define "hermesx.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "hermesx.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The component label keeps the API pods apart from the in-chart PostgreSQL pod. */}}
{{- define "hermesx.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hermesx.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: api
{{- end }}

{{- define "hermesx.postgresql.fullname" -}}
{{- printf "%s-postgresql" (include "hermesx.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "hermesx.postgresql.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hermesx.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: postgresql
{{- end }}

{{- define "hermesx.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "hermesx.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "hermesx.image" -}}
{{- printf "%s:%s" .Values.image.repository (toString (.Values.image.tag | default .Chart.AppVersion)) }}
{{- end }}

{{/* The Secret the pods read credentials from. */}}
{{- define "hermesx.secretName" -}}
{{- default (include "hermesx.fullname" .) .Values.existingSecret }}
{{- end }}

{{- define "hermesx.tlsSecretName" -}}
{{- default (printf "%s-tls" (include "hermesx.fullname" .)) .Values.tls.secretName }}
{{- end }}

{{- define "hermesx.isProduction" -}}
{{- if eq (lower (toString .Values.env.HERMES_ENV)) "production" }}true{{ end }}
{{- end }}

{{/* DATABASE_URL for the in-chart PostgreSQL: through PgBouncer when it is enabled. */}}
{{- define "hermesx.postgresql.databaseUrl" -}}
{{- $auth := .Values.postgresql.auth }}
{{- $host := include "hermesx.postgresql.fullname" . }}
{{- $port := 5432 }}
{{- if .Values.pgbouncer.enabled }}
{{- $host = include "hermesx.pgbouncer.fullname" . }}
{{- $port = .Values.pgbouncer.port }}
{{- end }}
{{- printf "postgres://%s:%s@%s:%v/%s?sslmode=disable" (urlquery $auth.username) (urlquery $auth.password) $host $port $auth.database }}
{{- end }}

{{- define "hermesx.pgbouncer.fullname" -}}
{{- printf "%s-pgbouncer" (include "hermesx.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "hermesx.pgbouncer.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hermesx.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: pgbouncer
{{- end }}

{{/* The PostgreSQL server PgBouncer connects to: the in-chart one, or pgbouncer.server.host. */}}
{{- define "hermesx.pgbouncer.serverHost" -}}
{{- if .Values.postgresql.enabled }}{{ include "hermesx.postgresql.fullname" . }}{{ else }}{{ .Values.pgbouncer.server.host }}{{ end }}
{{- end }}

{{/* The Secret holding PgBouncer's userlist.txt: the chart's own with the in-chart PostgreSQL. */}}
{{- define "hermesx.pgbouncer.authSecret" -}}
{{- if .Values.postgresql.enabled }}{{ printf "%s-auth" (include "hermesx.pgbouncer.fullname" .) }}{{ else }}{{ .Values.pgbouncer.authSecret }}{{ end }}
{{- end }}

{{/*
Container env entries for the secret keys. DATABASE_URL and HERMES_ACP_TOKEN are required, so
a pod whose Secret lacks them fails visibly instead of starting half-configured.
*/}}
{{- define "hermesx.secretEnv" -}}
{{- $secret := include "hermesx.secretName" . }}
{{- range $key := .Values.secretEnvKeys }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $key }}
      optional: {{ not (has $key (list "DATABASE_URL" "HERMES_ACP_TOKEN")) }}
{{- end }}
{{- end }}

{{/* The preStop hook: a short delay so endpoints drop the pod before SIGTERM reaches it. */}}
{{- define "hermesx.preStop" -}}
{{- if .Values.lifecycle.preStopSleepAction }}
sleep:
  seconds: {{ .Values.lifecycle.preStopSleepSeconds }}
{{- else }}
exec:
  command: ["sleep", {{ .Values.lifecycle.preStopSleepSeconds | quote }}]
{{- end }}
{{- end }}

{{/* Refuses value combinations that would deploy something broken or unsafe. */}}
{{- define "hermesx.validate" -}}
{{- $prod := eq (include "hermesx.isProduction" .) "true" }}
{{- $plain := list }}
{{- range $key := .Values.secretEnvKeys }}
{{- if index $.Values.env $key }}
{{- $plain = append $plain $key }}
{{- end }}
{{- end }}
{{- range $key := list "ORLEANS_CLUSTER_ID" "ORLEANS_SERVICE_ID" "ORLEANS_SILO_PORT" "ORLEANS_GATEWAY_PORT" }}
{{- if hasKey $.Values.env $key }}
{{- fail (printf "env.%s: set it through orleans.* instead" $key) }}
{{- end }}
{{- end }}
{{- if $prod }}
{{- if .Values.postgresql.enabled }}
{{- fail "postgresql.enabled is for development; in production set postgresql.enabled=false and put a managed PostgreSQL's DATABASE_URL into existingSecret" }}
{{- end }}
{{- if not .Values.existingSecret }}
{{- fail "production (env.HERMES_ENV=production) reads credentials only from a Kubernetes Secret: create one with DATABASE_URL, HERMES_ACP_TOKEN (and LLM/MinIO keys) and set existingSecret" }}
{{- end }}
{{- if contains "*" (toString .Values.env.SAAS_ALLOWED_ORIGINS) }}
{{- fail "env.SAAS_ALLOWED_ORIGINS must list concrete origins in production, not *" }}
{{- end }}
{{- if and .Values.tls.enabled (not .Values.tls.secretName) }}
{{- fail "in production give tls.secretName (an existing kubernetes.io/tls Secret) instead of tls.certFile/tls.keyFile values" }}
{{- end }}
{{- end }}
{{- if and .Values.existingSecret $plain }}
{{- fail (printf "credentials must not be plain values when existingSecret is used (always the case in production): move env.%s into that Secret" (join ", env." $plain)) }}
{{- end }}
{{- if and .Values.existingSecret .Values.postgresql.enabled }}
{{- fail "postgresql.enabled builds DATABASE_URL into the chart's own Secret; it cannot be combined with existingSecret" }}
{{- end }}
{{- if and .Values.postgresql.enabled .Values.env.DATABASE_URL }}
{{- fail "postgresql.enabled builds DATABASE_URL itself: leave env.DATABASE_URL empty, or set postgresql.enabled=false" }}
{{- end }}
{{- if not (or .Values.existingSecret .Values.postgresql.enabled .Values.env.DATABASE_URL) }}
{{- fail "env.DATABASE_URL is required (or existingSecret, or postgresql.enabled=true for development)" }}
{{- end }}
{{- if and .Values.pgbouncer.enabled (eq (int .Values.pgbouncer.maxPreparedStatements) 0) (eq (toString .Values.env.HERMES_DB_PREPARED_STATEMENTS) "true") }}
{{- fail "pgbouncer.maxPreparedStatements is 0 (PgBouncer does not track prepared statements), so env.HERMES_DB_PREPARED_STATEMENTS cannot be true: leave it unset or set maxPreparedStatements" }}
{{- end }}
{{- if and .Values.pgbouncer.enabled (not .Values.postgresql.enabled) (not .Values.pgbouncer.server.host) }}
{{- fail "pgbouncer.enabled with an external PostgreSQL needs pgbouncer.server.host (and DATABASE_URL in existingSecret pointing at the <release>-hermesx-pgbouncer Service)" }}
{{- end }}
{{- if and .Values.pgbouncer.enabled (not .Values.postgresql.enabled) (not .Values.pgbouncer.authSecret) }}
{{- fail "pgbouncer.enabled with an external PostgreSQL needs pgbouncer.authSecret: a Secret whose userlist.txt holds the service role's \"name\" \"password\" line" }}
{{- end }}
{{- if not (has .Values.migration.mode (list "initContainer" "hook")) }}
{{- fail (printf "migration.mode must be initContainer or hook, not %q" .Values.migration.mode) }}
{{- end }}
{{- if and .Values.migration.enabled (eq .Values.migration.mode "hook") (not .Values.existingSecret) }}
{{- fail "migration.mode=hook needs existingSecret: the pre-install hook runs before the chart's own Secret exists" }}
{{- end }}
{{- if and .Values.tls.enabled (not .Values.ingress.enabled) }}
{{- fail "tls.enabled terminates TLS at the Ingress: set ingress.enabled=true" }}
{{- end }}
{{- if and .Values.tls.enabled (not .Values.tls.secretName) (not (and .Values.tls.certFile .Values.tls.keyFile)) }}
{{- fail "tls.enabled needs tls.secretName, or both tls.certFile and tls.keyFile" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.minReplicas) (int .Values.autoscaling.maxReplicas)) }}
{{- fail "autoscaling.minReplicas is greater than autoscaling.maxReplicas" }}
{{- end }}
{{- end }}

{{/*
The drain after SIGTERM; refuses a grace period that cannot hold preStop, the drain and the 45 s
Orleans takes to hand grains off (the silo's shutdown timeout is drain + 45 s).
*/}}
{{- define "hermesx.shutdownDrainSeconds" -}}
{{- $l := .Values.lifecycle -}}
{{- $needed := add $l.preStopSleepSeconds $l.shutdownDrainSeconds 45 -}}
{{- if lt (int $l.terminationGracePeriodSeconds) (int $needed) -}}
{{- fail (printf "lifecycle.terminationGracePeriodSeconds (%d) must be at least preStopSleepSeconds + shutdownDrainSeconds + 45 (%d)" (int $l.terminationGracePeriodSeconds) (int $needed)) -}}
{{- end -}}
{{- $l.shutdownDrainSeconds -}}
{{- end -}}
