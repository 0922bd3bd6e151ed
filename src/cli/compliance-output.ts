import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { FRAMEWORK_IDS, isFrameworkId, type ComplianceScope, type FrameworkId } from '../checks/compliance/types.js';
import type { NodeFacts } from '../checks/rules/node/model.js';
import type { Report } from '../core/report.js';
import type { CliIo } from './io.js';
import { EXIT_CODES, type OptionSpec } from './options.js';
import { writable } from './output.js';
import type { CliValues } from './resolve-options.js';
import { UsageError } from './errors.js';

export const COMPLIANCE_OPTION: OptionSpec = {
  name: 'compliance',
  type: 'string',
  value: 'nsa|cis|pss',
  description:
    'Report per control of a framework (NSA/CISA hardening guide, CIS Kubernetes Benchmark, Pod Security Standards) instead of per finding: status, evidencing rules, failing objects and suppressions. --format is then table, json, html or pdf (pdf needs -o FILE); --fail-on still gates on the findings.',
};

const COMPLIANCE_FORMATS = ['table', 'json', 'html', 'pdf'] as const;
type ComplianceFormat = (typeof COMPLIANCE_FORMATS)[number];

export interface ComplianceRequest {
  framework: FrameworkId;
  format: ComplianceFormat;
  file?: string;
}

/** `--compliance` and the one `--format` (`FMT` or `FMT=FILE`) and `-o` it is written with; undefined without it. */
export function complianceRequest(values: CliValues): ComplianceRequest | undefined {
  const framework = values.compliance;
  if (typeof framework !== 'string') return undefined;
  if (!isFrameworkId(framework)) throw new UsageError(`unknown compliance framework "${framework}" (use ${FRAMEWORK_IDS.join(', ')})`);
  const formats = Array.isArray(values.format) ? values.format : [];
  if (formats.length > 1) throw new UsageError('--compliance writes one report: give one --format (table, json, html or pdf)');
  const [name = 'table', ...rest] = (formats[0] ?? 'table').split('=');
  if (!(COMPLIANCE_FORMATS as readonly string[]).includes(name)) throw new UsageError(`with --compliance, --format is table, json, html or pdf, not "${name}"`);
  const file = rest.join('=') || (typeof values.output === 'string' ? values.output : '');
  if (name === 'pdf' && !file) throw new UsageError('--format pdf writes a file: add -o FILE');
  return { framework, format: name as ComplianceFormat, ...(file ? { file } : {}) };
}

/** What `rampart node` found: the components and files its rules judged. */
export function nodeScope(facts: NodeFacts): ComplianceScope {
  return { components: [...new Set(facts.components.map((c) => c.kind))], files: [...new Set(facts.files.map((f) => f.role))] };
}

/**
 * Builds and writes the compliance report. Returns an exit code that overrides the gate's when the report could not
 * be produced (Chromium missing or failing: 3), else undefined.
 */
export async function writeCompliance(report: Report, request: ComplianceRequest, scope: ComplianceScope, values: CliValues, io: CliIo): Promise<number | undefined> {
  // Loaded on use: a scan without --compliance does not pay for the controls' data, the template engine or the browser driver.
  const [{ buildComplianceReport }, { renderComplianceHtml, renderComplianceJson, renderComplianceTable }] = await Promise.all([
    import('../checks/compliance/build.js'),
    import('../formats/compliance/index.js'),
  ]);
  const compliance = buildComplianceReport(report, request.framework, { scope });
  let body: string | Uint8Array;
  switch (request.format) {
    case 'json':
      body = renderComplianceJson(compliance);
      break;
    case 'html':
      body = renderComplianceHtml(compliance);
      break;
    case 'pdf':
      const { htmlToPdf, PdfError } = await import('../services/pdf/index.js');
      try {
        body = await htmlToPdf(renderComplianceHtml(compliance), { env: io.env });
      } catch (error) {
        if (!(error instanceof PdfError)) throw error;
        io.stderr(`rampart: ${error.message} (RAMPART_CHROMIUM names the Chromium binary)\n`);
        return EXIT_CODES.scanErrors;
      }
      break;
    default:
      body = renderComplianceTable(compliance, { color: io.isTTY && !request.file && values['no-color'] !== true && !io.env.NO_COLOR });
  }
  const { file } = request;
  if (!file) {
    // complianceRequest gives pdf a file: only text reaches standard output.
    if (typeof body === 'string') io.stdout(body);
    return undefined;
  }
  const path = resolve(io.cwd, file);
  await writable(file, async () => {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
  });
  return undefined;
}
