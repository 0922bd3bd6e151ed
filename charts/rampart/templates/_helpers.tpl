{{/* The prefix of every object name: the release name, with "-rampart" unless it already says rampart. */}}
{{- define "rampart.fullname" -}}
{{- if contains "rampart" .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-rampart" .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The image every component runs: repository:tag@digest (the digest is what the kubelet pulls when set). */}}
{{- define "rampart.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion -}}
{{- if .Values.image.digest -}}
{{- printf "%s:%s@%s" .Values.image.repository $tag .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Labels of every object; "component" is the app.kubernetes.io/name the network policies select on. */}}
{{- define "rampart.labels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: rampart
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "rampart.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* The restricted Pod Security profile, as the manifests in deploy/ run: the image's own numeric user. */}}
{{- define "rampart.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "rampart.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end -}}

{{- define "rampart.imagePullSecrets" -}}
{{- with .Values.image.pullSecrets }}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/*
What automounting would provide, as an expiring token that only the container mounting it sees (the service
accounts themselves have automountServiceAccountToken: false).
*/}}
{{- define "rampart.apiAccessVolume" -}}
- name: api-access
  projected:
    sources:
      - serviceAccountToken:
          path: token
          expirationSeconds: 3600
      - configMap:
          name: kube-root-ca.crt
          items:
            - key: ca.crt
              path: ca.crt
      - downwardAPI:
          items:
            - path: namespace
              fieldRef:
                fieldPath: metadata.namespace
{{- end -}}

{{/* Egress to the cluster DNS in kube-system. */}}
{{- define "rampart.dnsEgress" -}}
- to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
  ports:
    - {protocol: UDP, port: 53}
    - {protocol: TCP, port: 53}
{{- end -}}

{{/*
Egress to the API server. Its address differs per cluster (and is often outside the pod network): by default the
ports only; with networkPolicy.apiServerCIDRs, those addresses only.
*/}}
{{- define "rampart.apiServerEgress" -}}
- ports:
    {{- range .Values.networkPolicy.apiServerPorts }}
    - {protocol: TCP, port: {{ . }}}
    {{- end }}
  {{- with .Values.networkPolicy.apiServerCIDRs }}
  to:
    {{- range . }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  {{- end }}
{{- end -}}

{{/* The Secret holding the webhook's serving certificate: cert-manager's, or the one named in values. */}}
{{- define "rampart.admissionTlsSecret" -}}
{{- if eq .Values.admission.certificate.source "secret" -}}
{{- required "admission.certificate.secretName is required with source secret" .Values.admission.certificate.secretName -}}
{{- else -}}
{{- printf "%s-admission-tls" (include "rampart.fullname" .) -}}
{{- end -}}
{{- end -}}
