import { describe, expect, it } from 'vitest';
import { decodeSecretData } from './secret-data.js';

describe('decodeSecretData', () => {
  it('decodes standard padded base64, ignoring line breaks', () => {
    expect(decodeSecretData('aHVudGVyMg==')?.toString()).toBe('hunter2');
    expect(decodeSecretData('aHVudGVy\nMg==\n')?.toString()).toBe('hunter2');
    expect(decodeSecretData('')?.length).toBe(0);
  });

  it.each(['hunter2', 'aHVudGVyMg', 'aHVudGVyMg=', 'aHVu dGVy', 'aHVudGVy-_==', 'a=bc'])('rejects %j', (value) => {
    expect(decodeSecretData(value)).toBeUndefined();
  });
});
