import type { KubernetesObject } from '../../../parsers/kubernetes/objects.js';
import { asArray, asRecord, asString, getPath } from '../../../parsers/kubernetes/values.js';
import { connectionsOf, isProtocol, NO_CONNECTIONS, unionConnections, type Connections, type Protocol } from './connections.js';

/** What routing needs of a workload; the model's Workload has these and more. */
interface RoutedWorkload {
  namespace: string;
  labels: Readonly<Record<string, string>>;
  namedPorts: ReadonlyMap<string, number>;
}

/**
 * What Ingress objects (networking.k8s.io/v1, and the older serviceName/servicePort form) and
 * OpenShift Routes expose: through their backend Services, the pods those Services select, on the
 * pods' ports the Service forwards to. The ingress controller that carries the traffic is not in the
 * manifests; the analysis treats it as a pod of unknown labels in an unknown namespace.
 */
export interface Exposure {
  connections: Connections;
  /** The Ingress and Route objects that expose the workload. */
  via: KubernetesObject[];
}

interface ServicePort {
  name?: string;
  port: number;
  targetPort: number | string;
  protocol: Protocol;
}

interface Service {
  namespace: string;
  name: string;
  selector: ReadonlyArray<readonly [string, string]>;
  ports: ServicePort[];
}

/** A backend reference: a Service and which of its ports (absent: all of them). */
interface Backend {
  service: string;
  port?: { by: 'port'; value: number } | { by: 'name'; value: string } | { by: 'target'; value: number | string };
}

export function exposures<W extends RoutedWorkload>(objects: readonly KubernetesObject[], workloads: readonly W[], nsOf: (o: KubernetesObject) => string): Map<W, Exposure> {
  const services = new Map<string, Service>();
  for (const object of objects) {
    if (object.kind !== 'Service' || !object.name) continue;
    const service = parseService(object, nsOf(object));
    if (service) services.set(`${service.namespace}/${service.name}`, service);
  }
  const result = new Map<W, Exposure>();
  for (const object of objects) {
    const backends = object.kind === 'Ingress' ? ingressBackends(object) : object.kind === 'Route' && (object.apiVersion ?? '').startsWith('route.openshift.io/') ? routeBackends(object) : [];
    const namespace = nsOf(object);
    for (const backend of backends) {
      const service = services.get(`${namespace}/${backend.service}`);
      if (!service || service.selector.length === 0) continue;
      for (const workload of workloads) {
        if (workload.namespace !== namespace || !service.selector.every(([k, v]) => workload.labels[k] === v)) continue;
        const ports = service.ports.filter((p) => portMatches(p, backend.port, workload));
        const connections = ports.reduce((acc, port) => unionConnections(acc, targetConnections(port, workload)), NO_CONNECTIONS);
        const existing = result.get(workload);
        result.set(workload, {
          connections: existing ? unionConnections(existing.connections, connections) : connections,
          via: existing?.via.includes(object) ? existing.via : [...(existing?.via ?? []), object],
        });
      }
    }
  }
  return result;
}

function parseService(object: KubernetesObject, namespace: string): Service | undefined {
  const spec = asRecord(object.raw.spec);
  if (!spec) return undefined;
  const selector = Object.entries(asRecord(spec.selector) ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string');
  const ports: ServicePort[] = [];
  for (const value of asArray(spec.ports)) {
    const record = asRecord(value);
    const port = record?.port;
    const protocol = record?.protocol ?? 'TCP';
    if (typeof port !== 'number' || !isProtocol(protocol)) continue;
    const target = record?.targetPort;
    const name = asString(record?.name);
    ports.push({ port, protocol, targetPort: typeof target === 'number' || typeof target === 'string' ? target : port, ...(name ? { name } : {}) });
  }
  return { namespace, name: object.name!, selector, ports };
}

function ingressBackends(object: KubernetesObject): Backend[] {
  const spec = asRecord(object.raw.spec) ?? {};
  const candidates = [spec.defaultBackend, spec.backend];
  for (const rule of asArray(spec.rules)) for (const path of asArray(getPath(rule, ['http', 'paths']))) candidates.push(asRecord(path)?.backend);
  return candidates.flatMap((candidate): Backend[] => {
    const backend = asRecord(candidate);
    if (!backend) return [];
    const service = asRecord(backend.service);
    if (service) {
      const name = asString(service.name);
      const number = getPath(service, ['port', 'number']);
      const portName = getPath(service, ['port', 'name']);
      if (!name) return [];
      if (typeof number === 'number') return [{ service: name, port: { by: 'port', value: number } }];
      return [{ service: name, ...(typeof portName === 'string' ? { port: { by: 'name' as const, value: portName } } : {}) }];
    }
    // extensions/v1beta1 and networking.k8s.io/v1beta1: serviceName and servicePort (number or name).
    const name = asString(backend.serviceName);
    const port = backend.servicePort;
    if (!name) return [];
    if (typeof port === 'number') return [{ service: name, port: { by: 'port', value: port } }];
    return [{ service: name, ...(typeof port === 'string' ? { port: { by: 'name' as const, value: port } } : {}) }];
  });
}

/** A Route's `to` and `alternateBackends` Services; `spec.port.targetPort` is a Service port's name or a pod port number. */
function routeBackends(object: KubernetesObject): Backend[] {
  const spec = asRecord(object.raw.spec) ?? {};
  const target = getPath(spec, ['port', 'targetPort']);
  const port = typeof target === 'number' || typeof target === 'string' ? { by: 'target' as const, value: target } : undefined;
  return [spec.to, ...asArray(spec.alternateBackends)].flatMap((candidate): Backend[] => {
    const to = asRecord(candidate);
    const name = asString(to?.name);
    if (!to || !name || (to.kind !== undefined && to.kind !== 'Service')) return [];
    return [{ service: name, ...(port ? { port } : {}) }];
  });
}

function portMatches(port: ServicePort, wanted: Backend['port'], workload: RoutedWorkload): boolean {
  if (!wanted) return true;
  if (wanted.by === 'port') return port.port === wanted.value;
  if (wanted.by === 'name') return port.name === wanted.value;
  // A Route's targetPort: a name is the Service port's (the Endpoints port name), a number the pod port.
  if (typeof wanted.value === 'string') return port.name === wanted.value;
  return targetConnections(port, workload)[port.protocol].some(([first]) => first === wanted.value);
}

/** The pod port a Service port forwards to: a number, or a container port name resolved on this workload. */
function targetConnections(port: ServicePort, workload: RoutedWorkload): Connections {
  if (typeof port.targetPort === 'number') return connectionsOf(port.protocol, [[port.targetPort, port.targetPort]]);
  const resolved = workload.namedPorts.get(`${port.protocol}/${port.targetPort}`);
  return resolved === undefined ? NO_CONNECTIONS : connectionsOf(port.protocol, [[resolved, resolved]]);
}
