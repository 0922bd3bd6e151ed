import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { chmodWorldWritable } from './chmod-world-writable.js';

describe('docker/chmod-world-writable', () => {
  it('fires on chmod 777, -R 0666, a+w and COPY --chmod=777', () => {
    const text = 'FROM a:1\nRUN chmod 777 /app\nRUN chmod -R 0666 /data\nRUN chmod a+rwx /x\nCOPY --chmod=777 a /a\n';
    expect(runDockerfileRule(chmodWorldWritable, text)).toHaveLength(4);
    expect(runDockerfileRule(chmodWorldWritable, text).map((h) => h.line)).toEqual([2, 3, 4, 5]);
  });
  it('stays quiet for 755, sticky 1777 and u+w', () => {
    expect(runDockerfileRule(chmodWorldWritable, 'FROM a:1\nRUN chmod 755 /app && chmod 1777 /tmp && chmod u+w /x && chmod +x /y\n')).toEqual([]);
  });
  it('is medium severity', () => {
    expect(chmodWorldWritable.meta.severity).toBe('medium');
  });
});
