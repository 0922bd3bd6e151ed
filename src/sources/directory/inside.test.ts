import { describe, expect, it } from 'vitest';
import { isInside } from './inside.js';

describe('isInside', () => {
  it('counts a real path inside a root only at a separator: the root itself and below, not a sibling sharing its prefix', () => {
    const cases: Array<[string, string, boolean]> = [
      ['/srv/app', '/srv/app', true],
      ['/srv/app', '/srv/app/deploy/web.yaml', true],
      ['/srv/app', '/srv/application', false],
      ['/srv/app', '/srv', false],
      ['/', '/etc/passwd', true],
      ['/srv/app/', '/srv/app/x', true],
    ];
    expect(cases.map(([root, path]) => isInside(root, path))).toEqual(cases.map(([, , inside]) => inside));
  });
});
