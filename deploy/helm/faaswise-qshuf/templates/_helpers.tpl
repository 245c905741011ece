{{- define "faaswise-qshuf.labels" -}}
app.kubernetes.io/name: {{ .Values.service }}
app.kubernetes.io/part-of: faaswise
{{- end -}}

{{- define "faaswise-qshuf.controllerLabels" -}}
app.kubernetes.io/name: {{ .Values.controller }}
app.kubernetes.io/part-of: faaswise
{{- end -}}
