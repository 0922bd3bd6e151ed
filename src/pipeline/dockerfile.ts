import type { Location, ScanError } from '../core/finding.js';
import type { IgnoreDirective } from '../core/ignore-directive.js';
import type { RuleSettings } from '../core/settings.js';
import { parseDockerfile } from '../parsers/dockerfile/parse.js';
import type { Dockerfile, SourceSpan } from '../parsers/dockerfile/model.js';
import type { DockerfileReport, DockerfileRule } from '../checks/rules/dockerfile/rule.js';
import type { RuleHit } from '../core/rule-hit.js';

export function scanDockerfileText(
  file: string,
  text: string,
  rules: DockerfileRule[],
  settings: RuleSettings,
): { hits: RuleHit[]; errors: ScanError[]; ignoreDirectives: IgnoreDirective[] } {
  const dockerfile = parseDockerfile(file, text);
  const { hits, errors } = runDockerfileRules(dockerfile, rules, settings);
  return { hits, errors: [...dockerfile.errors, ...errors], ignoreDirectives: dockerfile.ignoreDirectives };
}

export function runDockerfileRules(dockerfile: Dockerfile, rules: DockerfileRule[], settings: RuleSettings): { hits: RuleHit[]; errors: ScanError[] } {
  const hits: RuleHit[] = [];
  const errors: ScanError[] = [];
  for (const rule of rules) {
    const report = (finding: DockerfileReport): void => {
      const span = finding.instruction ? finding.instruction.span : finding.stage.from.span;
      const base = finding.instruction ? finding.instruction.identity : `stage${finding.stage.index}|missing|${rule.meta.id}`;
      hits.push({
        meta: rule.meta,
        message: finding.message,
        location: locationOf(dockerfile.file, span),
        identity: finding.key === undefined ? base : `${base}|${finding.key}`,
        ...(finding.fix ? { fix: finding.fix } : {}),
      });
    };
    try {
      rule.check({ dockerfile, settings, report });
    } catch (error) {
      // A rule bug must not lose the rest of the scan; it is reported like any unreadable input.
      errors.push({ file: dockerfile.file, message: `rule ${rule.meta.id} failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { hits, errors };
}

function locationOf(file: string, span: SourceSpan): Location {
  return { file, startLine: span.startLine, startColumn: span.startColumn, endLine: span.endLine, endColumn: span.endColumn };
}
