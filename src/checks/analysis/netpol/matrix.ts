import type { AddressSet } from './addresses.js';
import { ALL_CONNECTIONS, intersectConnections, isEmptyConnections, NO_CONNECTIONS, type Connections } from './connections.js';
import { normalize } from './intervals.js';
import type { NetpolAnalysis, Profile } from './analysis.js';
import type { Workload } from './model.js';

/** `ingress-controller`: the controller behind Ingress and Route objects, which the input does not describe. */
export type Endpoint = { type: 'workload'; workload: Workload } | { type: 'external'; addresses: AddressSet } | { type: 'ingress-controller' };

export interface Connection {
  src: Endpoint;
  dst: Endpoint;
  connections: Connections;
}

/** Edge lists in typed arrays: a full matrix of a large cluster would not fit as objects. */
export class EdgeList {
  src = new Int32Array(1024);
  dst = new Int32Array(1024);
  conn = new Int32Array(1024);
  length = 0;
  push(src: number, dst: number, conn: number): void {
    if (this.length === this.src.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.src = grow(this.src);
      this.dst = grow(this.dst);
      this.conn = grow(this.conn);
    }
    this.src[this.length] = src;
    this.dst[this.length] = dst;
    this.conn[this.length] = conn;
    this.length++;
  }
}

/**
 * Every allowed connection, held per workload class. Traffic between two sides nothing isolates (and
 * between such sides and the outside) is all allowed and kept as id lists rather than dense blocks.
 */
export class ConnectivityMatrix {
  constructor(
    readonly analysis: NetpolAnalysis,
    /** Class to class, where at least one side is isolated in the relevant direction. */
    readonly classEdges: EdgeList,
    /** Class to external block, for classes whose egress something restricts. */
    readonly egressEdges: EdgeList,
    /** External block to class, for classes whose ingress something restricts. */
    readonly ingressEdges: EdgeList,
    readonly open: {
      /** Classes whose egress to workloads nothing restricts; likewise the others. */
      sources: readonly number[];
      destinations: readonly number[];
      sourcesToBlocks: readonly number[];
      destinationsFromBlocks: readonly number[];
    },
    /** What the ingress controller may send each workload an Ingress or Route exposes (empty ones left out). */
    readonly fromIngressController: ReadonlyArray<{ workload: Workload; connections: Connections }>,
    /** Workloads an Ingress or Route exposes but whose policies admit nothing from the controller. */
    readonly blockedExposures: readonly Workload[],
  ) {}

  /** Every allowed connection between distinct workloads and with external blocks; unordered. */
  *connections(): Generator<Connection> {
    const { classes, blocks, conns } = this.analysis;
    const pairs = function* (a: number, b: number, connections: Connections): Generator<Connection> {
      for (const src of classes[a]!.workloads) {
        for (const dst of classes[b]!.workloads) {
          if (src !== dst) yield { src: { type: 'workload', workload: src }, dst: { type: 'workload', workload: dst }, connections };
        }
      }
    };
    for (let i = 0; i < this.classEdges.length; i++) yield* pairs(this.classEdges.src[i]!, this.classEdges.dst[i]!, conns.values[this.classEdges.conn[i]!]!);
    for (const a of this.open.sources) for (const b of this.open.destinations) yield* pairs(a, b, ALL_CONNECTIONS);
    const workload = (workload: Workload): Endpoint => ({ type: 'workload', workload });
    // Outside ranges a workload treats alike are one endpoint (one line), as connectivity analyzers
    // print them, not a line per fragment that some unrelated ipBlock happened to cut.
    const external = (ids: readonly number[]): Endpoint => ({ type: 'external', addresses: normalize(ids.flatMap((k) => blocks[k]!)) });
    for (const [cls, byConn] of groupByConnection(this.egressEdges, 'src', 'dst')) {
      for (const [conn, ids] of byConn) {
        const dst = external(ids);
        for (const w of classes[cls]!.workloads) yield { src: workload(w), dst, connections: conns.values[conn]! };
      }
    }
    for (const [cls, byConn] of groupByConnection(this.ingressEdges, 'dst', 'src')) {
      for (const [conn, ids] of byConn) {
        const src = external(ids);
        for (const w of classes[cls]!.workloads) yield { src, dst: workload(w), connections: conns.values[conn]! };
      }
    }
    if (blocks.length > 0) {
      const everywhere = external(blocks.map((_, k) => k));
      for (const a of this.open.sourcesToBlocks) for (const w of classes[a]!.workloads) yield { src: workload(w), dst: everywhere, connections: ALL_CONNECTIONS };
      for (const b of this.open.destinationsFromBlocks) for (const w of classes[b]!.workloads) yield { src: everywhere, dst: workload(w), connections: ALL_CONNECTIONS };
    }
    for (const c of this.fromIngressController) yield { src: { type: 'ingress-controller' }, dst: workload(c.workload), connections: c.connections };
  }
}

/**
 * The full matrix. A connection needs the source's egress and the destination's ingress; a side
 * nothing isolates allows everything. Work is proportional to what the policies allow, not to the
 * square of the workload count, except where both sides are open (kept implicit, see above). Admin
 * tiers override the NetworkPolicy verdict only at the peers their rules name.
 */
export function computeMatrix(analysis: NetpolAnalysis): ConnectivityMatrix {
  const { classes, blocks } = analysis;
  const profiles = (direction: 'ingress' | 'egress', byClass: number[][]) => {
    const cache = new Map<string, Profile>();
    return byClass.map((policies) => {
      if (policies.length === 0) return undefined;
      const key = policies.join(',');
      let profile = cache.get(key);
      if (!profile) cache.set(key, (profile = analysis.profile(policies, direction)));
      return profile;
    });
  };
  const egress = profiles('egress', analysis.egressPolicies);
  const ingress = profiles('ingress', analysis.ingressPolicies);
  const overrides = (direction: 'ingress' | 'egress', byClass: Array<Profile | undefined>) =>
    classes.map((cls) => (analysis.hasAdmin(cls, direction, !!byClass[cls.id]) ? analysis.adminOverrides(cls, direction, byClass[cls.id]) : undefined));
  const egressOverrides = overrides('egress', egress);
  const ingressOverrides = overrides('ingress', ingress);
  const all = analysis.conns.id(ALL_CONNECTIONS);
  const none = analysis.conns.id(NO_CONNECTIONS);
  const restricted = (profile: Profile | undefined, override: Map<number, number> | undefined) => !!profile || (!!override && override.size > 0);

  const egressConn = (a: number, b: number): number => {
    const override = egressOverrides[a]?.classes.get(b);
    if (override !== undefined) return override;
    const profile = egress[a];
    if (!profile) return all;
    const spec = analysis.unionSpecs(profile.everywhere, profile.perClass.get(b));
    return spec === undefined ? none : analysis.resolve(spec, classes[b]);
  };
  const ingressConn = (a: number, b: number): number => {
    const override = ingressOverrides[b]?.classes.get(a);
    if (override !== undefined) return override;
    const profile = ingress[b];
    if (!profile) return all;
    const spec = analysis.unionSpecs(profile.everywhere, profile.perClass.get(a));
    return spec === undefined ? none : analysis.resolve(spec, classes[b]);
  };
  const both = (a: number, b: number) => {
    const e = egressConn(a, b);
    if (e === none) return none;
    const i = ingressConn(a, b);
    return e === all ? i : i === all ? e : analysis.intersect(e, i);
  };

  // For sources nothing restricts: the destinations that may refuse or limit them.
  const candidates: number[][] = classes.map(() => []);
  const everyoneCandidates: number[] = [];
  classes.forEach((_, b) => {
    const profile = ingress[b];
    const override = ingressOverrides[b]?.classes;
    if (profile?.everywhere !== undefined || (!profile && override && override.size > 0)) everyoneCandidates.push(b);
    else if (profile) for (const a of profile.perClass.keys()) candidates[a]!.push(b);
    if (override) for (const a of override.keys()) candidates[a]!.push(b);
  });

  const classEdges = new EdgeList();
  const egressEdges = new EdgeList();
  const ingressEdges = new EdgeList();
  const open = { sources: [] as number[], destinations: [] as number[], sourcesToBlocks: [] as number[], destinationsFromBlocks: [] as number[] };
  const emit = (edges: EdgeList, src: number, dst: number, conn: number) => {
    if (conn !== none) edges.push(src, dst, conn);
  };

  for (let a = 0; a < classes.length; a++) {
    const profile = egress[a];
    const override = egressOverrides[a];
    if (restricted(profile, override?.classes)) {
      const targets = !profile || profile.everywhere !== undefined ? classes.map((c) => c.id) : new Set([...profile.perClass.keys(), ...(override?.classes.keys() ?? [])]);
      for (const b of targets) emit(classEdges, a, b, both(a, b));
    } else {
      open.sources.push(a);
      for (const b of new Set([...candidates[a]!, ...everyoneCandidates])) emit(classEdges, a, b, ingressConn(a, b));
    }
    if (restricted(profile, override?.blocks)) {
      for (let k = 0; k < blocks.length; k++) {
        const spec = profile && analysis.unionSpecs(profile.everywhere, profile.perBlock.get(k));
        emit(egressEdges, a, k, override?.blocks.get(k) ?? (!profile ? all : spec === undefined ? none : analysis.resolve(spec, undefined)));
      }
    } else open.sourcesToBlocks.push(a);
  }
  classes.forEach((cls, b) => {
    const profile = ingress[b];
    const override = ingressOverrides[b];
    if (!restricted(profile, override?.classes)) open.destinations.push(b);
    if (restricted(profile, override?.blocks)) {
      for (let k = 0; k < blocks.length; k++) {
        const spec = profile && analysis.unionSpecs(profile.everywhere, profile.perBlock.get(k));
        emit(ingressEdges, k, b, override?.blocks.get(k) ?? (!profile ? all : spec === undefined ? none : analysis.resolve(spec, cls)));
      }
    } else open.destinationsFromBlocks.push(b);
  });
  const fromIngressController: Array<{ workload: Workload; connections: Connections }> = [];
  const blockedExposures: Workload[] = [];
  for (const [workload, exposure] of analysis.model.exposed) {
    const connections = intersectConnections(exposure.connections, analysis.fromIngressController(analysis.classOf.get(workload)!));
    if (isEmptyConnections(connections)) blockedExposures.push(workload);
    else fromIngressController.push({ workload, connections });
  }
  return new ConnectivityMatrix(analysis, classEdges, egressEdges, ingressEdges, open, fromIngressController, blockedExposures);
}

/** Edges of one class side, grouped by connection id: the external block ids of each. */
function groupByConnection(edges: EdgeList, classSide: 'src' | 'dst', blockSide: 'src' | 'dst'): Map<number, Map<number, number[]>> {
  const out = new Map<number, Map<number, number[]>>();
  for (let i = 0; i < edges.length; i++) {
    const cls = edges[classSide][i]!;
    let byConn = out.get(cls);
    if (!byConn) out.set(cls, (byConn = new Map()));
    const ids = byConn.get(edges.conn[i]!);
    if (ids) ids.push(edges[blockSide][i]!);
    else byConn.set(edges.conn[i]!, [edges[blockSide][i]!]);
  }
  return out;
}
