import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, as a user's shell would see it (no TTY). */
export async function runCli(args: string[], options: { cwd: string; stdin?: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    isTTY: false,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => options.stdin ?? '',
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

export interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  location: { file: string; startLine: number; startColumn: number; endLine: number; endColumn: number };
  fieldPath?: string;
  resource?: { kind: string; name?: string; namespace?: string };
  fingerprint: string;
  suppressed?: { kind: string; reason: string; expires?: string };
}

export interface JsonReport {
  schemaVersion: string;
  findings: JsonFinding[];
  errors: Array<{ file: string; line?: number; message: string; level?: string }>;
  summary: { bySeverity: Record<string, number>; files: number; resources: number; suppressed: number; durationMs: number };
}

export async function scanJson(args: string[], options: { cwd: string; stdin?: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const run = await runCli(['scan', ...args, '--format', 'json'], options);
  let report: JsonReport;
  try {
    report = JSON.parse(run.stdout) as JsonReport;
  } catch {
    throw new Error(`scan did not print JSON (exit ${run.code}): ${run.stderr || run.stdout}`);
  }
  return { code: run.code, report, stderr: run.stderr };
}
