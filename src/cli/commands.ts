import type { CommandSpec } from './command.js';
import { admissionCommand } from './admission-command.js';
import { ciCommand } from './ci-command.js';
import { FIX_OPTIONS, RULES_OPTIONS, SCAN_OPTIONS } from './options.js';
import { clusterCommand } from './cluster-command.js';
import { dbCommand } from './db-command.js';
import { encryptionCommand } from './encryption-command.js';
import { backupCommand } from './backup-command.js';
import { imageCommand } from './image-command.js';
import { netpolCommand } from './netpol-command.js';
import { nodeCommand } from './node-command.js';
import { sbomCommand } from './sbom-command.js';
import { rbacCommand } from './rbac-command.js';
import { runFixCommand } from './fix-command.js';
import { runRulesCommand } from './rules-command.js';
import { runScanCommand } from './scan-command.js';
import { secretsCommand } from './secrets-command.js';
import { policyCommand } from './policy-command.js';
import { serveCommand } from './serve-command.js';
import { CLUSTER_NAME_OPTION, UPLOAD_OPTION } from './serve-upload.js';
import { COMPLIANCE_OPTION } from './compliance-output.js';

/** Every subcommand; main.ts dispatches on it and docs/cli.md is generated from it. */
export const COMMANDS: Record<string, CommandSpec> = {
  scan: {
    usage: 'scan [PATH|-]... [options]',
    summary: 'Scan Dockerfiles, Kubernetes manifests, Helm charts and kustomizations. `-` reads stdin.',
    options: [...SCAN_OPTIONS, UPLOAD_OPTION, CLUSTER_NAME_OPTION, COMPLIANCE_OPTION],
    run: runScanCommand,
  },
  fix: {
    usage: 'fix [PATH]... [options]',
    summary: 'Apply the safe automatic fixes of findings in place, or print them as a diff with --dry-run.',
    options: FIX_OPTIONS,
    run: runFixCommand,
  },
  rules: {
    usage: 'rules [--format table|md|json]',
    summary: 'List every rule with its metadata.',
    options: RULES_OPTIONS,
    run: runRulesCommand,
  },
  image: imageCommand,
  secrets: secretsCommand,
  db: dbCommand,
  sbom: sbomCommand,
  rbac: rbacCommand,
  netpol: netpolCommand,
  cluster: clusterCommand,
  admission: admissionCommand,
  policy: policyCommand,
  node: nodeCommand,
  encryption: encryptionCommand,
  backup: backupCommand,
  serve: serveCommand,
  ci: ciCommand,
};
