import { describe, expect, it } from 'vitest';
import { nodeModulesExtractor } from './node-modules.js';

describe('javascript/node-modules', () => {
  it('matches installed package manifests, scoped and nested, but not the project or deeper files', () => {
    expect(nodeModulesExtractor.matches('app/node_modules/lodash/package.json')).toBe(true);
    expect(nodeModulesExtractor.matches('node_modules/@babel/core/package.json')).toBe(true);
    expect(nodeModulesExtractor.matches('node_modules/a/node_modules/b/package.json')).toBe(true);
    expect(nodeModulesExtractor.matches('package.json')).toBe(false);
    expect(nodeModulesExtractor.matches('node_modules/lodash/fp/package.json')).toBe(false);
    expect(nodeModulesExtractor.matches('node_modules/.bin/package.json')).toBe(false);
  });

  it('reads name and version', () => {
    const text = JSON.stringify({ name: '@babel/core', version: '7.23.2', description: 'Babel compiler core.' });
    const { packages } = nodeModulesExtractor.extract({ path: 'node_modules/@babel/core/package.json', text });
    expect(packages).toEqual([
      { name: '@babel/core', version: '7.23.2', ecosystem: 'npm', purl: 'pkg:npm/%40babel/core@7.23.2', file: 'node_modules/@babel/core/package.json' },
    ]);
  });

  it('reports manifests without a version and invalid JSON', () => {
    expect(nodeModulesExtractor.extract({ path: 'node_modules/x/package.json', text: '{"name":"x"}' }).errors).toEqual([
      { message: 'package.json lacks version' },
    ]);
    expect(nodeModulesExtractor.extract({ path: 'node_modules/x/package.json', text: '{' }).errors[0]!.message).toMatch(/^invalid JSON/);
  });
});
