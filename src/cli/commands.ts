import type { CommandSpec } from './command.js';

/**
 * Every command, loaded on use: a command's module brings the pipeline parts it needs, and a pre-commit run of
 * `rampart scan` should not compile the server, the dashboard or the backup code first. The summaries are here so
 * `rampart --help` loads no command; a test keeps them equal to the commands' own.
 */
export const COMMAND_INDEX: Readonly<Record<string, { summary: string; load: () => Promise<CommandSpec> }>> = {
  scan: { summary: 'Scan Dockerfiles, Kubernetes manifests, Helm charts and kustomizations. `-` reads stdin.', load: async () => (await import('./scan-command.js')).scanCommand },
  fix: { summary: 'Apply the safe automatic fixes of findings in place, or print them as a diff with --dry-run.', load: async () => (await import('./fix-command.js')).fixCommand },
  rules: { summary: 'List every rule with its metadata.', load: async () => (await import('./rules-command.js')).rulesCommand },
  image: { summary: 'Scan a container image: OS and language packages against the vulnerability database, and its config against the image rules.', load: async () => (await import('./image-command.js')).imageCommand },
  secrets: { summary: 'Search files, git history, staged changes or a container image for leaked credentials. Secrets are never printed, only redacted.', load: async () => (await import('./secrets-command.js')).secretsCommand },
  db: { summary: 'Manage the offline vulnerability database: download OSV data, import local OSV files, show its age and contents.', load: async () => (await import('./db-command.js')).dbCommand },
  sbom: { summary: 'Write the software bill of materials of a directory (lockfiles, or a root file system) or of an image.', load: async () => (await import('./sbom-command.js')).sbomCommand },
  rbac: { summary: 'Answer RBAC questions: who can do what, what a subject can do, and how it can escalate to cluster-admin.', load: async () => (await import('./rbac-command.js')).rbacCommand },
  netpol: { summary: 'Answer NetworkPolicy questions: can one workload reach another, and the full connectivity matrix.', load: async () => (await import('./netpol-command.js')).netpolCommand },
  cluster: { summary: 'Write the objects of a live cluster as manifests (`rampart scan DIR` then finds what `scan --cluster` finds).', load: async () => (await import('./cluster-command.js')).clusterCommand },
  admission: { summary: 'The admission webhook: the same rules as `rampart scan`, enforced at deploy time (serve, install, audit).', load: async () => (await import('./admission-command.js')).admissionCommand },
  policy: { summary: 'Policies as code: test users\' CEL and Rego policies offline, and export the built-in rules as ValidatingAdmissionPolicies.', load: async () => (await import('./policy-command.js')).policyCommand },
  node: { summary: 'CIS Kubernetes Benchmark (v1.9) control-plane and node checks: API server, controller manager, scheduler, etcd and kubelet settings from processes, static pods, kubelet, kubeadm, k3s and RKE2 config files, and file permissions. ROOT is where the host file system is mounted (default /).', load: async () => (await import('./node-command.js')).nodeCommand },
  encryption: { summary: 'Encryption at rest: write and check the API server\'s EncryptionConfiguration, rotate its keys in stages, prove from etcd what is encrypted.', load: async () => (await import('./encryption-command.js')).encryptionCommand },
  backup: { summary: 'Disaster recovery: encrypted, signed, hash-chained backups of the cluster\'s objects in a directory or an object-locked S3 bucket.', load: async () => (await import('./backup-command.js')).backupCommand },
  serve: { summary: 'Run the Rampart server: stored reports, SBOMs and inventories, continuous re-matching, a REST API. `serve token create` makes an API token.', load: async () => (await import('./serve-command.js')).serveCommand },
  ci: { summary: 'The whole pull-request gate in one report: the source scan, secrets in the new commits, an image, and other tools\' SARIF; every output agrees. Appends a Markdown summary to $GITHUB_STEP_SUMMARY when set.', load: async () => (await import('./ci-command.js')).ciCommand },
};

/** Every command's full spec, for docs/cli.md and the tests: loads them all. */
export async function loadCommands(): Promise<Record<string, CommandSpec>> {
  const entries = await Promise.all(Object.entries(COMMAND_INDEX).map(async ([name, entry]) => [name, await entry.load()] as const));
  return Object.fromEntries(entries);
}
