import { isAbsolute, join, relative } from 'node:path';
import type { ScanError } from '../core/finding.js';
import type { RuleHit } from '../core/rule-hit.js';
import { HostRoot } from '../sources/host/root.js';
import { readProcesses } from '../sources/host/processes.js';
import { gatherNodeFacts, programOf } from '../checks/rules/node/gather.js';
import type { NodeFacts, Owner } from '../checks/rules/node/model.js';
import { nodeRules } from '../checks/rules/node/index.js';
import { buildReport, type ReportResult } from './report-builder.js';
import { selectRules } from './rule-selection.js';
import type { ScanOptions } from './scan.js';

export type NodeScanOptions = Pick<ScanOptions, 'settings' | 'rules' | 'severities' | 'exemptions' | 'ignoreEntries' | 'baseline' | 'strict' | 'now' | 'cwd'> & {
  /** Where the host's file system is mounted: `/` on the node, `/host` in the DaemonSet. */
  root: string;
  /** Read process command lines from this procfs (default `<root>/proc`); false reads none (files only). */
  proc?: string | false;
  /** Read only these processes (the others are never opened). */
  pids?: number[];
  /** Expected owner of control-plane files; root:root unless given (tests give their own uid and gid). */
  owner?: Owner;
};

/**
 * `rampart node`: the CIS control-plane and node checks of one host, as a normal report (suppressions, baselines,
 * severities and the gate apply as for a scan). Nothing Kubernetes-shaped under the root is an error, not a pass.
 */
export function scanNode(options: NodeScanOptions): ReportResult & { facts: NodeFacts } {
  const started = performance.now();
  const host = new HostRoot(options.root);
  const errors: ScanError[] = [];
  const listing =
    options.proc === false
      ? { processes: [], unreadable: [] }
      : readProcesses({
          procDir: options.proc ?? join(host.root, 'proc'),
          ...(options.pids ? { pids: options.pids } : {}),
          wanted: (argv) => programOf(argv) !== undefined,
          envPrefix: (argv) => (programOf(argv) === 'etcd' ? 'ETCD_' : undefined),
        });
  for (const { pid, message } of listing.unreadable) errors.push({ file: `process:${pid}`, message });
  for (const { pid, argv, envError } of listing.processes) {
    if (envError) errors.push({ file: `process:${programOf(argv)}`, level: 'warning', message: `environment of process ${pid} not read (${envError}): settings given as ETCD_* variables are not seen` });
  }
  const display = (path: string) => {
    const rel = relative(options.cwd, path);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : path;
  };
  const gathered = gatherNodeFacts({ host, processes: listing.processes, display, ...(options.owner ? { owner: options.owner } : {}) });
  errors.push(...gathered.errors);
  const { facts } = gathered;
  if (facts.components.length === 0 && facts.files.length === 0) {
    errors.push({
      file: host.root,
      message: 'found no Kubernetes component here: no control-plane or kubelet process, static pod manifest, kubelet config, kubeadm, k3s or RKE2 files (is ROOT where the host file system is mounted?)',
    });
  }

  const selection = selectRules(options.rules, options.settings);
  const rules = nodeRules.filter((rule) => selection.isEnabled(rule.meta.id));
  const hits: RuleHit[] = [];
  for (const rule of rules) {
    try {
      rule.check(facts, (finding) => hits.push({ meta: rule.meta, message: finding.message, location: finding.location, resource: finding.resource, identity: finding.key }));
    } catch (error) {
      errors.push({ file: host.root, message: `rule ${rule.meta.id} failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  const result = buildReport({
    hits,
    errors,
    directives: new Map(),
    selection: { ...selection, metas: rules.map((rule) => ({ ...rule.meta, severity: selection.severityOf(rule.meta.id) })) },
    options: { ...(options.severities ? { severities: options.severities } : {}), exemptions: options.exemptions, ignoreEntries: options.ignoreEntries, ...(options.baseline ? { baseline: options.baseline } : {}), strict: options.strict },
    now: options.now ?? new Date(),
    started,
    files: new Set(facts.files.map((f) => f.stat.realPath)).size,
    resources: facts.components.length,
    packages: 0,
    vulnerabilities: [],
  });
  return { ...result, facts };
}
