import { statSync } from 'node:fs';
import type { ScanError } from '../../core/finding.js';
import type { IgnoreDirective } from '../../core/ignore-directive.js';
import type { RuleHit } from '../../core/rule-hit.js';
import type { RuleSettings } from '../../core/settings.js';
import { isEncryptionConfig } from '../../parsers/encryption-config/config.js';
import { encryptionRules } from '../../checks/rules/kubernetes/encryption/index.js';
import { encryptionConfigPermissions } from '../../checks/rules/kubernetes/encryption/config-permissions.js';
import { runKubernetesRules } from '../../pipeline/kubernetes.js';
import { manifestObjects } from '../../pipeline/objects.js';
import { buildReport, type ReportPolicy, type ReportResult } from '../../pipeline/report-builder.js';
import { selectRules, type RuleSelection } from '../../pipeline/rule-selection.js';
import type { RuleConfig } from '../../config/config.js';
import { readTextFile } from '../../sources/directory/read-input.js';
import { MAX_CONFIG_BYTES } from './config-file.js';

export interface ValidateOptions {
  /** From selectEncryptionRules; only the encryption rules of it run. */
  selection: RuleSelection;
  settings: RuleSettings;
  policy: ReportPolicy;
  now?: Date;
}

const ENCRYPTION_IDS = new Set(encryptionRules.map((r) => r.meta.id));

/** The encryption rules, and the file-permission check, over one EncryptionConfiguration file: a normal report. */
export function validateConfigFile(path: string, display: string, options: ValidateOptions): ReportResult {
  const started = performance.now();
  const selection = narrowed(options.selection);
  const hits: RuleHit[] = [];
  const errors: ScanError[] = [];
  const directives = new Map<string, IgnoreDirective[]>();
  let resources = 0;
  const read = readTextFile(path, display, MAX_CONFIG_BYTES);
  if (!read.ok) errors.push(read.error);
  else {
    const { parsed, objects } = manifestObjects(display, read.text, 'yaml')!;
    const configs = objects.filter((o) => isEncryptionConfig(o.raw));
    resources = configs.length;
    errors.push(...parsed.errors);
    if (configs.length === 0 && parsed.errors.length === 0) errors.push({ file: display, message: 'no EncryptionConfiguration (apiserver.config.k8s.io/v1) in this file' });
    const result = runKubernetesRules(configs, selection.kubernetes, options.settings);
    hits.push(...result.hits);
    errors.push(...result.errors);
    directives.set(display, parsed.ignoreDirectives);
    const problem = selection.isEnabled(encryptionConfigPermissions.meta.id) ? encryptionConfigPermissions.check(statSync(path).mode) : undefined;
    if (problem) {
      hits.push({
        meta: encryptionConfigPermissions.meta,
        message: problem,
        location: { file: display, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
        identity: 'file-mode',
      });
    }
  }
  return buildReport({
    hits, errors, directives, selection, options: options.policy, now: options.now ?? new Date(), started,
    files: 1, resources, packages: 0, vulnerabilities: [],
  });
}

/** The rules of this report and its catalogue: the encryption rules only, the file rule included when enabled. */
function narrowed(selection: RuleSelection): RuleSelection {
  const { meta } = encryptionConfigPermissions;
  return {
    ...selection,
    kubernetes: selection.kubernetes.filter((r) => ENCRYPTION_IDS.has(r.meta.id)),
    kubernetesSet: [],
    dockerfile: [],
    image: [],
    secret: [],
    metas: [
      ...selection.metas.filter((m) => ENCRYPTION_IDS.has(m.id)),
      ...(selection.isEnabled(meta.id) ? [{ ...meta, severity: selection.severityOf(meta.id) }] : []),
    ],
  };
}

/** Rule selection for validate, from `rampart.yaml`'s rule settings (the permission rule is in the catalogue like any other). */
export function selectEncryptionRules(rules: Record<string, RuleConfig>, settings: RuleSettings): RuleSelection {
  return selectRules(rules, settings);
}
