import { terminalSafe } from '../core/terminal.js';
import type { VerifyResult } from '../services/backup/verify.js';
import type { CommandSpec } from './command.js';
import type { CliIo } from './io.js';
import { EXIT_CODES } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';
import { DECRYPT_OPTIONS, FORMAT_OPTION, formatFromValues, identitiesFromValues, PUBLIC_KEY_OPTION, TARGET_OPTIONS, targetFromValues, trustedFromValues } from './backup-options.js';

export const verifySubcommand: CommandSpec = {
  usage: 'backup verify --target DIR|s3://B/P [--public-key FILE] [--deep --identity FILE] [--format json]',
  summary: 'Check every manifest signature, the hash chain and every pack hash without a decryption key (--deep also decrypts); exit 1 on tampering.',
  options: [
    ...TARGET_OPTIONS,
    PUBLIC_KEY_OPTION,
    { name: 'deep', type: 'boolean', description: 'verify: also decrypt every pack and check each backup\'s objects are in it (needs --identity or --passphrase).' },
    ...DECRYPT_OPTIONS,
    FORMAT_OPTION,
  ],
  run: runVerify,
};

async function runVerify(values: CliValues, positionals: string[], io: CliIo): Promise<number> {
  if (positionals.length > 0) throw new UsageError(`backup verify takes no arguments, got ${positionals.join(' ')}`);
  const format = formatFromValues(values, 'backup verify');
  const deep = values.deep === true;
  const identities = deep ? await identitiesFromValues(values, io) : [];
  if (deep && identities.length === 0) throw new UsageError('--deep decrypts: give --identity FILE or --passphrase');
  const trusted = await trustedFromValues(values, io);
  const target = await targetFromValues(values, io);
  const { verifyRepository } = await import('../services/backup/verify.js');
  const result = await verifyRepository(target, { trusted, deep, identities });
  io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : verifyTable(result));
  return result.findings.length > 0 ? EXIT_CODES.findings : EXIT_CODES.clean;
}

export function verifyTable(result: VerifyResult): string {
  const lines = [`repository: ${result.location}`, `signing key: ${result.signingKey.id}${result.signingKey.pinned ? ' (pinned)' : ' (declared by the repository; pin it with --public-key)'}`];
  for (const finding of result.findings) lines.push(`  ${finding.kind.toUpperCase().padEnd(16)} ${terminalSafe(finding.message)}`);
  lines.push(`${result.backups} backups, ${result.packs} packs, ${result.bytes} bytes checked${result.deep ? ' and decrypted' : ''}; ${result.unreferencedPacks} unreferenced packs`);
  lines.push(result.findings.length === 0 ? 'OK: every manifest is signed and chained, every pack is intact' : `FAIL: ${result.findings.length} problems`);
  return `${lines.join('\n')}\n`;
}
