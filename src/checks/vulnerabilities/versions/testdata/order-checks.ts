import { expect } from 'vitest';
import type { VersionOrdering } from '../ordering.js';

/** Each version is strictly lower than every later one, in both argument orders. */
export function expectAscending(ordering: VersionOrdering, versions: readonly string[]): void {
  for (let i = 0; i < versions.length; i++) {
    for (let j = i + 1; j < versions.length; j++) {
      expect([versions[i], versions[j], ordering.compare(versions[i]!, versions[j]!)]).toEqual([versions[i], versions[j], -1]);
      expect([versions[j], versions[i], ordering.compare(versions[j]!, versions[i]!)]).toEqual([versions[j], versions[i], 1]);
    }
  }
}

export function expectEquivalent(ordering: VersionOrdering, pairs: ReadonlyArray<readonly [string, string]>): void {
  for (const [a, b] of pairs) {
    expect([a, b, ordering.compare(a, b), ordering.compare(b, a)]).toEqual([a, b, 0, 0]);
  }
}

/** Reflexivity, antisymmetry and transitivity (of < and of =) over every pair and triple. */
export function expectTotalPreorder(ordering: VersionOrdering, versions: readonly string[]): void {
  const n = versions.length;
  const table = versions.map((a) => versions.map((b) => ordering.compare(a, b)));
  for (let i = 0; i < n; i++) {
    expect([versions[i], table[i]![i]]).toEqual([versions[i], 0]);
    for (let j = 0; j < n; j++) {
      if (table[i]![j] !== -table[j]![i]!) expect.fail(`antisymmetry: ${versions[i]} vs ${versions[j]}`);
      for (let k = 0; k < n; k++) {
        const ij = table[i]![j]!;
        const jk = table[j]![k]!;
        if (ij <= 0 && jk <= 0 && table[i]![k]! !== Math.min(ij, jk)) {
          expect.fail(`transitivity: ${versions[i]} ${ij} ${versions[j]} ${jk} ${versions[k]} but ${table[i]![k]}`);
        }
      }
    }
  }
}

/** Malformed input never throws, is never valid unless the ecosystem says so, and stays totally ordered. */
export const MALFORMED: readonly string[] = ['', ' ', '  1.0', '1.0 ', '1 .0', 'été', '1.0-β', '１.０', '\u0000', '\n1', 'v', '...', '--', '1..2', '🙂'];

/** `groups` ascending, each group's versions equal among themselves: the shape of a reference tool's sorted output. */
export function expectGroupOrder(ordering: VersionOrdering, groups: ReadonlyArray<readonly string[]>): void {
  for (const group of groups) expectEquivalent(ordering, group.slice(1).map((version) => [group[0]!, version] as const));
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      for (const a of groups[i]!) for (const b of groups[j]!) expect([a, b, ordering.compare(a, b), ordering.compare(b, a)]).toEqual([a, b, -1, 1]);
    }
  }
}
