import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { exposeInvalidPort } from './expose-invalid-port.js';

describe('docker/expose-invalid-port', () => {
  it('fires on out-of-range, malformed and bad protocols', () => {
    expect(runDockerfileRule(exposeInvalidPort, 'FROM a:1\nEXPOSE 70000 80/http 9-8 abc\n')).toHaveLength(4);
    expect(runDockerfileRule(exposeInvalidPort, 'FROM a:1\nEXPOSE 80\nEXPOSE 70000\n')).toMatchObject([{ line: 3, message: expect.stringContaining('"70000"') }]);
  });
  it('stays quiet for valid ports, protocols, ranges and variables', () => {
    expect(runDockerfileRule(exposeInvalidPort, 'FROM a:1\nEXPOSE 80 443/tcp 53/udp 8000-8010 ${PORT}\n')).toEqual([]);
  });
  it('maps to hadolint DL3011', () => {
    expect(exposeInvalidPort.meta.aliases.hadolint).toEqual(['DL3011']);
  });
});
