/**
 * Every `scan`/`fix` flag as data: the parser, `--help` and docs/cli.md are all generated from this
 * table, so they cannot drift apart.
 */
export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  value?: string;
  description: string;
}

/** Tables fit the terminal; this shows every cell whole (`--format json` carries everything too). */
export const WIDE_OPTION: OptionSpec = { name: 'wide', type: 'boolean', description: 'Tables: show every cell whole instead of fitting the terminal\'s width (off a terminal they are always whole).' };

/** `-o/--output FILE` means the same in every command: where the answer goes instead of standard output. */
export const OUTPUT_OPTION: OptionSpec = { name: 'output', short: 'o', type: 'string', value: 'FILE', description: 'Write to FILE instead of standard output.' };

export const EXIT_CODES = {
  clean: 0,
  findings: 1,
  usage: 2,
  scanErrors: 3,
} as const;

/**
 * One directory for every cache (core/cache-dir.ts); main.ts hands it to the lower layers as `RAMPART_CACHE_DIR`, the
 * variable this flag is also read from.
 */
export const CACHE_DIR_OPTION: OptionSpec = {
  name: 'cache-dir',
  type: 'string',
  value: 'DIR',
  description: 'Where Rampart keeps its caches: the vulnerability database (DIR/osv/osv.sqlite) and compiled Rego policies (DIR/rego). Default: $XDG_CACHE_HOME/rampart, else ~/.cache/rampart.',
};

/** Shared by `scan` (lockfiles, `--sbom`) and `image`. */
export const VULNERABILITY_OPTIONS: OptionSpec[] = [
  { name: 'db', type: 'string', value: 'FILE', description: 'Vulnerability database built by `rampart db update`. Default: $RAMPART_DB, else osv/osv.sqlite in --cache-dir.' },
  CACHE_DIR_OPTION,
  { name: 'ignore-unfixed', type: 'boolean', description: 'Leave out vulnerabilities that no released version fixes yet.' },
  { name: 'vex', type: 'string', multiple: true, value: 'FILE', description: 'OpenVEX or CycloneDX VEX document; `not_affected` statements suppress matching vulnerabilities. Repeatable.' },
  { name: 'max-db-age', type: 'string', value: 'DURATION', description: 'Warn when the vulnerability database is older than this (e.g. 36h, 7d). Default: 7d.' },
];

/** How `scan --cluster` and `cluster dump` reach the cluster; `--namespace` is declared by each command. */
export const CLUSTER_OPTIONS: OptionSpec[] = [
  { name: 'context', type: 'string', value: 'CTX', description: 'Kubeconfig context of the cluster to read (scan: with --cluster). Default: the current context.' },
  { name: 'kubeconfig', type: 'string', value: 'FILE', description: 'Kubeconfig file (scan: with --cluster). Default: $KUBECONFIG, ~/.kube/config, or the pod\'s service account.' },
  { name: 'exclude-namespace', type: 'string', multiple: true, value: 'NS', description: 'Skip the objects of this namespace (scan: with --cluster). Repeatable.' },
];

/** How charts and kustomizations are rendered, and the limits on it: the same for `scan`, `fix`, `rbac` and `netpol`. */
export const RENDER_OPTIONS: OptionSpec[] = [
  { name: 'release-name', type: 'string', value: 'NAME', description: 'Release name for rendering Helm charts. Default: release.' },
  { name: 'values', type: 'string', multiple: true, value: 'FILE', description: 'Extra Helm values file. Repeatable.' },
  { name: 'set', type: 'string', multiple: true, value: 'KEY=VALUE', description: 'Helm --set value. Repeatable.' },
  { name: 'helm', type: 'string', value: 'PATH', description: 'Helm binary. Default: $RAMPART_HELM or helm on PATH.' },
  { name: 'kubectl', type: 'string', value: 'PATH', description: 'kubectl binary for kustomize. Default: $RAMPART_KUBECTL or kubectl on PATH.' },
  { name: 'allow-remote', type: 'boolean', description: 'Let kustomize fetch remote resources, bases and components (URLs, git repositories). Without it, a kustomization that references one is reported and not rendered, and neither helm nor kubectl can reach the network.' },
  { name: 'render-timeout', type: 'string', value: 'DURATION', description: 'Stop helm or kubectl after this long (e.g. 90s, 5m) and report the chart or kustomization. Default: 2m.' },
  { name: 'render-memory', type: 'string', value: 'BYTES', description: 'Stop helm or kubectl once it uses this much memory (e.g. 512m, 2g) and report the chart or kustomization. Default: 1g.' },
];

export const SCAN_OPTIONS: OptionSpec[] = [
  { name: 'format', type: 'string', multiple: true, value: 'FMT[=FILE]', description: 'Output format: table, json, sarif, junit, markdown (a pull-request summary) or gitlab-sast (GitLab\'s SAST report); `sarif=out.sarif` writes to a file. Repeatable. Default: table.' },
  { name: 'severity', short: 's', type: 'string', value: 'SEV[,SEV...]', description: 'Report only these severities; a single value means "this or worse" (e.g. `medium`).' },
  { ...OUTPUT_OPTION, description: 'Write the report that would go to standard output to FILE instead.' },
  { name: 'fail-on', type: 'string', value: 'SEV|never', description: 'Exit 1 when an unsuppressed finding at or above this severity remains. Default: low.' },
  { name: 'exit-code', type: 'string', value: 'N', description: 'The exit status when --fail-on trips (Trivy\'s flag); 0 reports without failing. Default: 1.' },
  { name: 'quiet', short: 'q', type: 'boolean', description: 'No progress lines, and no table at all when there is nothing to report.' },
  { name: 'debug', short: 'v', type: 'boolean', description: 'Print on standard error how long each phase took: config, read, render, parse and check, set rules, policies, vulnerabilities, report, output.' },
  { name: 'timeout', type: 'string', value: 'DURATION', description: 'Give up on a scan not finished within this time (e.g. 90s, 5m): exit 3 and no report, never a partial one. Default: no limit.' },
  { name: 'config', short: 'c', type: 'string', value: 'FILE', description: 'Config file. Default: rampart.yaml in the current directory, if present.' },
  { name: 'ignore-file', type: 'string', value: 'FILE', description: 'Ignore file (entries with reason and expiry). Default: .rampartignore.yaml, if present.' },
  { name: 'exclude', type: 'string', multiple: true, value: 'GLOB', description: 'Skip paths matching the glob (in addition to .gitignore); `DIR/` skips the directory. Repeatable.' },
  { name: 'skip-dirs', type: 'string', multiple: true, value: 'DIR', description: 'Same as --exclude (Trivy\'s name). Repeatable.' },
  { name: 'skip-files', type: 'string', multiple: true, value: 'GLOB', description: 'Same as --exclude (Trivy\'s name). Repeatable.' },
  { name: 'check', type: 'string', multiple: true, value: 'ID[,ID...]', description: 'Run only these rules: rule IDs or any peer\'s alias (CKV_K8S_16, KSV017, DL3002...). Repeatable.' },
  { name: 'skip-check', type: 'string', multiple: true, value: 'ID[,ID...]', description: 'Do not run these rules (IDs or peer aliases). Repeatable.' },
  { name: 'pss-level', type: 'string', value: 'LEVEL', description: 'Pod Security Standards level: baseline, restricted or off. Default: restricted.' },
  { name: 'pss-version', type: 'string', value: 'VERSION', description: 'Pod Security Standards version, v1.0 to latest, as pod-security-admission versions them. Default: latest.' },
  { name: 'allowed-registry', type: 'string', multiple: true, value: 'PREFIX', description: 'Registries images may come from (e.g. ghcr.io/acme). Repeatable; adds to the config list.' },
  { name: 'strict', type: 'boolean', description: 'Ignore inline suppressions (comments and annotations); config, ignore file and baseline still apply.' },
  { name: 'baseline', type: 'string', value: 'FILE', description: 'Report only findings that are not in this baseline.' },
  { name: 'baseline-write', type: 'string', value: 'FILE', description: 'Write the current findings as a baseline.' },
  { name: 'show-suppressed', type: 'boolean', description: 'Show suppressed findings in table and JUnit output (JSON and SARIF always carry them).' },
  { name: 'namespace', short: 'n', type: 'string', multiple: true, value: 'NS', description: 'Namespace objects without one will be deployed to; passed to Helm and stops default-namespace findings for them. With --cluster: read only this namespace and no cluster-scoped objects (repeatable).' },
  ...RENDER_OPTIONS,
  { name: 'max-file-size', type: 'string', value: 'BYTES', description: 'Larger files are reported and skipped. Accepts k/m suffixes. Default: 10m.' },
  { name: 'no-color', type: 'boolean', description: 'Plain table output (also when NO_COLOR is set or output is not a terminal).' },
  WIDE_OPTION,
  { name: 'sbom', type: 'string', multiple: true, value: 'FILE', description: 'Also check the packages of this CycloneDX or SPDX JSON SBOM for vulnerabilities. Repeatable.' },
  { name: 'skip-dependencies', type: 'boolean', description: 'Do not read lockfiles or check dependencies for vulnerabilities.' },
  { name: 'cluster', type: 'boolean', description: 'Scan the objects of a live cluster (read-only: list and get) instead of files. Secret values are never read into the report.' },
  ...CLUSTER_OPTIONS,
  { name: 'policy', type: 'string', multiple: true, value: 'PATH', description: 'Also apply the users\' policies in this directory or file: ValidatingAdmissionPolicies (CEL) and Gatekeeper ConstraintTemplates with constraints (Rego), as `policies:` in rampart.yaml. Repeatable.' },
  { name: 'skip-secrets', type: 'boolean', description: 'Do not search files for leaked credentials (on by default: every text file, values files and templates).' },
  ...VULNERABILITY_OPTIONS,
];

/** The flags every command that prints a findings report shares, from one table so they mean the same everywhere. */
const REPORT_OPTION_NAMES = ['format', 'output', 'severity', 'fail-on', 'exit-code', 'quiet', 'config', 'ignore-file', 'baseline', 'baseline-write', 'show-suppressed', 'no-color', 'check', 'skip-check'];

/** The shared report flags, plus `extra` scan flags the command also takes, in the scan table's order. */
export function reportOptions(...extra: string[]): OptionSpec[] {
  const names = new Set([...REPORT_OPTION_NAMES, ...extra]);
  return SCAN_OPTIONS.filter((option) => names.has(option.name));
}

export const FIX_OPTIONS: OptionSpec[] = [
  { name: 'dry-run', type: 'boolean', description: 'Print a unified diff instead of rewriting files.' },
  { name: 'rule', type: 'string', multiple: true, value: 'ID', description: 'Only apply fixes of these rules. Repeatable.' },
  ...SCAN_OPTIONS.filter((o) => !['format', 'output', 'exit-code', 'fail-on', 'baseline-write', 'show-suppressed', 'sbom', 'skip-dependencies', 'skip-secrets', 'cluster', 'debug', 'timeout', 'wide'].includes(o.name) && !CLUSTER_OPTIONS.includes(o) && !VULNERABILITY_OPTIONS.includes(o)),
];

export const RULES_OPTIONS: OptionSpec[] = [
  { name: 'format', type: 'string', value: 'FMT', description: 'table (default), md or json.' },
  OUTPUT_OPTION,
];

export function helpText(command: string, summary: string, options: OptionSpec[]): string {
  const lines = [summary, '', 'Options:'];
  for (const option of options) {
    const flag = `${option.short ? `-${option.short}, ` : '    '}--${option.name}${option.value ? ` ${option.value}` : ''}`;
    lines.push(`  ${flag.padEnd(34)} ${option.description}`);
  }
  const gate = options.some((option) => option.name === 'fail-on') ? 'findings at or above --fail-on' : 'findings';
  lines.push('', `Exit codes: 0 clean, 1 ${gate}, 2 usage or config error, 3 some input could not be read.`);
  lines.push('', 'Every option can also be set in the environment as RAMPART_<OPTION> (e.g. RAMPART_FAIL_ON=high); the command line wins.');
  return `Usage: rampart ${command}\n\n${lines.join('\n')}\n`;
}

export function parseArgsConfig(options: OptionSpec[]): Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> {
  return Object.fromEntries(
    options.map((o) => [o.name, { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) }]),
  );
}
