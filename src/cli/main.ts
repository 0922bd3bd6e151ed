import { formatScanError } from '../core/finding.js';
import { parseArgs } from 'node:util';
import { TOOL_VERSION } from '../core/version.js';
import { ConfigError } from '../config/validate.js';
import { UnknownRuleError } from '../pipeline/rule-selection.js';
import { EXIT_CODES, helpText, parseArgsConfig } from './options.js';
import type { CliIo } from './io.js';
import { UsageError, type CliValues } from './resolve-options.js';
import { COMMANDS } from './commands.js';


/** Built on use: commands.ts and the command modules import from here, so nothing runs at load. */
const mainHelp = () => `rampart ${TOOL_VERSION}: security scanning for Kubernetes delivery pipelines

Usage: rampart <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Run \`rampart <command> --help\` for a command's options.
`;

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [commandName, ...rest] = argv;
  if (!commandName || commandName === '--help' || commandName === '-h' || commandName === 'help') {
    io.stdout(mainHelp());
    return commandName ? EXIT_CODES.clean : EXIT_CODES.usage;
  }
  if (commandName === '--version' || commandName === 'version') {
    io.stdout(`${TOOL_VERSION}\n`);
    return EXIT_CODES.clean;
  }
  const command = COMMANDS[commandName];
  if (!command) {
    io.stderr(`rampart: unknown command "${commandName}"\n\n${mainHelp()}`);
    return EXIT_CODES.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(helpText(command.usage, command.summary, command.options));
    return EXIT_CODES.clean;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: parseArgsConfig(command.options), allowPositionals: true, strict: true });
    return await command.run(values as CliValues, positionals, io);
  } catch (error) {
    return reportFailure(error, io);
  }
}

function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof ConfigError) {
    io.stderr(`rampart: ${formatScanError(error)}\n`);
    return EXIT_CODES.usage;
  }
  if (error instanceof UsageError || error instanceof UnknownRuleError || isParseArgsError(error)) {
    io.stderr(`rampart: ${(error as Error).message}\nRun \`rampart --help\` for usage.\n`);
    return EXIT_CODES.usage;
  }
  // Anything else is our bug; say so plainly rather than pretend the scan was clean.
  io.stderr(`rampart: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT_CODES.scanErrors;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
