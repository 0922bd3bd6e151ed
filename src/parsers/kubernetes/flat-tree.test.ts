import { describe, expect, it } from 'vitest';
import { FlatTree, KIND_MAPPING, KIND_SCALAR } from './flat-tree.js';

/** A mapping root with `pairs` scalar children, as a reader builds one. */
function build(tree: FlatTree, pairs: number): void {
  const root = tree.allocate(0);
  for (let i = 0; i < pairs * 2; i++) {
    const child = tree.allocate(i + 1);
    tree.end[child] = i + 2;
    tree.kind[child] = KIND_SCALAR;
    tree.label[child] = `k${i}`;
  }
  tree.end[root] = pairs * 2 + 1;
  tree.size[root] = pairs * 2;
  tree.childCount[root] = pairs * 2;
  tree.kind[root] = KIND_MAPPING;
  tree.roots.push(root);
}

describe('FlatTree.takeCompact', () => {
  it('hands over the tree at its exact size and leaves the builder empty, its arrays kept for the next file', () => {
    const builder = new FlatTree();
    build(builder, 100);
    const capacity = builder.start.length;
    const first = builder.takeCompact();
    expect([first.count, first.start.length, first.kind.length, first.roots]).toEqual([201, 201, 201, [0]]);
    expect(first.nthChild(0, 3)).toBe(4);
    expect(first.label[4]).toBe('k3');
    expect([builder.count, builder.roots, builder.label, builder.start.length]).toEqual([0, [], [], capacity]);
    // The next file overwrites the arrays; what was handed over is a copy, untouched.
    build(builder, 2);
    const second = builder.takeCompact();
    expect([second.count, second.label[1], first.end[200], first.label[1]]).toEqual([5, 'k0', 201, 'k0']);
  });

  it('lets a huge tree\'s arrays go, so a long-running reader does not keep them', () => {
    const builder = new FlatTree();
    build(builder, 100_000);
    expect(builder.start.length).toBeGreaterThan(1 << 17);
    expect(builder.takeCompact().count).toBe(200_001);
    expect(builder.start.length).toBe(64);
    build(builder, 1);
    expect(builder.takeCompact().count).toBe(3);
  });
});
