import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { pipPin } from './pip-pin.js';

describe('docker/pip-pin', () => {
  it('fires on unpinned packages', () => {
    const text = 'FROM p:3\nRUN pip install --no-cache-dir flask requests==2.31\n';
    expect(runDockerfileRule(pipPin, text)).toMatchObject([{ message: 'pip install without version pins: flask' }]);
    expect(runDockerfileRule(pipPin, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet for pins, requirements, local paths', () => {
    expect(runDockerfileRule(pipPin, 'FROM p:3\nRUN pip install -r requirements.txt && pip install . && python -m pip install "x>=1" ./pkg.whl git+https://h/r@v1\n')).toEqual([]);
  });
  it('maps to hadolint DL3013', () => {
    expect(pipPin.meta.aliases.hadolint).toEqual(['DL3013']);
  });
});
