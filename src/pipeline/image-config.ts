import type { ScanError } from '../core/finding.js';
import type { RuleSettings } from '../core/settings.js';
import type { ImageConfig } from '../sources/image/types.js';
import { parseHistory } from '../checks/rules/image/history.js';
import type { ImageReport, ImageRule } from '../checks/rules/image/rule.js';
import type { RuleHit } from '../core/rule-hit.js';
import type { SecretSearch } from './secrets.js';

/**
 * Runs image rules on one image's config. Findings are located in `reference`: line N is history
 * entry N (1-based), line 1 with a `config.*` field path is the runtime config itself.
 */
export function runImageConfigRules(reference: string, config: ImageConfig, rules: ImageRule[], settings: RuleSettings): { hits: RuleHit[]; errors: ScanError[] } {
  // The config comes from a registry or a tarball: anything but an object is read as an empty one.
  const safe: ImageConfig = config !== null && typeof config === 'object' && !Array.isArray(config) ? config : {};
  const history = parseHistory(safe.history);
  const hits: RuleHit[] = [];
  const errors: ScanError[] = [];
  for (const rule of rules) {
    const report = (finding: ImageReport): void => {
      const line = finding.step ? finding.step.index + 1 : 1;
      // Indexes shift when a base image changes; the field or step text identifies the finding.
      const base = finding.step ? finding.step.instruction.identity : `config|${finding.fieldPath.replace(/\[\d+\]/g, '')}`;
      hits.push({
        meta: rule.meta,
        message: finding.message,
        location: { file: reference, startLine: line, startColumn: 1, endLine: line, endColumn: 1 },
        fieldPath: finding.step ? `history[${finding.step.index}].created_by` : finding.fieldPath,
        identity: finding.key === undefined ? base : `${base}|${finding.key}`,
      });
    };
    try {
      rule.check({ reference, config: safe, history, settings, report });
    } catch (error) {
      // A rule bug must not lose the rest of the scan; it is reported like any unreadable input.
      errors.push({ file: reference, message: `rule ${rule.meta.id} failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { hits, errors };
}

/** Env values (line N is entry N) at `<ref>#config`, history `created_by` lines (line N is entry N) at `<ref>#history`. */
export function imageConfigSecretHits(reference: string, config: ImageConfig, search: SecretSearch): RuleHit[] {
  // The config comes from a registry or a tarball: every field is checked before use.
  const record: ImageConfig = config !== null && typeof config === 'object' && !Array.isArray(config) ? config : {};
  const env = Array.isArray(record.config?.Env) ? record.config.Env : [];
  const history = Array.isArray(record.history) ? record.history : [];
  const lines = (values: unknown[]) => values.map((v) => (typeof v === 'string' ? v.replace(/[\r\n]+/g, ' ') : '')).join('\n');
  return [
    ...search.hits(`${reference}#config`, lines(env), ' in the image config (Env)'),
    ...search.hits(`${reference}#history`, lines(history.map((h) => (h !== null && typeof h === 'object' ? h.created_by : undefined))), ' in the image build history'),
  ];
}
