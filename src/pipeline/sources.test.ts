import { afterEach, describe, expect, it } from 'vitest';
import { emptyConfig } from '../config/config.js';
import { makeTree, type TempTree } from '../testing/tree.js';
import { DEFAULT_TEST_SETTINGS } from '../testing/kubernetes.js';
import { inputSource, STDIN_PATH } from '../sources/inputs.js';
import { sourceOf, type Blob, type Source, type SourceEntry } from '../sources/source.js';
import { imageLayersSource, imageSource } from '../sources/image/source.js';
import { gitHistorySource, gitStagedSource } from '../sources/git/source.js';
import { wantedByInventory } from './image-inventory.js';
import { selectRules } from './rule-selection.js';
import { scanSources } from './scan.js';
import { sbomSource } from '../sources/sbom.js';
import { scanImageSecrets } from './secret-sources.js';
import { writeOciLayout } from '../sources/image/testing/oci-writer.js';

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.cleanup();
  tree = undefined;
});

async function entriesOf(source: Source): Promise<SourceEntry[]> {
  const entries: SourceEntry[] = [];
  try {
    for await (const entry of source.entries()) entries.push(entry);
  } finally {
    await source.close?.();
  }
  return entries;
}

const policy = { exemptions: [], ignoreEntries: [], strict: false, settings: DEFAULT_TEST_SETTINGS, rules: emptyConfig().rules };
const AWS_KEY = 'aws_access_key_id = AKIAZ3MPLE7QTRW4XYZA\naws_secret_access_key = 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\n';

describe('sources: each yields entries once and closes', () => {
  it('a directory source yields its files as text, its unreadable files as errors, and stdin last', async () => {
    tree = await makeTree({ 'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n', 'bad.yaml': Buffer.from([0x61, 0xff, 0x0a]) });
    const source = inputSource({ paths: [tree.root, STDIN_PATH], stdinText: 'FROM alpine\n', cwd: tree.root, exclude: [] });
    expect(source.kind).toBe('directory');
    const entries = await entriesOf(source);
    expect(entries.map((e) => (e.type === 'text' ? `${e.file}:${e.kind}` : e.type === 'error' ? `error:${e.error.file}` : e.type))).toEqual([
      'error:bad.yaml',
      'pod.yaml:yaml',
      '<stdin>:dockerfile',
    ]);
    expect(inputSource({ paths: [STDIN_PATH], cwd: tree.root, exclude: [] }).kind).toBe('stdin');
  });

  it('a directory source without render options renders nothing: charts and piped helm output are plain text', async () => {
    tree = await makeTree({ 'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 1.0.0\n', 'chart/templates/cm.yaml': 'kind: ConfigMap\n' });
    const piped = '---\n# Source: c/templates/cm.yaml\nkind: ConfigMap\n';
    const entries = await entriesOf(inputSource({ paths: [tree.root, STDIN_PATH], stdinText: piped, cwd: tree.root, exclude: [] }));
    expect(entries.map((e) => `${e.type}:${e.type === 'text' ? e.file : ''}`)).toEqual(['text:chart/Chart.yaml', 'text:chart/templates/cm.yaml', 'text:<stdin>']);
  });

  it('an SBOM source yields its subject and text; one that cannot be read yields an error', async () => {
    tree = await makeTree({ 'bom.json': '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[]}' });
    expect(await entriesOf(sbomSource(tree.path('bom.json'), 'bom.json', true))).toEqual([
      { type: 'target', target: { type: 'sbom', name: 'bom.json' } },
      { type: 'sbom', file: 'bom.json', text: '{"bomFormat":"CycloneDX","specVersion":"1.6","components":[]}' },
    ]);
    const missing = await entriesOf(sbomSource(tree.path('gone.json'), 'gone.json', false));
    expect(missing).toEqual([{ type: 'error', error: { file: 'gone.json', message: expect.stringMatching(/^cannot read SBOM: /) } }]);
  });

  it('git sources outside a repository yield one error on the repository', async () => {
    tree = await makeTree({ 'a.txt': 'nothing\n' });
    const options = { exclude: [], repoDir: tree.root, cwd: tree.root };
    for (const source of [gitHistorySource(options), gitStagedSource(options)]) {
      const errors = (await entriesOf(source)).filter((e) => e.type === 'error');
      expect(errors).toEqual([{ type: 'error', error: { file: '.', message: expect.stringMatching(/not a git repository/) } }]);
    }
  });

  it('image sources whose image cannot be opened yield the error and the image as the target', async () => {
    tree = await makeTree({ 'not-an-image.tar': 'plain text' });
    const image = { reference: 'broken.tar', archive: tree.path('not-an-image.tar') };
    for (const source of [imageSource(image, { wanted: wantedByInventory }), imageLayersSource(image, { maxFileBytes: 1024, exclude: [] })]) {
      const entries = await entriesOf(source);
      expect(entries).toEqual([
        { type: 'error', error: { file: 'broken.tar', message: expect.any(String) } },
        { type: 'target', target: { type: 'image', name: 'broken.tar', archive: true } },
      ]);
    }
  });
  it('an image layers source verifies its layers itself when the pipeline does not visit them, and yields the config after', async () => {
    tree = await makeTree({});
    await writeOciLayout(tree.path('layout'), [{ image: { layers: [{ entries: [{ path: 'etc/app.ini', content: AWS_KEY }] }] } }]);
    const entries = await entriesOf(imageLayersSource({ reference: 'layout', archive: tree.path('layout') }, { maxFileBytes: 1024, exclude: [] }));
    expect(entries.map((e) => e.type)).toEqual(['target', 'image-layers', 'image-config']);
  });
});

describe('scanSources: the one pipeline', () => {
  const selection = () => selectRules(policy.rules, policy.settings);

  it("turns a source's error entries into report errors and closes every source", async () => {
    const closed: string[] = [];
    const source = (name: string, entries: SourceEntry[]): Source => ({
      ...sourceOf('directory', name, async function* () {
        yield* entries;
      }),
      close: async () => {
        closed.push(name);
      },
    });
    const { report } = await scanSources({
      ...policy,
      sources: [source('a', [{ type: 'error', error: { file: 'a.yaml', message: 'cannot read file: EACCES' } }]), source('b', [])],
      selection: selection(),
      checks: { rules: true, secrets: false },
    });
    expect(report.errors).toEqual([{ file: 'a.yaml', message: 'cannot read file: EACCES' }]);
    expect(closed).toEqual(['a', 'b']);
  });

  it('closes a source that throws, and does not swallow the throw', async () => {
    let closed = false;
    const failing: Source = {
      kind: 'directory',
      name: 'failing',
      entries: async function* () {
        yield { type: 'text', file: 'x.yaml', text: 'a: 1\n', kind: 'yaml' } satisfies SourceEntry;
        throw new Error('bug');
      },
      close: async () => {
        closed = true;
      },
    };
    await expect(scanSources({ ...policy, sources: [failing], selection: selection(), checks: { rules: true, secrets: false } })).rejects.toThrow('bug');
    expect(closed).toBe(true);
  });

  it('runs only the checks asked for: secrets without rules leaves a broken manifest unjudged', async () => {
    const text: SourceEntry = { type: 'text', file: 'creds.yaml', text: `: [\n${AWS_KEY}`, kind: 'yaml' };
    const run = (checks: { rules: boolean; secrets: boolean }) =>
      scanSources({ ...policy, sources: [sourceOf('directory', 'd', async function* () { yield text; })], selection: selection(), checks });
    const secretsOnly = (await run({ rules: false, secrets: true })).report;
    expect(secretsOnly.errors).toEqual([]);
    expect(secretsOnly.findings.map((f) => f.ruleId).every((id) => id.startsWith('secret/'))).toBe(true);
    expect(secretsOnly.findings.length).toBeGreaterThan(0);
    const rulesOnly = (await run({ rules: true, secrets: false })).report;
    expect(rulesOnly.errors.length).toBeGreaterThan(0);
    expect(rulesOnly.findings).toEqual([]);
    expect(rulesOnly.summary.files).toBe(1);
  });

  const blob = (path: string, text: string | undefined, origin: Blob['origin']): Blob => ({ path, file: path, origin, text: async () => text });

  it("takes the report's target from its sources and searches the blobs they yield", async () => {
    const { report } = await scanSources({
      ...policy,
      sources: [sourceOf('git-staged', 'repo', async function* () {
        yield { type: 'target', target: { type: 'image', name: 'img' } };
        yield { type: 'blob', blob: blob('creds.ini', AWS_KEY, { kind: 'staged' }) };
        yield { type: 'blob', blob: blob('logo.png', undefined, { kind: 'staged' }) };
      })],
      selection: selection(),
      checks: { rules: false, secrets: true },
    });
    expect(report.target).toEqual({ type: 'image', name: 'img' });
    expect(report.summary.files).toBe(1);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.location.file === 'creds.ini' && f.message.includes(' (staged)'))).toBe(true);
  });

  it('drops what an image\'s layers showed when they fail verification, and counts the files read', async () => {
    const layer = { index: 0, digest: `sha256:${'a'.repeat(64)}` };
    const layers = (verified: boolean): Source =>
      sourceOf('image', 'img', async function* () {
        yield {
          type: 'image-layers',
          reference: 'img',
          visit: async (visitor) => {
            await visitor.file(blob('srv/creds.ini', AWS_KEY, { kind: 'layer', layer }));
            visitor.layerEnd();
            return verified;
          },
        };
      });
    const run = (verified: boolean) => scanSources({ ...policy, sources: [layers(verified)], selection: selection(), checks: { rules: false, secrets: true } });
    const kept = (await run(true)).report;
    expect(kept.findings.length).toBeGreaterThan(0);
    expect(kept.findings.every((f) => f.secret?.deletedInLaterLayer === false && f.secret.layer?.digest === layer.digest)).toBe(true);
    const dropped = (await run(false)).report;
    expect(dropped.findings).toEqual([]);
    expect(dropped.summary.files).toBe(1);
  });
});

describe('image secrets: one squashing implementation', () => {
  it('a secret under a directory a later layer replaces with a symlink is reported as deleted yet still in the image', async () => {
    tree = await makeTree({});
    await writeOciLayout(tree.path('layout'), [
      {
        image: {
          layers: [
            { entries: [{ path: 'srv/conf/creds.ini', content: AWS_KEY }, { path: 'srv/kept.ini', content: AWS_KEY }] },
            { entries: [{ path: 'srv/conf', symlink: '/tmp' }] },
          ],
        },
      },
    ]);
    const { report } = await scanImageSecrets({ ...policy, exclude: [], image: { reference: 'layout', archive: tree.path('layout') } });
    const deleted = new Map(report.findings.map((f) => [f.location.file, f.secret?.deletedInLaterLayer]));
    expect(deleted.get('srv/conf/creds.ini')).toBe(true);
    expect(deleted.get('srv/kept.ini')).toBe(false);
  });

  it('--exclude leaves a file out of the search, yet the file still hides what lower layers held at its path', async () => {
    tree = await makeTree({});
    await writeOciLayout(tree.path('layout'), [
      {
        image: {
          layers: [
            { entries: [{ path: 'srv/conf/creds.ini', content: AWS_KEY }, { path: 'srv/skip.ini', content: AWS_KEY }] },
            { entries: [{ path: 'srv/conf', content: 'a plain file now\n' }] },
          ],
        },
      },
    ]);
    const { report } = await scanImageSecrets({ ...policy, exclude: ['srv/conf', 'skip.ini'], image: { reference: 'layout', archive: tree.path('layout') } });
    expect(new Set(report.findings.map((f) => [f.location.file, f.secret?.deletedInLaterLayer].join(' ')))).toEqual(new Set(['srv/conf/creds.ini true']));
    expect(report.summary.files).toBe(1);
  });
});
