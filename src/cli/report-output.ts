import { mkdir, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { activeFindings, activeVulnerabilities, type Report } from '../core/report.js';
import { atLeast, type Severity } from '../core/severity.js';
import { writeBaseline } from '../pipeline/baseline.js';
import { getFormatter, isReportFormat } from '../formats/index.js';
import { formatChunks, type ReportFormat } from '../formats/formatter.js';
import type { CliIo } from './io.js';
import { sourceReader } from './source-reader.js';
import { EXIT_CODES } from './options.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';
import { widthOf, writable } from './output.js';

// The tail every report-producing command shares (scan, image, secrets, ci, node, encryption validate): kept apart
// from `scan`'s own module, which loads every rule family, so that `secrets` does not.

export interface OutputTarget {
  format: ReportFormat;
  file?: string;
}

export function parseOutputs(specs: string[]): OutputTarget[] {
  const targets = (specs.length > 0 ? specs : ['table']).map((spec): OutputTarget => {
    const [format, ...fileParts] = spec.split('=');
    if (!format || !isReportFormat(format)) throw new UsageError(`unknown format "${format}" (use table, json, sarif, junit, markdown or gitlab-sast)`);
    const file = fileParts.join('=');
    return file ? { format, file } : { format };
  });
  if (targets.filter((t) => !t.file).length > 1) {
    throw new UsageError('only one --format can go to standard output; send the others to files, e.g. --format sarif=out.sarif');
  }
  return targets;
}

/** Baseline, every requested output, and the exit code: the tail every report-producing command shares. */
export async function emitReport(report: Report, outputs: OutputTarget[], failOn: Severity | 'never', values: CliValues, io: CliIo): Promise<number> {
  const baselineWrite = values['baseline-write'];
  if (typeof baselineWrite === 'string') {
    await writable(baselineWrite, () => writeBaseline(resolve(io.cwd, baselineWrite), report, new Date()));
    const count = report.findings.length + report.vulnerabilities.length;
    io.stderr(`rampart: wrote a baseline of ${count} ${count === 1 ? 'finding' : 'findings'} to ${baselineWrite}\n`);
  }
  // `-o FILE` sends the one report that would go to standard output to FILE instead.
  const outputFile = typeof values.output === 'string' ? values.output : undefined;
  if (outputFile) outputs = outputs.map((output) => (output.file ? output : { ...output, file: outputFile }));
  const quiet = values.quiet === true;

  const color = io.isTTY && values['no-color'] !== true && !io.env.NO_COLOR;
  for (const output of outputs) {
    const chunks = formatChunks(getFormatter(output.format), report, {
      showSuppressed: values['show-suppressed'] === true,
      color: color && !output.file,
      ...(output.file ? {} : widthOf(values, io)),
      cwd: io.cwd,
      readSource: sourceReader(io.cwd),
    });
    if (output.file) {
      const path = resolve(io.cwd, output.file);
      await writable(output.file, async () => {
        await mkdir(dirname(path), { recursive: true });
        await writeChunks(path, chunks);
      });
    } else if (quiet && output.format === 'table' && report.findings.length + report.vulnerabilities.length + report.errors.length === 0) {
      continue;
    } else {
      let last = '';
      for (const piece of batched(chunks)) {
        io.stdout(piece);
        last = piece;
      }
      if (!last.endsWith('\n')) io.stdout('\n');
    }
  }
  const code = exitCode(report, failOn);
  // Trivy's --exit-code: the status a tripped gate exits with (0 reports without failing); errors keep theirs.
  const gateCode = typeof values['exit-code'] === 'string' ? parseExitCode(values['exit-code']) : EXIT_CODES.findings;
  return code === EXIT_CODES.findings ? gateCode : code;
}

function parseExitCode(text: string): number {
  const code = Number(text);
  if (!/^\d{1,3}$/.test(text.trim()) || code > 255 || code === EXIT_CODES.usage || code === EXIT_CODES.scanErrors) {
    throw new UsageError(`--exit-code must be 0 to 255 and not 2 or 3 (kept for usage errors and unreadable input), not "${text}"`);
  }
  return code;
}


/** Incomplete results (3) outrank findings (1): a gate must not pass on a scan that did not finish. */
function exitCode(report: Report, failOn: Severity | 'never'): number {
  if (report.errors.some((e) => (e.level ?? 'error') === 'error')) return EXIT_CODES.scanErrors;
  if (failOn === 'never') return EXIT_CODES.clean;
  if (activeFindings(report).some((f) => atLeast(f.severity, failOn))) return EXIT_CODES.findings;
  if (activeVulnerabilities(report).some((v) => atLeast(v.severity.level, failOn))) return EXIT_CODES.findings;
  return EXIT_CODES.clean;
}

/**
 * The chunks are encoded into one reused buffer, written when full: no joined copy of them, and no buffer per chunk.
 * Each write is awaited before the buffer is filled again, so a slow disk holds back the formatter instead of filling
 * memory.
 */
async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const handle = await open(path, 'w');
  try {
    const buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
    let used = 0;
    for (const chunk of chunks) {
      // A UTF-16 unit is at most three bytes of UTF-8: a bound, where measuring each chunk's exact size would read it
      // once more (a fifth of the time of writing a large report).
      const most = chunk.length * 3;
      if (used + most > buffer.length && used > 0) {
        await handle.write(buffer, 0, used);
        used = 0;
      }
      if (most > buffer.length) await handle.write(chunk);
      else used += buffer.write(chunk, used);
    }
    if (used > 0) await handle.write(buffer, 0, used);
  } finally {
    await handle.close();
  }
}

const WRITE_BUFFER_BYTES = 1 << 20;

/** Formatters yield many small pieces (one per finding); a write per piece would cost a syscall each. */
function* batched(chunks: Iterable<string>): Generator<string> {
  const BATCH = 1 << 20;
  let pending: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    size += chunk.length;
    if (size >= BATCH) {
      yield pending.join('');
      pending = [];
      size = 0;
    }
  }
  if (size > 0) yield pending.join('');
}
