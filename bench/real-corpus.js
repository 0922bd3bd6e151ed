// Writes a manifest tree shaped like real public ones (kube-prometheus, microservices-demo, kubernetes-goat) replicated
// to about 10,000 resources in about 7,000 files and 100 MB: CRDs with large OpenAPI schemas whose descriptions sit in
// block scalars, ConfigMaps holding 100 KB+ Grafana dashboards, PrometheusRules with many alerts, RBAC, Secrets, every
// workload kind, NetworkPolicies, multi-document files and plain directories without a kustomization.
// Deterministic (seeded), no network. The synthetic corpus.js stays for the small-resource throughput figures.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from './support.js';

const WORDS = (
  'the a of to is in for that by be this with are on as an or it from at which if not when its all may must can ' +
  'specifies defines field value object reference selector label annotation name namespace pod container volume ' +
  'resource request limit endpoint service monitor scrape interval timeout relabel config target port path scheme ' +
  'TLS certificate key secret bearer token authorization header proxy URL cluster node affinity toleration taint ' +
  'deprecated optional required default empty list map string integer boolean duration format more info see docs ' +
  'kubernetes io concepts operator prometheus alertmanager thanos sidecar storage retention replica shard query ' +
  'remote write read queue capacity batch backoff sample series metric honor labels timestamps relabeling rules'
).split(' ');

const PROMQL = [
  (job) => `sum(rate(container_cpu_usage_seconds_total{job="kubelet", metrics_path="/metrics/cadvisor", cluster="$cluster", namespace="$namespace"}[$__rate_interval])) by (pod)`,
  (job) => `histogram_quantile(0.99, sum(rate(apiserver_request_duration_seconds_bucket{job="${job}", verb!="WATCH"}[5m])) by (le, resource, verb))`,
  (job) => `sum(container_memory_working_set_bytes{job="kubelet", metrics_path="/metrics/cadvisor", cluster="$cluster", namespace="$namespace", container!="", image!=""}) by (container)`,
  (job) => `(1 - avg(rate(node_cpu_seconds_total{job="${job}", mode="idle"}[$__rate_interval])) by (instance)) * 100`,
  (job) => `sum by (namespace) (kube_pod_container_resource_requests{job="kube-state-metrics", resource="memory", cluster="$cluster"})`,
  (job) => `rate(prometheus_tsdb_head_samples_appended_total{job="${job}", instance=~"$instance"}[5m])`,
  (job) => `max by (cluster, namespace, job, pod) (kube_pod_status_phase{job="kube-state-metrics", phase=~"Pending|Unknown|Failed"}) > 0`,
];

const ALERTS = [
  ['KubePodCrashLooping', 'Pod {{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }}) is in waiting state (reason: "CrashLoopBackOff").', 'max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff", job="kube-state-metrics"}[5m]) >= 1'],
  ['KubeDeploymentReplicasMismatch', 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has not matched the expected number of replicas for longer than 15 minutes.', '(\n  kube_deployment_spec_replicas{job="kube-state-metrics"}\n    >\n  kube_deployment_status_replicas_available{job="kube-state-metrics"}\n) and (\n  changes(kube_deployment_status_replicas_updated{job="kube-state-metrics"}[10m])\n    ==\n  0\n)'],
  ['KubeCPUOvercommit', 'Cluster {{ $labels.cluster }} has overcommitted CPU resource requests for Pods by {{ $value }} CPU shares and cannot tolerate node failure.', 'sum(namespace_cpu:kube_pod_container_resource_requests:sum{}) by (cluster) - (sum(kube_node_status_allocatable{job="kube-state-metrics",resource="cpu"}) by (cluster) - max(kube_node_status_allocatable{job="kube-state-metrics",resource="cpu"}) by (cluster)) > 0'],
  ['NodeFilesystemSpaceFillingUp', 'Filesystem on {{ $labels.device }}, mounted on {{ $labels.mountpoint }}, at {{ $labels.instance }} has only {{ printf "%.2f" $value }}% available space left and is filling up.', '(\n  node_filesystem_avail_bytes{job="node-exporter",fstype!="",mountpoint!=""} / node_filesystem_size_bytes{job="node-exporter",fstype!="",mountpoint!=""} * 100 < 15\nand\n  predict_linear(node_filesystem_avail_bytes{job="node-exporter",fstype!="",mountpoint!=""}[6h], 24*60*60) < 0\nand\n  node_filesystem_readonly{job="node-exporter",fstype!="",mountpoint!=""} == 0\n)'],
  ['PrometheusRemoteWriteBehind', 'Prometheus {{$labels.namespace}}/{{$labels.pod}} remote write is {{ printf "%.1f" $value }}s behind for {{ $labels.remote_name}}:{{ $labels.url }}.', '(\n  max_over_time(prometheus_remote_storage_highest_timestamp_in_seconds{job="prometheus-k8s",namespace="monitoring"}[5m])\n-\n  ignoring(remote_name, url) group_right\n  max_over_time(prometheus_remote_storage_queue_highest_sent_timestamp_seconds{job="prometheus-k8s",namespace="monitoring"}[5m])\n)\n> 120'],
  ['AlertmanagerFailedToSendAlerts', 'Alertmanager {{ $labels.namespace }}/{{ $labels.pod}} failed to send {{ $value | humanizePercentage }} of notifications to {{ $labels.integration }}.', '(\n  rate(alertmanager_notifications_failed_total{job="alertmanager-main",namespace="monitoring"}[5m])\n/\n  ignoring (reason) group_left rate(alertmanager_notifications_total{job="alertmanager-main",namespace="monitoring"}[5m])\n)\n> 0.01'],
];

const IMAGES = [
  'quay.io/prometheus/prometheus:v2.54.1', 'quay.io/prometheus/node-exporter:v1.8.2', 'quay.io/brancz/kube-rbac-proxy:v0.18.1',
  'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.13.0', 'grafana/grafana:11.2.0',
  'us-central1-docker.pkg.dev/google-samples/microservices-demo/frontend:v0.10.1', 'redis:alpine', 'nginx:latest',
  'madhuakula/k8s-goat-hidden-in-layers', 'madhuakula/k8s-goat-health-check', 'busybox',
];

function indent(text, n) {
  const pad = ' '.repeat(n);
  return text.replace(/^(?=.)/gm, pad);
}

/** One deterministic stream of everything random in the corpus. */
function makeSource(seed) {
  const { random, pick } = seededRandom(seed);
  const sentence = (min, max) => {
    const n = min + random(max - min + 1);
    const words = Array.from({ length: n }, () => pick(WORDS));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return `${words.join(' ')}.`;
  };
  // Descriptions wrap at 80 columns like `controller-gen` output, so they land in block scalars.
  const paragraph = (sentences) => {
    const text = Array.from({ length: sentences }, () => sentence(6, 18)).join(' ');
    return text.replace(/(.{1,78})(?:\s+|$)/g, '$1\n').trimEnd();
  };
  const alnum = (n) => Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[random(36)]).join('');
  return { random, pick, sentence, paragraph, alnum };
}

// ---------- kube-prometheus: CRDs, dashboards, rules, RBAC, monitoring workloads ----------

function schemaNode(src, depth, budget) {
  const lines = [];
  const count = depth === 0 ? 12 : 3 + src.random(6);
  for (let i = 0; i < count && budget.nodes > 0; i++) {
    budget.nodes--;
    const name = `${src.pick(WORDS).replace(/\W/g, '')}${src.pick(['', 'Config', 'Selector', 'Spec', 'Ref', 'Timeout', 'Labels'])}${i}`;
    const kind = depth < 7 && src.random(3) === 0 ? (src.random(3) === 0 ? 'array' : 'object') : src.pick(['string', 'string', 'integer', 'boolean', 'map']);
    lines.push(`${name}:`);
    lines.push('  description: |-');
    lines.push(indent(src.paragraph(1 + src.random(4)), 4));
    if (kind === 'object') {
      lines.push('  properties:');
      lines.push(indent(schemaNode(src, depth + 1, budget), 4));
      if (src.random(2) === 0) lines.push('  required:', `  - ${name.toLowerCase()}`);
      lines.push('  type: object');
      if (src.random(4) === 0) lines.push('  x-kubernetes-map-type: atomic');
    } else if (kind === 'array') {
      lines.push('  items:', '    properties:');
      lines.push(indent(schemaNode(src, depth + 1, budget), 6));
      lines.push('    type: object', '  type: array');
      if (src.random(3) === 0) lines.push('  x-kubernetes-list-type: atomic');
    } else if (kind === 'map') {
      lines.push('  additionalProperties:', '    type: string', '  type: object');
    } else if (kind === 'integer') {
      lines.push('  format: int32', '  minimum: 0', '  type: integer');
    } else if (kind === 'string' && src.random(4) === 0) {
      lines.push('  enum:', '  - Always', '  - Never', '  - IfNotPresent', '  type: string');
    } else if (kind === 'string' && src.random(4) === 0) {
      lines.push(`  pattern: ^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$`, '  type: string');
    } else {
      lines.push(`  type: ${kind}`);
    }
  }
  return lines.join('\n');
}

function crd(src, group, kind, targetBytes) {
  const plural = `${kind.toLowerCase()}s`;
  // About 420 bytes per schema node with these descriptions.
  const budget = { nodes: Math.max(20, Math.round(targetBytes / 420)) };
  const versions = [];
  for (const version of ['v1']) {
    versions.push(
      `  - additionalPrinterColumns:\n    - description: The version of ${kind}\n      jsonPath: .spec.version\n      name: Version\n      type: string\n` +
        `    - jsonPath: .metadata.creationTimestamp\n      name: Age\n      type: date\n    name: ${version}\n    schema:\n      openAPIV3Schema:\n` +
        `        description: |-\n${indent(src.paragraph(3), 10)}\n        properties:\n          apiVersion:\n            description: |-\n` +
        `              APIVersion defines the versioned schema of this representation of an object.\n              More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources\n` +
        `            type: string\n          kind:\n            type: string\n          metadata:\n            type: object\n          spec:\n            description: |-\n${indent(src.paragraph(2), 14)}\n` +
        `            properties:\n${indent(schemaNode(src, 0, budget), 14)}\n            type: object\n          status:\n            type: object\n            x-kubernetes-preserve-unknown-fields: true\n` +
        `        required:\n        - spec\n        type: object\n    served: true\n    storage: true\n    subresources:\n      status: {}\n`,
    );
  }
  return (
    `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  annotations:\n    controller-gen.kubebuilder.io/version: v0.16.1\n    operator.prometheus.io/version: 0.76.0\n` +
    `  name: ${plural}.${group}\nspec:\n  group: ${group}\n  names:\n    categories:\n    - prometheus-operator\n    kind: ${kind}\n    listKind: ${kind}List\n    plural: ${plural}\n    singular: ${kind.toLowerCase()}\n` +
    `  scope: Namespaced\n  versions:\n${versions.join('')}`
  );
}

function dashboard(src, title, targetBytes) {
  const panels = [];
  let size = 0;
  for (let id = 1; size < targetBytes; id++) {
    const panel = {
      datasource: { type: 'prometheus', uid: '${datasource}' },
      description: src.sentence(8, 20),
      fieldConfig: {
        defaults: { color: { mode: 'palette-classic' }, custom: { drawStyle: 'line', fillOpacity: 10, lineWidth: 1, showPoints: 'never', spanNulls: false, stacking: { group: 'A', mode: 'none' } }, min: 0, unit: src.pick(['bytes', 'short', 'percentunit', 's', 'reqps']) },
        overrides: [],
      },
      gridPos: { h: 7, w: 12, x: (id % 2) * 12, y: Math.floor(id / 2) * 7 },
      id,
      interval: '1m',
      options: { legend: { calcs: ['lastNotNull', 'max'], displayMode: 'table', placement: 'right', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
      pluginVersion: 'v11.1.0',
      targets: Array.from({ length: 1 + src.random(3) }, (_, i) => ({
        datasource: { type: 'prometheus', uid: '${datasource}' },
        expr: src.pick(PROMQL)(src.pick(['apiserver', 'node-exporter', 'prometheus-k8s'])),
        format: 'time_series',
        intervalFactor: 2,
        legendFormat: `{{${src.pick(['pod', 'container', 'instance', 'namespace'])}}}`,
        refId: String.fromCharCode(65 + i),
      })),
      title: src.sentence(2, 5).slice(0, -1),
      type: src.pick(['timeseries', 'timeseries', 'stat', 'table', 'gauge']),
    };
    const text = JSON.stringify(panel, null, 4);
    size += text.length;
    panels.push(panel);
  }
  const board = {
    annotations: { list: [] },
    editable: false,
    graphTooltip: 1,
    panels,
    refresh: '10s',
    schemaVersion: 39,
    tags: ['kubernetes-mixin'],
    templating: {
      list: [
        { current: { selected: true, text: 'default', value: 'default' }, hide: 0, label: 'Data source', name: 'datasource', query: 'prometheus', type: 'datasource' },
        { datasource: { type: 'prometheus', uid: '${datasource}' }, hide: 2, label: 'cluster', name: 'cluster', query: 'label_values(up{job="kubelet", metrics_path="/metrics/cadvisor"}, cluster)', refresh: 2, type: 'query' },
        { datasource: { type: 'prometheus', uid: '${datasource}' }, label: 'namespace', name: 'namespace', query: 'label_values(kube_namespace_status_phase{job="kube-state-metrics", cluster="$cluster"}, namespace)', refresh: 2, type: 'query' },
      ],
    },
    time: { from: 'now-1h', to: 'now' },
    timezone: 'UTC',
    title,
    uid: src.alnum(32),
  };
  return JSON.stringify(board, null, 4);
}

function dashboardConfigMap(src, ns, name, targetBytes) {
  const json = dashboard(src, `Kubernetes / ${name}`, targetBytes);
  return (
    `apiVersion: v1\ndata:\n  ${name}.json: |-\n${indent(json, 4)}\nkind: ConfigMap\nmetadata:\n  labels:\n    app.kubernetes.io/component: grafana\n` +
    `    app.kubernetes.io/name: grafana\n    app.kubernetes.io/part-of: kube-prometheus\n    app.kubernetes.io/version: 11.2.0\n  name: grafana-dashboard-${name}\n  namespace: ${ns}\n`
  );
}

function prometheusRule(src, ns, name, groups) {
  const out = [
    `apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  labels:\n    app.kubernetes.io/component: exporter\n    app.kubernetes.io/name: ${name}\n` +
      `    app.kubernetes.io/part-of: kube-prometheus\n    prometheus: k8s\n    role: alert-rules\n  name: ${name}-rules\n  namespace: ${ns}\nspec:\n  groups:`,
  ];
  for (let g = 0; g < groups; g++) {
    out.push(`  - name: ${name}.group-${g}\n    rules:`);
    for (let r = 0; r < 6 + src.random(8); r++) {
      const [alert, description, expr] = src.pick(ALERTS);
      out.push(
        `    - alert: ${alert}${r}\n      annotations:\n        description: ${JSON.stringify(description)}\n        runbook_url: https://runbooks.prometheus-operator.dev/runbooks/kubernetes/${alert.toLowerCase()}\n` +
          `        summary: ${src.sentence(4, 9)}\n      expr: |\n${indent(expr, 8)}\n      for: ${src.pick(['5m', '15m', '1h'])}\n      labels:\n        severity: ${src.pick(['warning', 'critical', 'info'])}`,
      );
    }
    out.push(`  - name: ${name}.recording-${g}\n    rules:`);
    for (let r = 0; r < 4; r++) {
      out.push(`    - expr: |\n${indent(src.pick(PROMQL)('kubelet'), 8)}\n      record: namespace_${name.replace(/-/g, '_')}:recording_${g}_${r}:sum`);
    }
  }
  return `${out.join('\n')}\n`;
}

const labels = (component, name, version = '0.76.0') =>
  `  labels:\n    app.kubernetes.io/component: ${component}\n    app.kubernetes.io/name: ${name}\n    app.kubernetes.io/part-of: kube-prometheus\n    app.kubernetes.io/version: ${version}\n`;

function clusterRole(name, component) {
  return (
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n${labels(component, name)}  name: ${name}\nrules:\n` +
    `- apiGroups:\n  - ""\n  resources:\n  - nodes/metrics\n  - services\n  - endpoints\n  - pods\n  verbs:\n  - get\n  - list\n  - watch\n` +
    `- apiGroups:\n  - authentication.k8s.io\n  resources:\n  - tokenreviews\n  verbs:\n  - create\n- apiGroups:\n  - authorization.k8s.io\n  resources:\n  - subjectaccessreviews\n  verbs:\n  - create\n` +
    `- nonResourceURLs:\n  - /metrics\n  - /metrics/slis\n  verbs:\n  - get\n`
  );
}

function binding(kind, name, component, ns) {
  const roleKind = kind === 'ClusterRoleBinding' ? 'ClusterRole' : 'Role';
  return (
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n${labels(component, name)}  name: ${name}\n${kind === 'RoleBinding' ? `  namespace: ${ns}\n` : ''}` +
    `roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${roleKind}\n  name: ${name}\nsubjects:\n- kind: ServiceAccount\n  name: ${name}\n  namespace: ${ns}\n`
  );
}

function role(name, component, ns) {
  return (
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n${labels(component, name)}  name: ${name}\n  namespace: ${ns}\nrules:\n` +
    `- apiGroups:\n  - ""\n  resources:\n  - services\n  - endpoints\n  - pods\n  verbs:\n  - get\n  - list\n  - watch\n- apiGroups:\n  - extensions\n  resources:\n  - ingresses\n  verbs:\n  - get\n  - list\n  - watch\n` +
    `- apiGroups:\n  - networking.k8s.io\n  resources:\n  - ingresses\n  verbs:\n  - get\n  - list\n  - watch\n`
  );
}

const serviceAccount = (name, component, ns) =>
  `apiVersion: v1\nautomountServiceAccountToken: false\nkind: ServiceAccount\nmetadata:\n${labels(component, name)}  name: ${name}\n  namespace: ${ns}\n`;

function monitoringService(name, component, ns, port) {
  return (
    `apiVersion: v1\nkind: Service\nmetadata:\n${labels(component, name)}  name: ${name}\n  namespace: ${ns}\nspec:\n  ports:\n  - name: https\n    port: ${port}\n    targetPort: https\n` +
    `  - name: reloader-web\n    port: 8080\n    targetPort: reloader-web\n  selector:\n    app.kubernetes.io/component: ${component}\n    app.kubernetes.io/name: ${name}\n    app.kubernetes.io/part-of: kube-prometheus\n  sessionAffinity: ClientIP\n`
  );
}

function serviceMonitor(name, component, ns) {
  return (
    `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n${labels(component, name)}  name: ${name}\n  namespace: ${ns}\nspec:\n  endpoints:\n` +
    `  - bearerTokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token\n    interval: 30s\n    metricRelabelings:\n    - action: drop\n      regex: kubelet_(pod_worker_latency_microseconds|pod_start_latency_microseconds)\n      sourceLabels:\n      - __name__\n` +
    `    port: https-metrics\n    relabelings:\n    - action: replace\n      sourceLabels:\n      - __metrics_path__\n      targetLabel: metrics_path\n    scheme: https\n    tlsConfig:\n      insecureSkipVerify: true\n` +
    `  jobLabel: app.kubernetes.io/name\n  namespaceSelector:\n    matchNames:\n    - ${ns}\n  selector:\n    matchLabels:\n      app.kubernetes.io/component: ${component}\n      app.kubernetes.io/name: ${name}\n`
  );
}

function networkPolicy(name, component, ns, port) {
  return (
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n${labels(component, name)}  name: ${name}\n  namespace: ${ns}\nspec:\n  egress:\n  - {}\n  ingress:\n` +
    `  - from:\n    - podSelector:\n        matchLabels:\n          app.kubernetes.io/name: prometheus\n    ports:\n    - port: ${port}\n      protocol: TCP\n` +
    `  podSelector:\n    matchLabels:\n      app.kubernetes.io/component: ${component}\n      app.kubernetes.io/name: ${name}\n      app.kubernetes.io/part-of: kube-prometheus\n  policyTypes:\n  - Egress\n  - Ingress\n`
  );
}

function hardenedContainer(name, image, port) {
  return (
    `      - args:\n        - --secure-listen-address=:${port}\n        - --tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256\n        - --upstream=http://127.0.0.1:8081/\n` +
    `        image: ${image}\n        name: ${name}\n        ports:\n        - containerPort: ${port}\n          name: https\n        resources:\n          limits:\n            cpu: 40m\n            memory: 40Mi\n` +
    `          requests:\n            cpu: 20m\n            memory: 20Mi\n        securityContext:\n          allowPrivilegeEscalation: false\n          capabilities:\n            drop:\n            - ALL\n` +
    `          readOnlyRootFilesystem: true\n          runAsGroup: 65532\n          runAsNonRoot: true\n          runAsUser: 65532\n          seccompProfile:\n            type: RuntimeDefault\n`
  );
}

function monitoringWorkload(kind, name, component, ns) {
  const node = kind === 'DaemonSet';
  const extra = node
    ? `      hostNetwork: true\n      hostPID: true\n      volumes:\n      - hostPath:\n          path: /sys\n        name: sys\n      - hostPath:\n          path: /\n        name: root\n`
    : `      volumes:\n      - emptyDir: {}\n        name: tmp\n`;
  return (
    `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n${labels(component, name)}  name: ${name}\n  namespace: ${ns}\nspec:\n${kind === 'Deployment' ? '  replicas: 1\n' : ''}` +
    `  selector:\n    matchLabels:\n      app.kubernetes.io/component: ${component}\n      app.kubernetes.io/name: ${name}\n      app.kubernetes.io/part-of: kube-prometheus\n` +
    `${kind === 'StatefulSet' ? `  serviceName: ${name}\n` : ''}  template:\n    metadata:\n      annotations:\n        kubectl.kubernetes.io/default-container: ${name}\n` +
    `      labels:\n        app.kubernetes.io/component: ${component}\n        app.kubernetes.io/name: ${name}\n        app.kubernetes.io/part-of: kube-prometheus\n    spec:\n` +
    `      automountServiceAccountToken: true\n      containers:\n${hardenedContainer(name, IMAGES[kind === 'DaemonSet' ? 1 : 3], 8443)}${hardenedContainer('kube-rbac-proxy', IMAGES[2], 9443)}` +
    `      nodeSelector:\n        kubernetes.io/os: linux\n      priorityClassName: system-cluster-critical\n      securityContext:\n        runAsGroup: 65534\n        runAsNonRoot: true\n        runAsUser: 65534\n` +
    `      serviceAccountName: ${name}\n${node ? '      tolerations:\n      - operator: Exists\n' : ''}${extra}`
  );
}

function customResource(kind, name, component, ns) {
  return (
    `apiVersion: monitoring.coreos.com/v1\nkind: ${kind}\nmetadata:\n${labels(component, name, '2.54.1')}  name: ${name}\n  namespace: ${ns}\nspec:\n` +
    `  image: ${IMAGES[0]}\n  nodeSelector:\n    kubernetes.io/os: linux\n  podMonitorSelector: {}\n  replicas: 2\n  resources:\n    requests:\n      memory: 400Mi\n` +
    `  ruleSelector: {}\n  securityContext:\n    fsGroup: 2000\n    runAsNonRoot: true\n    runAsUser: 1000\n  serviceAccountName: ${name}\n  serviceMonitorSelector: {}\n  version: 2.54.1\n`
  );
}

function opaqueSecret(src, name, ns) {
  const b64 = (text) => Buffer.from(text).toString('base64');
  return (
    `apiVersion: v1\nkind: Secret\nmetadata:\n${labels('alert-router', name)}  name: ${name}\n  namespace: ${ns}\ntype: Opaque\ndata:\n` +
    `  alertmanager.yaml: ${b64(`global:\n  resolve_timeout: 5m\nroute:\n  receiver: Default\n  group_by: [namespace]\nreceivers:\n- name: Default\n  slack_configs:\n  - api_url: https://hooks.example.com/services/${src.alnum(24)}\n`)}\n` +
    `  tls.key: ${b64(src.alnum(900))}\n`
  );
}

function kubePrometheus(src, dir, stack) {
  const ns = `monitoring-${stack}`;
  const files = [];
  const crdKinds = ['Prometheus', 'Alertmanager', 'ThanosRuler', 'ServiceMonitor', 'PodMonitor', 'Probe', 'PrometheusAgent', 'ScrapeConfig', 'AlertmanagerConfig', 'PrometheusRule'];
  // Real CRD sizes range from ~30 KB (PrometheusRule) to ~700 KB (Prometheus).
  const crdSizes = [700, 480, 420, 140, 120, 110, 560, 260, 330, 30];
  crdKinds.forEach((kind, i) => files.push([`setup/0${kind.toLowerCase()}CustomResourceDefinition.yaml`, crd(src, `s${stack}.monitoring.coreos.com`, kind, crdSizes[i] * 1024 * 0.75)]));
  for (const [i, board] of ['apiserver', 'cluster-total', 'k8s-resources-cluster', 'k8s-resources-namespace', 'k8s-resources-pod', 'node-exporter', 'prometheus', 'kubelet'].entries()) {
    files.push([`grafana-dashboard-${board}.yaml`, dashboardConfigMap(src, ns, board, (60 + ((i * 37) % 140)) * 1024)]);
  }
  for (const rules of ['kubernetes-monitoring', 'node-exporter', 'prometheus', 'alertmanager', 'kube-state-metrics']) {
    files.push([`${rules}-prometheusRule.yaml`, prometheusRule(src, ns, rules, 2 + src.random(4))]);
  }
  const components = [
    ['prometheus-k8s', 'prometheus', 'StatefulSet'], ['alertmanager-main', 'alert-router', 'StatefulSet'], ['node-exporter', 'exporter', 'DaemonSet'],
    ['kube-state-metrics', 'exporter', 'Deployment'], ['prometheus-operator', 'controller', 'Deployment'], ['blackbox-exporter', 'exporter', 'Deployment'],
    ['prometheus-adapter', 'metrics-adapter', 'Deployment'], ['grafana', 'grafana', 'Deployment'],
  ];
  for (const [name, component, kind] of components) {
    files.push([`${name}-clusterRole.yaml`, clusterRole(name, component)]);
    files.push([`${name}-clusterRoleBinding.yaml`, binding('ClusterRoleBinding', name, component, ns)]);
    files.push([`${name}-role.yaml`, role(name, component, ns)]);
    files.push([`${name}-roleBinding.yaml`, binding('RoleBinding', name, component, ns)]);
    files.push([`${name}-serviceAccount.yaml`, serviceAccount(name, component, ns)]);
    files.push([`${name}-service.yaml`, monitoringService(name, component, ns, 8443)]);
    files.push([`${name}-serviceMonitor.yaml`, serviceMonitor(name, component, ns)]);
    files.push([`${name}-networkPolicy.yaml`, networkPolicy(name, component, ns, 9090)]);
    if (name.startsWith('prometheus-k8s') || name.startsWith('alertmanager')) {
      files.push([`${name}-${component}.yaml`, customResource(name.startsWith('prometheus') ? 'Prometheus' : 'Alertmanager', name, component, ns)]);
      files.push([`${name}-podDisruptionBudget.yaml`, `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n${labels(component, name)}  name: ${name}\n  namespace: ${ns}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${name}\n`]);
    } else {
      files.push([`${name}-${kind.toLowerCase()}.yaml`, monitoringWorkload(kind, name, component, ns)]);
    }
  }
  files.push(['alertmanager-main-secret.yaml', opaqueSecret(src, 'alertmanager-main', ns)]);
  files.push(['grafana-config.yaml', opaqueSecret(src, 'grafana-config', ns)]);
  return writeAll(dir, files);
}

// ---------- microservices-demo: one all-in-one file plus per-service files with license headers ----------

const LICENSE = '# Copyright 2018 Google LLC\n#\n# Licensed under the Apache License, Version 2.0 (the "License");\n# you may not use this file except in compliance with the License.\n# You may obtain a copy of the License at\n#\n#      http://www.apache.org/licenses/LICENSE-2.0\n#\n# Unless required by applicable law or agreed to in writing, software\n# distributed under the License is distributed on an "AS IS" BASIS,\n# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.\n# See the License for the specific language governing permissions and\n# limitations under the License.\n';
const SHOP = [
  ['emailservice', 8080, 'grpc'], ['checkoutservice', 5050, 'grpc'], ['recommendationservice', 8080, 'grpc'], ['frontend', 8080, 'http'],
  ['paymentservice', 50051, 'grpc'], ['productcatalogservice', 3550, 'grpc'], ['cartservice', 7070, 'grpc'], ['loadgenerator', 0, 'none'],
  ['currencyservice', 7000, 'grpc'], ['shippingservice', 50051, 'grpc'], ['redis-cart', 6379, 'tcp'], ['adservice', 9555, 'grpc'],
];

function shopDeployment(name, port, probe, careless) {
  const probeText =
    probe === 'grpc'
      ? `        readinessProbe:\n          grpc:\n            port: ${port}\n        livenessProbe:\n          grpc:\n            port: ${port}\n`
      : probe === 'http'
        ? `        readinessProbe:\n          initialDelaySeconds: 10\n          httpGet:\n            path: "/_healthz"\n            port: ${port}\n            httpHeaders:\n            - name: "Cookie"\n              value: "shop_session-id=x-readiness-probe"\n`
        : '';
  const security = careless
    ? ''
    : `        securityContext:\n          allowPrivilegeEscalation: false\n          capabilities:\n            drop:\n              - ALL\n          privileged: false\n          readOnlyRootFilesystem: true\n`;
  return (
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  labels:\n    app: ${name}\nspec:\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n` +
    `    spec:\n      serviceAccountName: ${name}\n      terminationGracePeriodSeconds: 5\n${careless ? '' : '      securityContext:\n        fsGroup: 1000\n        runAsGroup: 1000\n        runAsNonRoot: true\n        runAsUser: 1000\n'}` +
    `      containers:\n      - name: server\n${security}        image: us-central1-docker.pkg.dev/google-samples/microservices-demo/${name}:v0.10.1\n` +
    (port ? `        ports:\n        - containerPort: ${port}\n` : '') +
    `        env:\n        - name: PORT\n          value: "${port}"\n        - name: DISABLE_PROFILER\n          value: "1"\n        # - name: COLLECTOR_SERVICE_ADDR\n        #   value: "opentelemetrycollector:4317"\n` +
    probeText +
    `        resources:\n          requests:\n            cpu: 100m\n            memory: 64Mi\n          limits:\n            cpu: 200m\n            memory: 128Mi\n`
  );
}

const shopService = (name, port) =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  labels:\n    app: ${name}\nspec:\n  type: ClusterIP\n  selector:\n    app: ${name}\n  ports:\n  - name: grpc\n    port: ${port}\n    targetPort: ${port}\n`;
const shopAccount = (name) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n`;

function microservicesDemo(src, dir, stack) {
  const files = [];
  const all = [];
  for (const [i, [name, port, probe]] of SHOP.entries()) {
    const docs = [shopDeployment(name, port, probe, (stack + i) % 5 === 0)];
    if (port) docs.push(shopService(name, port));
    docs.push(shopAccount(name));
    all.push(...docs);
    files.push([`kubernetes-manifests/${name}.yaml`, `${LICENSE}\n${docs.join('---\n')}`]);
  }
  files.push(['release/kubernetes-manifests.yaml', `${LICENSE}\n# ----------------------------------------------------------\n# WARNING: This file is autogenerated. Do not manually edit.\n# ----------------------------------------------------------\n\n${all.join('---\n')}`]);
  return writeAll(dir, files);
}

// ---------- kubernetes-goat: deliberately careless scenarios ----------

function goatScenario(src, name, i) {
  const kinds = ['Deployment', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'StatefulSet'];
  const kind = kinds[i % kinds.length];
  const container =
    `    - name: ${name}\n      image: ${src.pick(IMAGES.slice(7))}\n      imagePullPolicy: Always\n      securityContext:\n        privileged: ${i % 2 === 0}\n        allowPrivilegeEscalation: true\n` +
    `      env:\n      - name: API_KEY\n        value: "k8s-goat-${src.alnum(16)}"\n      - name: DATABASE_URL\n        value: "postgres://goat:${src.alnum(12)}@db:5432/goat"\n` +
    `      ports:\n      - containerPort: ${3000 + (i % 50)}\n      volumeMounts:\n      - name: docker-sock-volume\n        mountPath: /custom/docker/docker.sock\n` +
    `  volumes:\n  - name: docker-sock-volume\n    hostPath:\n      path: /var/run/docker.sock\n      type: Socket\n`;
  const podSpec = `  hostPID: ${i % 3 === 0}\n  hostNetwork: ${i % 4 === 0}\n  containers:\n${container}`;
  const header = (apiVersion) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${i % 3 === 0 ? 'default' : 'big-monolith'}\n`;
  const template = (n) => indent(`template:\n  metadata:\n    labels:\n      app: ${name}\n  spec:\n${indent(podSpec, 2)}`, n);
  let doc;
  if (kind === 'Pod') doc = `${header('v1')}spec:\n${podSpec}`;
  else if (kind === 'Job') doc = `${header('batch/v1')}spec:\n${template(2)}      restartPolicy: Never\n`;
  else if (kind === 'CronJob') doc = `${header('batch/v1')}spec:\n  schedule: "@hourly"\n  jobTemplate:\n    spec:\n${template(6)}          restartPolicy: OnFailure\n`;
  else doc = `${header('apps/v1')}spec:\n  selector:\n    matchLabels:\n      app: ${name}\n${template(2)}`;
  const b64 = (text) => Buffer.from(text).toString('base64');
  const docs = [
    `# ${name}: scenario ${i} of the vulnerable-by-design cluster\n${doc}`,
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}-service\n  namespace: big-monolith\nspec:\n  type: NodePort\n  selector:\n    app: ${name}\n  ports:\n  - protocol: TCP\n    port: 80\n    targetPort: ${3000 + (i % 50)}\n    nodePort: ${30000 + (i % 2000)}\n`,
  ];
  if (i % 2 === 0) docs.push(`apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}-secret\n  namespace: big-monolith\ntype: Opaque\ndata:\n  k8svaultapikey: ${b64(`k8s-goat-${src.alnum(32)}`)}\n  username: ${b64('admin')}\n`);
  if (i % 3 === 0) {
    docs.push(`apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}-all\nrules:\n- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: ["*"]\n`);
    docs.push(`apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ${name}-all\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${name}-all\nsubjects:\n- kind: ServiceAccount\n  name: default\n  namespace: big-monolith\n`);
  }
  return docs.join('---\n');
}

function kubernetesGoat(src, dir, stack) {
  const files = [];
  for (let i = 0; i < 40; i++) files.push([`scenarios/scenario-${i}/deployment.yaml`, goatScenario(src, `goat-${stack}-${i}`, i + stack)]);
  return writeAll(dir, files);
}

// ---------- plain application directories: one small resource per file, as teams hand-write them ----------

function plainApp(src, dir, stack, apps) {
  const files = [];
  for (let a = 0; a < apps; a++) {
    const name = `app-${stack}-${a}`;
    const [, port, probe] = SHOP[a % SHOP.length];
    files.push([`${name}/deployment.yaml`, `# Owned by team ${a % 9}\n${shopDeployment(name, port || 8080, probe, a % 4 === 0)}`]);
    files.push([`${name}/service.yaml`, shopService(name, port || 8080)]);
    files.push([`${name}/serviceaccount.yaml`, shopAccount(name)]);
    files.push([`${name}/configmap.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}-config\ndata:\n  LOG_LEVEL: info\n  FEATURE_FLAGS: "checkout,recommendations"\n  application.yaml: |\n    server:\n      port: ${port || 8080}\n    management:\n      endpoints:\n        web:\n          exposure:\n            include: health,info,prometheus\n`]);
    files.push([`${name}/networkpolicy.yaml`, `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  podSelector:\n    matchLabels:\n      app: ${name}\n  policyTypes:\n  - Ingress\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels:\n          app: frontend\n    ports:\n    - port: ${port || 8080}\n`]);
    files.push([`${name}/hpa.yaml`, `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: ${name}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ${name}\n  minReplicas: 2\n  maxReplicas: 10\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n      target:\n        type: Utilization\n        averageUtilization: 70\n`]);
  }
  return writeAll(dir, files);
}

function writeAll(dir, files) {
  const totals = { files: 0, bytes: 0, resources: 0 };
  for (const [path, text] of files) {
    const full = join(dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, text);
    totals.files++;
    totals.bytes += Buffer.byteLength(text);
    totals.resources += text.split(/^---$/m).filter((doc) => /^kind: /m.test(doc)).length;
  }
  return totals;
}

/**
 * Writes the corpus under `dir`; `stacks` copies of each project (22 gives ~10,000 resources, ~7,000 files, ~100 MB).
 * Returns the totals it wrote.
 */
export function writeRealCorpus(dir, stacks = 22) {
  const src = makeSource(20240611);
  const totals = { files: 0, bytes: 0, resources: 0 };
  const add = (part) => {
    totals.files += part.files;
    totals.bytes += part.bytes;
    totals.resources += part.resources;
  };
  for (let stack = 0; stack < stacks; stack++) {
    const root = join(dir, `stack-${String(stack).padStart(2, '0')}`);
    add(kubePrometheus(src, join(root, 'kube-prometheus', 'manifests'), stack));
    add(microservicesDemo(src, join(root, 'microservices-demo'), stack));
    add(kubernetesGoat(src, join(root, 'kubernetes-goat'), stack));
    add(plainApp(src, join(root, 'apps'), stack, 27));
  }
  return totals;
}
