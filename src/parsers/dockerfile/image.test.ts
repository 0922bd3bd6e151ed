import { describe, expect, it } from 'vitest';
import { parseImageRef, substituteVariables } from './image.js';

describe('image references', () => {
  it('substitutes ARG defaults and BuildKit modifiers', () => {
    const values = new Map<string, string | undefined>([['V', '1.2'], ['EMPTY', ''], ['NODEFAULT', undefined]]);
    expect(substituteVariables('node:${V}-alpine', values)).toBe('node:1.2-alpine');
    expect(substituteVariables('node:$V', values)).toBe('node:1.2');
    expect(substituteVariables('node:${EMPTY:-20}', values)).toBe('node:20');
    expect(substituteVariables('node:${MISSING:-20}', values)).toBe('node:20');
    expect(substituteVariables('node:${V:+pinned}', values)).toBe('node:pinned');
    expect(substituteVariables('node:${NODEFAULT}', values)).toBeUndefined();
    expect(substituteVariables('node:${MISSING}', values)).toBeUndefined();
  });

  it('splits registry, repository, tag and digest', () => {
    expect(parseImageRef('x', 'registry.example.com:5000/team/app:1.0@sha256:abc')).toMatchObject({ registry: 'registry.example.com:5000', repository: 'team/app', tag: '1.0', digest: 'sha256:abc' });
    const hub = parseImageRef('x', 'library/nginx');
    expect([hub.repository, hub.tag, hub.registry]).toEqual(['library/nginx', undefined, undefined]);
    expect(parseImageRef('x', 'localhost/app:dev')).toMatchObject({ registry: 'localhost', tag: 'dev' });
  });
});
