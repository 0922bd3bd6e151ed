import { describe, expect, it } from 'vitest';
import { directoryUri, displayPath, pathToUriReference } from './paths.js';

describe('displayPath', () => {
  it('relativizes absolute paths inside cwd only', () => {
    expect(displayPath('/repo/k8s/app.yaml', '/repo')).toBe('k8s/app.yaml');
    expect(displayPath('/other/app.yaml', '/repo')).toBe('/other/app.yaml');
    expect(displayPath('/repo', '/repo')).toBe('/repo');
    expect(displayPath('k8s/app.yaml', '/repo')).toBe('k8s/app.yaml');
    expect(displayPath('/repo/app.yaml')).toBe('/repo/app.yaml');
  });
});

describe('pathToUriReference', () => {
  it('percent-encodes relative paths per segment', () => {
    expect(pathToUriReference('a b/c#d%.yaml')).toEqual({ uri: 'a%20b/c%23d%25.yaml', relative: true });
    expect(pathToUriReference('x:y/z.yaml')).toEqual({ uri: 'x%3Ay/z.yaml', relative: true });
  });

  it('turns absolute paths into file URLs', () => {
    expect(pathToUriReference('/tmp/a b.yaml')).toEqual({ uri: 'file:///tmp/a%20b.yaml', relative: false });
  });
});

describe('directoryUri', () => {
  it('always ends with a slash', () => {
    expect(directoryUri('/work/repo')).toBe('file:///work/repo/');
    expect(directoryUri('/')).toBe('file:///');
  });
});
