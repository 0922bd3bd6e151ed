import { readFile, writeFile } from 'node:fs/promises';
import type { Report } from '../core/report.js';
import { ConfigError } from '../config/config-error.js';

/** A baseline records accepted findings by fingerprint, so a scan reports only what is new. */
interface BaselineFile {
  rampartBaseline: 1;
  createdAt: string;
  findings: Array<{ fingerprint: string; ruleId: string; file: string }>;
}

export async function readBaseline(path: string): Promise<Set<string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(path, undefined, `cannot read baseline: ${error instanceof SyntaxError ? 'invalid JSON' : (error as NodeJS.ErrnoException).code}`);
  }
  const file = parsed as Partial<BaselineFile>;
  if (file.rampartBaseline !== 1 || !Array.isArray(file.findings)) {
    throw new ConfigError(path, undefined, 'not a rampart baseline (expected {"rampartBaseline": 1, "findings": [...]})');
  }
  return new Set(file.findings.map((f) => f.fingerprint).filter((f): f is string => typeof f === 'string'));
}

/** Rule findings and vulnerabilities alike; a vulnerability is recorded under its ID in place of a rule ID. */
export async function writeBaseline(path: string, report: Pick<Report, 'findings' | 'vulnerabilities'>, now: Date): Promise<void> {
  const unique = new Map<string, BaselineFile['findings'][number]>();
  const accepted = (suppressed: { kind: string } | undefined) => !suppressed || suppressed.kind === 'baseline';
  for (const f of report.findings) {
    if (accepted(f.suppressed)) unique.set(f.fingerprint, { fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.location.file });
  }
  for (const v of report.vulnerabilities) {
    if (accepted(v.suppressed)) unique.set(v.fingerprint, { fingerprint: v.fingerprint, ruleId: v.id, file: v.locations[0]?.file ?? '' });
  }
  const content: BaselineFile = {
    rampartBaseline: 1,
    createdAt: now.toISOString(),
    findings: [...unique.values()].sort((a, b) => a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint)),
  };
  await writeFile(path, JSON.stringify(content, null, 2) + '\n');
}
