import { describe, expect, it } from 'vitest';
import { parseLabelSelector } from './selector.js';

const select = (selector: unknown, labels: Record<string, string>) => {
  const parsed = parseLabelSelector(selector);
  if (!('selector' in parsed)) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.selector(labels);
};

describe('label selectors (LabelSelectorAsSelector)', () => {
  it('ANDs matchLabels and every operator', () => {
    const selector = {
      matchLabels: { tier: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'stage'] },
        { key: 'team', operator: 'NotIn', values: ['x'] },
        { key: 'owner', operator: 'Exists' },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    };
    expect(select(selector, { tier: 'web', env: 'prod', owner: 'a' })).toBe(true);
    expect(select(selector, { tier: 'web', env: 'dev', owner: 'a' })).toBe(false);
    expect(select(selector, { tier: 'web', env: 'prod', owner: 'a', team: 'x' })).toBe(false);
    expect(select(selector, { tier: 'web', env: 'prod' })).toBe(false);
    expect(select(selector, { tier: 'web', env: 'prod', owner: 'a', legacy: '1' })).toBe(false);
    expect(select(selector, { tier: 'db', env: 'prod', owner: 'a' })).toBe(false);
  });

  it('selects everything when empty', () => {
    expect(select({}, {})).toBe(true);
  });

  it('rejects unknown operators and misplaced values with the path of the expression', () => {
    expect(parseLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] })).toEqual({
      errors: [{ path: ['matchExpressions', 0, 'operator'], message: 'unknown selector operator "Equals" (use In, NotIn, Exists or DoesNotExist)' }],
    });
    expect(parseLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In' }] })).toMatchObject({ errors: [{ message: 'operator In needs at least one value' }] });
    expect(parseLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] })).toMatchObject({ errors: [{ message: 'operator Exists takes no values' }] });
    expect(parseLabelSelector('x')).toMatchObject({ errors: [{ path: [] }] });
  });
});
