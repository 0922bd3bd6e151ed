import { parseYamlFile } from '../../../../parsers/kubernetes/documents.js';
import { extractObjects, type KubernetesObject } from '../../../../parsers/kubernetes/objects.js';

/** Test builders for mesh inputs: multi-document YAML, flow maps for labels and annotations. */
export function meshObjects(yaml: string): KubernetesObject[] {
  const parsed = parseYamlFile('mesh.yaml', yaml);
  if (parsed.errors.length > 0) throw new Error(`test YAML is invalid: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return extractObjects(parsed);
}

/** A Namespace with the given labels/annotations (flow maps). */
export function namespace(name: string, labels = '{}', annotations = '{}'): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${labels}\n  annotations: ${annotations}\n`;
}

/** A Deployment whose pod template carries the given labels/annotations (flow maps) and extra spec lines. */
export function workload(name: string, ns: string, labels = '{}', annotations = '{}', spec = ''): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${ns}`,
    'spec:',
    '  template:',
    '    metadata:',
    `      labels: ${withApp(name, labels)}`,
    `      annotations: ${annotations}`,
    '    spec:',
    ...(spec ? [`      ${spec}`] : []),
    '      containers:',
    '        - name: app',
    '          image: nginx',
    '',
  ].join('\n');
}

function withApp(name: string, labels: string): string {
  const inner = labels.trim().replace(/^\{|\}$/g, '').trim();
  return `{app: ${name}${inner ? `, ${inner}` : ''}}`;
}

/** A PeerAuthentication; `selector` is a flow map of matchLabels, `extra` more spec lines. */
export function peerAuthentication(name: string, ns: string, mode: string | undefined, selector?: string, extra = ''): string {
  return [
    'apiVersion: security.istio.io/v1',
    'kind: PeerAuthentication',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${ns}`,
    'spec:',
    ...(selector ? ['  selector:', `    matchLabels: ${selector}`] : []),
    ...(mode ? ['  mtls:', `    mode: ${mode}`] : []),
    ...(extra ? [extra] : []),
    '',
  ].join('\n');
}

export function service(name: string, ns: string): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector: {app: ${name}}\n  ports: [{port: 80}]\n`;
}

export function docs(...parts: string[]): string {
  return parts.join('---\n');
}
