import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanJson } from './helpers/cli.js';

/**
 * Secret rule IDs were `secret:<detector>` up to 0.1 and are `secret/<detector>` now. Every place a user wrote the old
 * spelling must keep working, and baselines written then must keep matching.
 */
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-secret-ids-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PASSWORD = 'Pz8wK4sN6vRt';
const LEAK = `DATABASE_URL=postgres://app:${PASSWORD}@db.internal:5432/shop\n`;
/** Written by rampart 0.1 for the leak above in app.env: the fingerprint of `secret:url-credentials`. */
const FINGERPRINT_0_1 = 'e24d34e98d5fc7eeb33c87cb1c3d8ab3';

async function secretFindings(extraArgs: string[] = []) {
  const { report } = await scanJson(['.', '--fail-on', 'never', '--skip-dependencies', ...extraArgs], { cwd: dir });
  return report.findings.filter((f) => f.ruleId.startsWith('secret/'));
}

describe('former secret rule IDs (secret:<detector>)', () => {
  it('reports the new ID, lists the former one among the aliases and keeps the fingerprint', async () => {
    await writeFile(join(dir, 'app.env'), LEAK);
    const [finding] = await secretFindings();
    expect(finding).toMatchObject({ ruleId: 'secret/url-credentials', fingerprint: FINGERPRINT_0_1 });
    expect((finding as unknown as { aliases: string[] }).aliases).toContain('secret:url-credentials');
  });

  it('matches a baseline written with the former fingerprint', async () => {
    await writeFile(join(dir, 'app.env'), LEAK);
    const baseline = { rampartBaseline: 1, createdAt: '2026-01-01T00:00:00.000Z', findings: [{ fingerprint: FINGERPRINT_0_1, ruleId: 'secret:url-credentials', file: 'app.env' }] };
    await writeFile(join(dir, 'baseline.json'), JSON.stringify(baseline));
    expect((await secretFindings(['--baseline', 'baseline.json'])).map((f) => f.suppressed?.kind)).toEqual(['baseline']);
  });

  it('accepts the former ID in the rule config of rampart.yaml', async () => {
    await writeFile(join(dir, 'app.env'), LEAK);
    await writeFile(join(dir, 'rampart.yaml'), 'rules:\n  secret:url-credentials: off\n');
    expect(await secretFindings()).toEqual([]);
    await writeFile(join(dir, 'rampart.yaml'), 'rules:\n  secret:url-credentials:\n    severity: low\n');
    expect((await secretFindings()).map((f) => f.severity)).toEqual(['low']);
  });

  it('accepts the former ID and wildcard in the ignore file', async () => {
    await writeFile(join(dir, 'app.env'), LEAK);
    for (const rule of ['secret:url-credentials', '"secret:*"', '"secret/*"']) {
      await writeFile(join(dir, '.rampartignore.yaml'), `ignores:\n  - rule: ${rule}\n    path: app.env\n    reason: local database\n    expires: "2999-12-31"\n`);
      expect((await secretFindings()).map((f) => f.suppressed?.kind), rule).toEqual(['ignore-file']);
    }
    await writeFile(join(dir, '.rampartignore.yaml'), 'ignores:\n  - rule: "k8s/*"\n    reason: another family\n    expires: "2999-12-31"\n');
    expect((await secretFindings()).map((f) => f.suppressed?.kind)).toEqual([undefined]);
  });

  it.each(['secret:url-credentials', 'secret:*', 'secret/url-credentials', 'secret/*'])('accepts `rampart:allow %s` comments', async (rule) => {
    await writeFile(join(dir, 'app.env'), `# rampart:allow ${rule} local database\n${LEAK}`);
    expect((await secretFindings()).map((f) => f.suppressed)).toEqual([{ kind: 'inline', reason: 'local database' }]);
  });

  it.each(['secret:url-credentials', 'secret:*', 'secret/url-credentials'])('accepts `rampart:ignore %s` comments', async (rule) => {
    await writeFile(join(dir, 'app.yaml'), `database:\n  # rampart:ignore ${rule} local database\n  url: postgres://app:${PASSWORD}@db.internal:5432/shop\n`);
    expect((await secretFindings()).map((f) => f.suppressed)).toEqual([{ kind: 'inline', reason: 'local database' }]);
  });
});
