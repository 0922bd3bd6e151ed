/** An `openssh-key-v1` PEM block (PROTOCOL.key) with the given cipher; the key material is filler, not a real key. */
export function opensshKey(cipher: string): string {
  const string = (value: Buffer | string) => {
    const bytes = Buffer.from(value);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const publicKey = Buffer.concat([string('ssh-ed25519'), string(Buffer.alloc(32, 7))]);
  const blob = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    string(cipher),
    string(cipher === 'none' ? 'none' : 'bcrypt'),
    string(cipher === 'none' ? '' : Buffer.alloc(24, 1)),
    Buffer.from([0, 0, 0, 1]),
    string(publicKey),
    string(Buffer.alloc(160, 9)),
  ]);
  const body = blob.toString('base64').match(/.{1,70}/g)!.join('\n');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`;
}
