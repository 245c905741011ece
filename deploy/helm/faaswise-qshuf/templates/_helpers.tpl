{{- define "faaswise-qshuf.labels" -}}
app.kubernetes.io/name: {{ .Values.service }}
app.kubernetes.io/part-of: faaswise
{{- end -}}
