import { formatScanError } from '../core/finding.js';
import { parseArgs } from 'node:util';
import { TOOL_VERSION } from '../core/version.js';
import { ConfigError } from '../config/config-error.js';
import { UnknownRuleError } from '../pipeline/unknown-rule-error.js';
import { EXIT_CODES, helpText, parseArgsConfig } from './options.js';
import type { CliIo } from './io.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';
import { COMMAND_INDEX } from './commands.js';
import type { CommandSpec } from './command.js';
import { environmentWithCacheDir, valuesFromEnvironment } from './env-options.js';
import { closest } from './suggest.js';
import { ScanTimeoutError } from './errors.js';


/** Built on use: commands.ts and the command modules import from here, so nothing runs at load. */
const mainHelp = () => `rampart ${TOOL_VERSION}: security scanning for Kubernetes delivery pipelines

Usage: rampart <command> [options]

Commands:
${Object.entries(COMMAND_INDEX)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Run \`rampart <command> --help\` for a command's options.
`;

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [commandName, ...rest] = argv;
  if (commandName === 'help' && rest[0] !== undefined && COMMAND_INDEX[rest[0]]) {
    const command = await COMMAND_INDEX[rest[0]]!.load();
    const shown = (rest[1] !== undefined && command.subcommands?.[rest[1]]) || command;
    io.stdout(helpText(shown.usage, shown.summary, shown.options));
    return EXIT_CODES.clean;
  }
  if (!commandName || commandName === '--help' || commandName === '-h' || commandName === 'help') {
    io.stdout(mainHelp());
    return commandName ? EXIT_CODES.clean : EXIT_CODES.usage;
  }
  if (commandName === '--version' || commandName === '-V' || commandName === 'version') {
    io.stdout(`${TOOL_VERSION}\n`);
    return EXIT_CODES.clean;
  }
  const entry = COMMAND_INDEX[commandName];
  if (!entry) {
    const guess = closest(commandName, Object.keys(COMMAND_INDEX));
    io.stderr(`rampart: unknown command "${commandName}"${guess ? `; did you mean "${guess}"?` : ''}\n\n${mainHelp()}`);
    return EXIT_CODES.usage;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    // `rampart backup restore --help`: the subcommand's own flags, not the whole group's.
    const shown = (rest[0] !== undefined && command.subcommands?.[rest[0]]) || command;
    io.stdout(helpText(shown.usage, shown.summary, shown.options));
    return EXIT_CODES.clean;
  }
  try {
    const { values: given, positionals } = parseCommandLine(commandName, command, rest);
    const values = valuesFromEnvironment(command.options, given, io.env);
    return await command.run(values, positionals, { ...io, env: environmentWithCacheDir(values, io.env, io.cwd) });
  } catch (error) {
    return reportFailure(error, io, commandName);
  }
}

function parseCommandLine(commandName: string, command: CommandSpec, args: string[]): { values: CliValues; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: parseArgsConfig(command.options), allowPositionals: true, strict: true });
    return { values: values as CliValues, positionals };
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    throw new UsageError(explainParseError(commandName, command, error as Error, args));
  }
}

/** Node's parser speaks of "Unknown option '--foramt'. To specify a positional argument..."; users need the fix. */
function explainParseError(commandName: string, command: CommandSpec, error: Error, args: string[]): string {
  const code = (error as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'(-[^']*)'/.exec(error.message)?.[1] ?? args.find((arg) => arg.startsWith('-')) ?? '';
    const name = flag.replace(/^--?/, '').replace(/=.*$/, '');
    const guess = closest(name, command.options.map((option) => option.name));
    return `unknown option ${flag} for \`rampart ${commandName}\`${guess ? `; did you mean --${guess}?` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /'(-[^' ]*)/.exec(error.message)?.[1];
    const spec = command.options.find((option) => flag !== undefined && (flag === `--${option.name}` || flag.startsWith(`-${option.short ?? '\0'}`)));
    if (spec?.type === 'boolean') return `--${spec.name} takes no value`;
    if (spec) return `--${spec.name} needs a value (${spec.value ?? 'VALUE'})`;
  }
  return error.message;
}

function reportFailure(error: unknown, io: CliIo, commandName: string): number {
  if (error instanceof ScanTimeoutError) {
    io.stderr(`rampart: ${error.message}\n`);
    return EXIT_CODES.scanErrors;
  }
  if (error instanceof ConfigError) {
    io.stderr(`rampart: ${formatScanError(error)}\n`);
    return EXIT_CODES.usage;
  }
  if (error instanceof UsageError || error instanceof UnknownRuleError || isParseArgsError(error)) {
    io.stderr(`rampart: ${(error as Error).message}\nRun \`rampart ${commandName} --help\` for its options.\n`);
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
  // `rampart rules | head` closes the pipe early; the reader has what it wanted, so end quietly, not with a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT_CODES.clean);
    });
  }
  return {
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    ...(process.stdout.isTTY && process.stdout.columns > 0 ? { columns: process.stdout.columns } : {}),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
