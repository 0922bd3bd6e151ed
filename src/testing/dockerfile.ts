import type { Fix } from '../core/fix.js';
import type { RuleSettings } from '../core/settings.js';
import { runDockerfileRules } from '../pipeline/dockerfile.js';
import { parseDockerfile } from '../parsers/dockerfile/parse.js';
import type { DockerfileRule } from '../checks/rules/dockerfile/rule.js';
import { DEFAULT_TEST_SETTINGS } from './kubernetes.js';

export interface DockerfileTestHit {
  ruleId: string;
  message: string;
  line: number;
  fix: Fix | undefined;
}

/** Runs one rule over Dockerfile text (leading indentation of the test literal removed). */
export function runDockerfileRule(rule: DockerfileRule, text: string, settings: Partial<RuleSettings> = {}): DockerfileTestHit[] {
  const parsed = parseDockerfile('Dockerfile', dedent(text));
  if (parsed.errors.length > 0) throw new Error(`test Dockerfile is invalid: ${parsed.errors.map((e) => e.message).join('; ')}`);
  const { hits, errors } = runDockerfileRules(parsed, [rule], { ...DEFAULT_TEST_SETTINGS, ...settings });
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('; '));
  return hits.map((h) => ({ ruleId: h.meta.id, message: h.message, line: h.location.startLine, fix: h.fix }));
}

/** Applies a text-edit fix, for asserting the Dockerfile a fix produces. */
export function applyTextFix(text: string, fix: Fix | undefined): string {
  if (fix?.kind !== 'text-edit') throw new Error('expected a text-edit fix');
  return [...fix.edits].sort((a, b) => b.range[0] - a.range[0]).reduce((out, edit) => out.slice(0, edit.range[0]) + edit.text + out.slice(edit.range[1]), text);
}

/** Strips the common indentation and the first/last blank lines of a template literal; tabs are kept. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n[ ]*$/, '\n').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(common, /^ */.exec(l)![0].length))).join('\n');
}

/** The canonical apt-get idiom every apt hygiene rule must accept. */
export const APT_IDIOM = 'FROM debian:12\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl=7.88.1-10 ca-certificates=2023* && rm -rf /var/lib/apt/lists/*\n';
