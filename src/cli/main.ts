import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TOOL_VERSION } from '../core/version.js';
import { ConfigError } from '../config/validate.js';
import { UnknownRuleError } from '../engine/registry.js';
import { EXIT_CODES, FIX_OPTIONS, helpText, parseArgsConfig, RULES_OPTIONS, SCAN_OPTIONS } from './options.js';
import { UsageError, type CliEnvironment, type CliValues } from './resolve-options.js';
import { runScanCommand } from './scan-command.js';
import { runFixCommand } from './fix-command.js';
import { runRulesCommand } from './rules-command.js';
import type { CommandSpec } from './command.js';

export interface CliIo extends CliEnvironment {
  stdout(text: string): void;
  stderr(text: string): void;
  isTTY: boolean;
}

const COMMANDS: Record<string, CommandSpec> = {
  scan: {
    usage: 'scan [PATH|-]... [options]',
    summary: 'Scan Dockerfiles, Kubernetes manifests, Helm charts and kustomizations. `-` reads stdin.',
    options: SCAN_OPTIONS,
    run: runScanCommand,
  },
  fix: {
    usage: 'fix [PATH]... [options]',
    summary: 'Apply the safe automatic fixes of findings in place, or print them as a diff with --dry-run.',
    options: FIX_OPTIONS,
    run: runFixCommand,
  },
  rules: {
    usage: 'rules [--format table|md|json]',
    summary: 'List every rule with its metadata.',
    options: RULES_OPTIONS,
    run: runRulesCommand,
  },
};

const MAIN_HELP = `rampart ${TOOL_VERSION}: security scanning for Kubernetes delivery pipelines

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
    io.stdout(MAIN_HELP);
    return commandName ? EXIT_CODES.clean : EXIT_CODES.usage;
  }
  if (commandName === '--version' || commandName === 'version') {
    io.stdout(`${TOOL_VERSION}\n`);
    return EXIT_CODES.clean;
  }
  const command = COMMANDS[commandName];
  if (!command) {
    io.stderr(`rampart: unknown command "${commandName}"\n\n${MAIN_HELP}`);
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
    io.stderr(`rampart: ${error.file}${error.line ? `:${error.line}` : ''}: ${error.message}\n`);
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

/** For renderers that show the offending line: read lazily, once per file. */
export function sourceReader(cwd: string): (file: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(resolve(cwd, file), 'utf8'));
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file);
  };
}
