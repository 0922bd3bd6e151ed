import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseMaxAge } from '../checks/vulnerabilities/database/max-age.js';
import { scanNode } from '../pipeline/node.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { reportOptions, type OptionSpec } from './options.js';
import { parseFailOn, scanOptionsFromFlags, type CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';
import { emitReport, parseOutputs } from './report-output.js';
import { complianceRequest, COMPLIANCE_OPTION, nodeScope, writeCompliance } from './compliance-output.js';


export const NODE_OPTIONS: OptionSpec[] = [
  { name: 'proc', type: 'string', value: 'DIR', description: 'procfs to read component command lines from (the DaemonSet passes /proc with hostPID). Default: ROOT/proc.' },
  { name: 'pid', type: 'string', multiple: true, value: 'PID', description: 'Read only this process (repeatable); other processes are never opened.' },
  { name: 'skip-processes', type: 'boolean', description: 'Judge the files only: read no process command line.' },
  { name: 'repeat', type: 'string', value: 'DURATION', description: 'Run again after this long (e.g. 24h), forever, printing a report each time (the DaemonSet uses it); the exit code is then that of a usage error only.' },
  ...reportOptions(),
  COMPLIANCE_OPTION,
];

export const nodeCommand: CommandSpec = {
  usage: 'node [ROOT] [options]',
  summary:
    'CIS Kubernetes Benchmark (v1.9) control-plane and node checks: API server, controller manager, scheduler, etcd and kubelet settings from processes, static pods, kubelet, kubeadm, k3s and RKE2 config files, and file permissions. ROOT is where the host file system is mounted (default /).',
  options: NODE_OPTIONS,
  run: runNodeCommand,
};

export async function runNodeCommand(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 1) throw new UsageError(`one ROOT at a time, got ${positionals.length}: ${positionals.join(' ')}`);
  const root = resolve(io.cwd, positionals[0] ?? '/');
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`ROOT ${positionals[0] ?? '/'} is not a directory`);
  const pids = (Array.isArray(values.pid) ? values.pid : []).map((text) => {
    if (!/^[1-9]\d{0,9}$/.test(text)) throw new UsageError(`--pid must be a process ID, not "${text}"`);
    return Number(text);
  });
  if (values['skip-processes'] === true && (pids.length > 0 || typeof values.proc === 'string')) throw new UsageError('--skip-processes reads no process; drop --pid and --proc');
  const repeat = typeof values.repeat === 'string' ? repeatInterval(values.repeat) : undefined;
  const compliance = complianceRequest(values);
  if (compliance && compliance.framework !== 'cis') throw new UsageError('rampart node judges the CIS Kubernetes Benchmark: use --compliance cis');
  const outputs = compliance ? [] : parseOutputs(Array.isArray(values.format) ? values.format : []);
  const { options, config } = await scanOptionsFromFlags(values, [], io);
  const failOn = typeof values['fail-on'] === 'string' ? parseFailOn(values['fail-on']) : (config.failOn ?? 'low');
  for (;;) {
    const { report, facts } = scanNode({
      ...options,
      now: new Date(),
      root,
      ...(values['skip-processes'] === true ? { proc: false as const } : typeof values.proc === 'string' ? { proc: resolve(io.cwd, values.proc) } : {}),
      ...(pids.length > 0 ? { pids } : {}),
    });
    const failed = compliance ? await writeCompliance(report, compliance, nodeScope(facts), values, io) : undefined;
    const code = await emitReport(report, outputs, failOn, values, io);
    if (repeat === undefined) return failed ?? code;
    await sleep(repeat);
  }
}

/** A number with its unit, s, m or h: a bare number would be ambiguous. */
function repeatInterval(text: string): number {
  const ms = /^\s*\d+[smh]\s*$/.test(text) ? parseMaxAge(text) : undefined;
  if (!ms || ms < 60_000) throw new UsageError(`--repeat must be a duration of a minute or more with s, m or h (e.g. 24h), not "${text}"`);
  return ms;
}
