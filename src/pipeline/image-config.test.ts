import { describe, expect, it } from 'vitest';
import type { ImageConfig } from '../sources/image/types.js';
import { imageRules } from '../checks/rules/image/index.js';
import { defineImageRule } from '../checks/rules/image/rule.js';
import { loadConfig } from '../checks/rules/image/testdata/run.js';
import { DEFAULT_TEST_SETTINGS } from '../testing/kubernetes.js';
import { fingerprintOf } from '../core/fingerprint.js';
import { runImageConfigRules } from './image-config.js';
import { resolveRuleReference, selectRules } from './rule-selection.js';

const REFERENCE = 'docker.io/library/nginx:1.25';
const run = (config: ImageConfig, rules = imageRules) => runImageConfigRules(REFERENCE, config, rules, DEFAULT_TEST_SETTINGS);

describe('runImageConfigRules', () => {
  it('locates findings in the image reference: config fields at line 1, history steps at their 1-based index', () => {
    const { hits, errors } = run(loadConfig('app-buildkit'));
    expect(errors).toEqual([]);
    expect(hits.map((h) => `${h.meta.id} ${h.location.startLine} ${h.fieldPath}`).sort()).toEqual([
      'image/add-remote-url 7 history[6].created_by',
      'image/curl-pipe-shell 5 history[4].created_by',
      'image/expose-ssh 1 config.ExposedPorts',
      'image/secret-in-build-arg 4 history[3].created_by',
      'image/secret-in-env 1 config.Env[1]',
      'image/sudo 4 history[3].created_by',
      'image/sudo 6 history[5].created_by',
    ]);
    expect(hits.every((h) => h.location.file === REFERENCE)).toBe(true);
    expect(JSON.stringify(hits)).not.toMatch(/ghp_|s3cr3t/);
  });

  it('reports the official nginx image as root without a health check, and nothing else', () => {
    expect(run(loadConfig('nginx-classic')).hits.map((h) => h.meta.id).sort()).toEqual(['image/healthcheck-missing', 'image/user-root']);
    expect(run(loadConfig('nginx-unprivileged-classic')).hits).toEqual([]);
  });

  it('keeps identities (and so fingerprints) stable when the base image gains history entries', () => {
    const config = loadConfig('app-buildkit');
    const rebased: ImageConfig = { ...config, history: [{ created_by: '/bin/sh -c #(nop)  LABEL base=2' }, ...config.history!], config: { ...config.config, Env: ['A=1', ...config.config!.Env!] } };
    const key = (c: ImageConfig) => run(c).hits.map((h) => fingerprintOf(h.meta.id, h.location.file, h.identity)).sort();
    expect(key(rebased)).toEqual(key(config));
    expect(new Set(key(config)).size).toBe(7);
  });

  it('reads malformed configs as empty and turns a failing rule into an error without losing the others', () => {
    for (const bad of [null, 'text', [], { config: 'x', history: 'y' }]) {
      const { hits, errors } = run(bad as never);
      expect(errors).toEqual([]);
      expect(hits.map((h) => h.meta.id).sort()).toEqual(['image/healthcheck-missing', 'image/user-root']);
    }
    const broken = defineImageRule({ ...imageRules[0]!, meta: { ...imageRules[0]!.meta, id: 'image/broken' }, check: () => { throw new Error('boom'); } });
    const { hits, errors } = run(loadConfig('nginx-classic'), [broken, ...imageRules]);
    expect(errors).toEqual([{ file: REFERENCE, message: 'rule image/broken failed: boom' }]);
    expect(hits).toHaveLength(2);
  });
});

describe('image rules in the registry', () => {
  it('are selected by default and honour enable/disable and severity overrides from rampart.yaml', () => {
    expect(selectRules({}, DEFAULT_TEST_SETTINGS).image.map((r) => r.meta.id)).toEqual(imageRules.map((r) => r.meta.id));
    const selection = selectRules({ 'image/healthcheck-missing': { enabled: false }, 'image/user-root': { severity: 'critical' } }, DEFAULT_TEST_SETTINGS);
    expect(selection.image.map((r) => r.meta.id)).not.toContain('image/healthcheck-missing');
    expect(selection.severityOf('image/user-root')).toBe('critical');
    expect(selection.metas.find((m) => m.id === 'image/user-root')?.severity).toBe('critical');
  });

  it('resolve peer aliases to both the Dockerfile rule and its image twin', () => {
    expect(resolveRuleReference('AVD-DS-0002').sort()).toEqual(['docker/user-root', 'image/user-root']);
    expect(selectRules({ DS002: { enabled: false } }, DEFAULT_TEST_SETTINGS).image.map((r) => r.meta.id)).not.toContain('image/user-root');
  });
});
