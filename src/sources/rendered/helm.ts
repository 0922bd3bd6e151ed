import { parse } from 'yaml';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ScanError } from '../../core/finding.js';
import type { JsonPath } from '../../core/fix.js';
import { locate, parseYamlFile, type Located, type YamlDocument } from '../../parsers/kubernetes/documents.js';
import { extractObjects, type KubernetesObject } from '../../parsers/kubernetes/objects.js';
import { runTool, ToolRunError } from './exec.js';
import { walk } from '../directory/walk.js';
import { ChartResolver, type TemplateSource } from './helm-sources.js';
import { DEFAULT_RENDER_MEMORY_BYTES, renderFailure, toolEnvironment, wholeFile, type RenderOptions, type RenderResult, type RenderTarget } from './options.js';
import { locateInTemplate } from './template-locate.js';

const HELM: RenderTarget = { what: 'Helm chart', short: 'chart', install: 'install Helm 3, or set RAMPART_HELM=/path/to/helm' };
const SOURCE_COMMENT = /^# Source: (.+?)\s*$/;

export async function renderHelmChart(chartDir: string, options: RenderOptions): Promise<RenderResult> {
  const root = resolve(chartDir);
  // The whole chart is consumed even when rendering fails: templates are not YAML and would only add noise. The one
  // walk lists it, so the chart's files are contained like every other file (no link out of the chart is read).
  const chartFiles = await walk([root], { exclude: [], cwd: root, everyFile: true, renderTargets: false });
  const consumed = [...chartFiles.entries.flatMap((entry) => (entry.type === 'file' ? [entry.path] : [])), ...options.valuesFiles.map((file) => resolve(file))];
  // Helm follows links and opens whatever a template names: a chart holding something the walk refused to read
  // (a link out of the chart, a FIFO, a device) is not rendered at all.
  const refused = chartFiles.errors.map((error) => ({ file: options.display(join(root, error.file)), message: `${error.message}; Helm would read it, so the chart was not rendered` }));
  if (refused.length > 0) return { objects: [], errors: refused, consumed };
  const resolver = new ChartResolver(root);
  let output: string;
  try {
    output = await runHelm(root, options);
  } catch (error) {
    return { objects: [], errors: [await helmFailure(error, root, resolver, options)], consumed };
  }
  return { ...(await mapHelmOutput(output, root, options)), consumed };
}

/**
 * Maps `helm template` output back to the chart's templates through its `# Source:` comments; also
 * used for output piped in on stdin when the chart sits beside it.
 */
export async function mapHelmOutput(output: string, chartDir: string, options: RenderOptions): Promise<Omit<RenderResult, 'consumed'>> {
  const root = resolve(chartDir);
  const chartFile = join(root, 'Chart.yaml');
  const resolver = new ChartResolver(root);
  const parsed = parseYamlFile(`${options.display(chartFile)} (rendered)`, output);
  const sourceByLine = sourceComments(output);
  const sources = new Map<string, TemplateSource>();
  for (const path of new Set(sourceByLine)) if (path) sources.set(path, await resolver.resolve(path));
  const context = await loadContext([...sources.values()], options);

  const errors: ScanError[] = parsed.errors.map((error) => {
    const source = error.line ? sources.get(sourceByLine[error.line - 1] ?? '') : undefined;
    return { file: source ? options.display(source.file) : options.display(chartFile), message: `rendered template: ${error.message}` };
  });

  const occurrences = new Map<string, number>();
  // Templates are not YAML: rendered objects are never edited by `rampart fix`, hence no `editable`.
  const objects = extractObjects(parsed).map(({ editable: _rendered, ...object }): KubernetesObject => {
    const sourcePath = sourceByLine[documentLine(object.document) - 1];
    const source = sourcePath ? sources.get(sourcePath) : undefined;
    if (!source) return { ...object, locate: () => wholeFile(options.display(chartFile)) };
    const key = `${sourcePath}\0${object.kind}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    return { ...object, locate: (path) => locateInChart(context, source, object, occurrence, [...object.basePath, ...path]) };
  });
  return { objects, errors };
}

async function runHelm(root: string, options: RenderOptions): Promise<string> {
  // Empty helm homes: a local chart needs no repositories, plugins or registry logins, and the
  // rendering must not change with the user's helm configuration.
  const home = await mkdtemp(join(tmpdir(), 'rampart-helm-'));
  try {
    return await runTool({
      tool: 'helm',
      binary: options.helmBinary,
      args: [
        'template',
        // Always explicit: without it helm takes the namespace from the user's kube context.
        `--namespace=${options.namespace || 'default'}`,
        // CRDs are part of what the chart installs; rendering them keeps the chart one unit for the walker.
        '--include-crds',
        ...options.valuesFiles.map((file) => `--values=${file}`),
        ...options.setValues.map((value) => `--set=${value}`),
        '--',
        options.releaseName,
        root,
      ],
      timeoutMs: options.timeoutMs,
      memoryBytes: options.memoryBytes ?? DEFAULT_RENDER_MEMORY_BYTES,
      // `helm template` fetches nothing without --dependency-update, which is never passed; offline all the same.
      env: toolEnvironment(options, {
        HELM_CACHE_HOME: join(home, 'cache'),
        HELM_CONFIG_HOME: join(home, 'config'),
        HELM_DATA_HOME: join(home, 'data'),
      }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Helm names the failing template in its errors (`parse error at (web/templates/x.yaml:12)`); point there. */
async function helmFailure(error: unknown, root: string, resolver: ChartResolver, options: RenderOptions): Promise<ScanError> {
  const chartFile = options.display(join(root, 'Chart.yaml'));
  if (!(error instanceof ToolRunError)) return renderFailure(HELM, chartFile, error);
  const text = error.message
    .split('\n')
    .filter((line) => !line.startsWith('Use --debug flag'))
    .map((line) => line.replace(/^Error: /, ''))
    .join('\n');
  if (/missing in charts\/ directory|helm dependency build|Chart\.lock\) is out of sync/.test(text)) {
    const missing = /missing in charts\/ directory: (.+)$/m.exec(text)?.[1];
    const detail = missing ? `missing: ${missing}` : text.split('\n')[0];
    const hint = `the chart's dependencies are not installed (${detail}); run "helm dependency build ${options.display(root)}" first`;
    return renderFailure(HELM, chartFile, new Error(hint));
  }
  const mention = /(?:^|[\s("'])([\w.-]+\/(?:[\w.-]+\/)*[\w.-]+\.(?:ya?ml|tpl|txt|json))(?::(\d+))?/.exec(text);
  if (mention) {
    const source = await resolver.resolve(mention[1]!);
    if (source.readable) return renderFailure(HELM, options.display(source.file), new Error(text), Number(mention[2] ?? 1));
  }
  return renderFailure(HELM, chartFile, new Error(text));
}

/**
 * The chart a piped `helm template` output came from, when it sits in the working directory (as
 * `./<chart>` or `.` itself): helm names sources by chart name, which is usually the directory name.
 */
export async function chartForPipedOutput(output: string, cwd: string): Promise<string | undefined> {
  const first = output.split(/\r?\n/).map((line) => SOURCE_COMMENT.exec(line)?.[1]).find((path) => path !== undefined);
  const chartName = first?.split('/')[0];
  if (!chartName) return undefined;
  for (const dir of [join(cwd, chartName), cwd]) {
    try {
      const metadata = parse(await readFile(join(dir, 'Chart.yaml'), 'utf8'), { logLevel: 'error' }) as { name?: unknown } | null;
      if (metadata?.name === chartName) return dir;
    } catch {
      // not a chart directory
    }
  }
  return undefined;
}

/** For each line of helm's output, the template it came from (helm prefixes each document with `# Source:`). */
function sourceComments(output: string): (string | undefined)[] {
  let current: string | undefined;
  return output.split(/\r?\n/).map((line) => {
    if (/^---(\s|$)/.test(line)) current = undefined;
    const match = SOURCE_COMMENT.exec(line);
    if (match) current = match[1];
    return current;
  });
}

function documentLine(document: YamlDocument): number {
  return document.startLine || 1;
}

interface ChartContext {
  display(absPath: string): string;
  templates: Map<string, string>;
  /** Parsed values files by absolute path; user `-f` files first, in the order helm applies them. */
  values: Map<string, YamlDocument>;
  userValues: string[];
}

async function loadContext(sources: TemplateSource[], options: RenderOptions): Promise<ChartContext> {
  const templates = new Map<string, string>();
  const values = new Map<string, YamlDocument>();
  const userValues = options.valuesFiles.map((file) => resolve(file));
  const valuesFiles = new Set([...userValues, ...sources.flatMap((s) => s.chain.map((level) => join(level.dir, 'values.yaml')))]);
  await Promise.all([
    ...sources.filter((s) => s.readable).map(async (s) => {
      const text = await readText(s.file);
      if (text !== undefined) templates.set(s.file, text);
    }),
    ...[...valuesFiles].map(async (file) => {
      const text = await readText(file);
      const document = text === undefined ? undefined : parseYamlFile(options.display(file), text).documents[0];
      if (document) values.set(file, document);
    }),
  ]);
  return { display: (path) => options.display(path), templates, values, userValues };
}

function readText(file: string): Promise<string | undefined> {
  return readFile(file, 'utf8').catch(() => undefined);
}

function locateInChart(context: ChartContext, source: TemplateSource, object: KubernetesObject, occurrence: number, path: JsonPath): Located {
  const file = context.display(source.file);
  const text = context.templates.get(source.file);
  if (text === undefined) return wholeFile(file);
  const hit = locateInTemplate(text, path, object.kind, occurrence);
  if (!hit.exact) {
    const rest = path.slice(hit.resolved);
    for (const ref of hit.valueRefs) {
      const found = locateInValues(context, source, [...ref, ...rest]);
      if (found) return found;
    }
  }
  return {
    location: { file, startLine: hit.line, startColumn: hit.column, endLine: hit.line, endColumn: hit.endColumn },
    exact: hit.exact,
  };
}

/**
 * The values file that sets a field rendered through `toYaml .Values.x`: the user's `-f` files (last
 * wins), then the root chart's values.yaml down to the subchart's own (a parent overrides its subcharts).
 */
function locateInValues(context: ChartContext, source: TemplateSource, valuesPath: JsonPath): Located | undefined {
  const subchartKeys = (from: number): string[] => source.chain.slice(from).map((level) => level.valuesKey);
  const candidates: [string, JsonPath][] = [
    ...[...context.userValues].reverse().map((file): [string, JsonPath] => [file, [...subchartKeys(1), ...valuesPath]]),
    ...source.chain.map((level, i): [string, JsonPath] => [join(level.dir, 'values.yaml'), [...subchartKeys(i + 1), ...valuesPath]]),
  ];
  for (const [file, path] of candidates) {
    const document = context.values.get(file);
    if (!document) continue;
    const located = locate(document, path);
    if (located.exact) return located;
  }
  return undefined;
}
