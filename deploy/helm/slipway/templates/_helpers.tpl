{{/*
Names. Kubernetes names are at most 63 characters (DNS labels).
*/}}
{{- define "slipway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Object name: fullnameOverride, else the release name when it already contains the chart name
("slipway", "slipway-prod"), else "<release>-<chart name>".
*/}}
{{- define "slipway.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "slipway.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A name derived from the full name, e.g. "<fullname>-database"; kept within 63 characters. */}}
{{- define "slipway.childName" -}}
{{- $root := index . 0 -}}
{{- $suffix := index . 1 -}}
{{- printf "%s-%s" (include "slipway.fullname" $root | trunc (int (sub 62 (len $suffix))) | trimSuffix "-") $suffix -}}
{{- end -}}

{{/* Pod selector labels: stable across upgrades (a Deployment's selector cannot change). */}}
{{- define "slipway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "slipway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of every object. */}}
{{- define "slipway.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "slipway.selectorLabels" . }}
app.kubernetes.io/version: {{ include "slipway.imageTag" . | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/component: server
app.kubernetes.io/part-of: slipway
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "slipway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "slipway.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "slipway.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag -}}
{{- end -}}

{{- define "slipway.image" -}}
{{- printf "%s:%s" .Values.image.repository (include "slipway.imageTag" .) -}}
{{- end -}}

{{/*
Secrets. Each credential comes either from a Secret the chart creates (keys named after the
environment variables) or from an existing Secret with configurable keys.
*/}}
{{- define "slipway.databaseSecretName" -}}
{{- default (include "slipway.childName" (list . "database")) .Values.database.existingSecret -}}
{{- end -}}

{{- define "slipway.s3SecretName" -}}
{{- default (include "slipway.childName" (list . "s3")) .Values.artifacts.s3.existingSecret -}}
{{- end -}}

{{- define "slipway.adminSecretName" -}}
{{- default (include "slipway.childName" (list . "admin")) .Values.admin.existingSecret -}}
{{- end -}}

{{- define "slipway.createDatabaseSecret" -}}
{{- if not .Values.database.existingSecret }}true{{ end -}}
{{- end -}}

{{- define "slipway.createS3Secret" -}}
{{- if and (eq .Values.artifacts.type "s3") (not .Values.artifacts.s3.existingSecret) }}true{{ end -}}
{{- end -}}

{{- define "slipway.createAdminSecret" -}}
{{- if and .Values.admin.password (not .Values.admin.existingSecret) }}true{{ end -}}
{{- end -}}

{{/*
SLIPWAY_DATABASE_URL: jdbc:postgresql://host:port/name?sslmode=...&<params, sorted>.
*/}}
{{- define "slipway.databaseUrl" -}}
{{- $db := .Values.database -}}
{{- $query := list (printf "sslmode=%s" (urlquery $db.sslmode)) -}}
{{- range $key := keys $db.params | sortAlpha -}}
{{- $query = append $query (printf "%s=%s" (urlquery $key) (urlquery (toString (get $db.params $key)))) -}}
{{- end -}}
{{- $host := $db.host -}}
{{- if contains ":" $host -}}{{- $host = printf "[%s]" $host -}}{{- end -}}
{{- printf "jdbc:postgresql://%s:%d/%s?%s" $host (int $db.port) $db.name (join "&" $query) -}}
{{- end -}}

{{/* SLIPWAY_ARTIFACTS_URI: s3://bucket/prefix, or the mounted folder. */}}
{{- define "slipway.artifactsUri" -}}
{{- if eq .Values.artifacts.type "s3" -}}
{{- $prefix := trimAll "/" .Values.artifacts.s3.prefix -}}
{{- if $prefix -}}
{{- printf "s3://%s/%s" .Values.artifacts.s3.bucket $prefix -}}
{{- else -}}
{{- printf "s3://%s" .Values.artifacts.s3.bucket -}}
{{- end -}}
{{- else -}}
{{- .Values.artifacts.filesystem.mountPath -}}
{{- end -}}
{{- end -}}

{{/* Variables the chart sets itself; env and extraEnv may not set them again. */}}
{{- define "slipway.managedEnv" -}}
SLIPWAY_PORT SLIPWAY_DATA_DIR JAVA_TOOL_OPTIONS SLIPWAY_DATABASE_URL SLIPWAY_DATABASE_USERNAME SLIPWAY_DATABASE_PASSWORD SLIPWAY_DATABASE_MAXPOOLSIZE SLIPWAY_ARTIFACTS_URI SLIPWAY_S3_ENDPOINT SLIPWAY_S3_REGION SLIPWAY_S3_ACCESS_KEY SLIPWAY_S3_SECRET_KEY SLIPWAY_ADMIN_USERNAME SLIPWAY_ADMIN_PASSWORD SLIPWAY_FORWARD_HEADERS SLIPWAY_TRUSTED_PROXIES SLIPWAY_PUBLIC_METRICS
{{- end -}}

{{/*
Refuses values that cannot work, with a message naming the value to set. There are no default
passwords: the database credentials and (with artifacts in S3) the S3 keys must be given, either
as values or as an existing Secret.
*/}}
{{- define "slipway.validate" -}}
{{- $v := .Values -}}
{{- $_ := required "database.host is required: the chart deploys no PostgreSQL; set it to your PostgreSQL server's host name" $v.database.host -}}
{{- if not $v.database.existingSecret -}}
{{- if not $v.database.password -}}
{{- fail "database.password or database.existingSecret is required: the chart has no default password. Set database.existingSecret to the name of a Secret holding the credentials (keys database.existingSecretUsernameKey / database.existingSecretPasswordKey), or database.password" -}}
{{- end -}}
{{- $_ := required "database.username is required with database.password" $v.database.username -}}
{{- else -}}
{{- $_ := required "database.existingSecretPasswordKey is required with database.existingSecret" $v.database.existingSecretPasswordKey -}}
{{- if not $v.database.existingSecretUsernameKey -}}
{{- $_ := required "database.username is required when database.existingSecretUsernameKey is empty" $v.database.username -}}
{{- end -}}
{{- end -}}
{{- if eq $v.artifacts.type "s3" -}}
{{- $_ := required "artifacts.s3.bucket is required with artifacts.type s3: the chart deploys no S3 service; name your existing bucket" $v.artifacts.s3.bucket -}}
{{- if not $v.artifacts.s3.existingSecret -}}
{{- if or (not $v.artifacts.s3.accessKey) (not $v.artifacts.s3.secretKey) -}}
{{- fail "artifacts.s3.accessKey and artifacts.s3.secretKey, or artifacts.s3.existingSecret, are required with artifacts.type s3: Slipway needs S3 credentials and the chart has no default. Set artifacts.s3.existingSecret to the name of a Secret holding them (keys artifacts.s3.existingSecretAccessKeyKey / artifacts.s3.existingSecretSecretKeyKey), or both keys as values" -}}
{{- end -}}
{{- end -}}
{{- else if eq $v.artifacts.type "filesystem" -}}
{{- $_ := required "artifacts.filesystem.existingClaim is required with artifacts.type filesystem: a ReadWriteMany PersistentVolumeClaim every replica mounts" $v.artifacts.filesystem.existingClaim -}}
{{- else -}}
{{- fail (printf "artifacts.type must be s3 or filesystem, not %q" $v.artifacts.type) -}}
{{- end -}}
{{- if and $v.admin.password (lt (len $v.admin.password) 12) -}}
{{- fail "admin.password must be at least 12 characters (Slipway refuses a shorter one at start-up)" -}}
{{- end -}}
{{- if and $v.pdb.enabled (not (kindIs "invalid" $v.pdb.minAvailable)) (ne (toString $v.pdb.minAvailable) "") (not (kindIs "invalid" $v.pdb.maxUnavailable)) (ne (toString $v.pdb.maxUnavailable) "") -}}
{{- fail "pdb.minAvailable and pdb.maxUnavailable are exclusive: set one of them to \"\"" -}}
{{- end -}}
{{- if and $v.autoscaling.enabled (gt (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas)) -}}
{{- fail "autoscaling.minReplicas must not exceed autoscaling.maxReplicas" -}}
{{- end -}}
{{- $managed := splitList " " (include "slipway.managedEnv" .) -}}
{{- range $name, $_ := $v.env -}}
{{- if has $name $managed -}}
{{- fail (printf "env.%s is set by the chart from its own values (database.*, artifacts.*, admin.*, forwardHeaders, trustedProxies, jvm.*, metrics.public); set those instead" $name) -}}
{{- end -}}
{{- end -}}
{{- range $v.extraEnv -}}
{{- if has .name $managed -}}
{{- fail (printf "extraEnv %s is set by the chart from its own values (database.*, artifacts.*, admin.*, forwardHeaders, trustedProxies, jvm.*, metrics.public); set those instead" .name) -}}
{{- end -}}
{{- if hasKey $v.env .name -}}
{{- fail (printf "%s is in both env and extraEnv" .name) -}}
{{- end -}}
{{- end -}}
{{- end -}}
