import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { execForm } from './exec-form.js';

describe('docker/exec-form', () => {
  it('fires on shell-form CMD and ENTRYPOINT', () => {
    const text = 'FROM a:1\nCMD node app.js\nENTRYPOINT /run.sh\n';
    expect(runDockerfileRule(execForm, text)).toHaveLength(2);
    expect(runDockerfileRule(execForm, text).map((h) => h.line)).toEqual([2, 3]);
  });
  it('stays quiet for JSON form', () => {
    expect(runDockerfileRule(execForm, 'FROM a:1\nCMD ["node", "app.js"]\n')).toEqual([]);
  });
  it('maps to hadolint DL3025', () => {
    expect(execForm.meta.aliases.hadolint).toEqual(['DL3025']);
  });
});
