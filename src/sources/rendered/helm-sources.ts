import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { asArray, asRecord, asString } from '../../parsers/kubernetes/values.js';
import { isFile } from './files.js';

/**
 * Helm names rendered documents by chart name, not directory: `web/charts/cache/templates/pod.yaml`.
 * A subchart's directory may be named differently, be aliased in Chart.yaml, or be a packaged archive.
 */

export interface ChartLevel {
  dir: string;
  /** Name of this chart in its parent's values (`cache:` block); empty for the root chart. */
  valuesKey: string;
}

export interface TemplateSource {
  /** Chart levels from the root chart down to the chart that owns the template. */
  chain: ChartLevel[];
  /** Absolute template path, or a packaged subchart archive when the template is inside one. */
  file: string;
  /** False when `file` is an archive or a Chart.yaml standing in for a template that cannot be opened. */
  readable: boolean;
}

export class ChartResolver {
  private readonly metadata = new Map<string, Promise<Record<string, unknown>>>();

  constructor(private readonly rootDir: string) {}

  /** Resolves a `# Source:` path (or a path in helm's error messages) to the template file on disk. */
  async resolve(sourcePath: string): Promise<TemplateSource> {
    const segments = sourcePath.split('/');
    const chain: ChartLevel[] = [{ dir: this.rootDir, valuesKey: '' }];
    let i = 1;
    while (segments[i] === 'charts' && i + 2 < segments.length) {
      const parent = chain[chain.length - 1]!;
      const name = segments[i + 1]!;
      const dir = await this.subchartDir(parent.dir, name);
      if (!dir) {
        const archive = await this.subchartArchive(parent.dir, name);
        return { chain, file: archive ?? join(parent.dir, 'Chart.yaml'), readable: false };
      }
      chain.push({ dir, valuesKey: name });
      i += 2;
    }
    const file = join(chain[chain.length - 1]!.dir, ...segments.slice(i));
    return { chain, file, readable: await isFile(file) };
  }

  private async subchartDir(parentDir: string, name: string): Promise<string | undefined> {
    const chartsDir = join(parentDir, 'charts');
    const direct = join(chartsDir, name);
    if ((await this.chartName(direct)) === name) return direct;
    const wanted = [name, ...(await this.aliasTargets(parentDir, name))];
    for (const entry of await listDirs(chartsDir)) {
      const dir = join(chartsDir, entry);
      const chartName = await this.chartName(dir);
      if (chartName !== undefined && wanted.includes(chartName)) return dir;
    }
    return undefined;
  }

  private async subchartArchive(parentDir: string, name: string): Promise<string | undefined> {
    const names = [name, ...(await this.aliasTargets(parentDir, name))];
    const entries = await readdir(join(parentDir, 'charts')).catch(() => [] as string[]);
    const archive = entries.find((entry) => entry.endsWith('.tgz') && names.some((n) => entry.startsWith(`${n}-`)));
    return archive ? join(parentDir, 'charts', archive) : undefined;
  }

  /** Chart names behind a dependency alias: `dependencies: [{name: redis, alias: cache}]`. */
  private async aliasTargets(parentDir: string, alias: string): Promise<string[]> {
    const dependencies = asArray((await this.chartYaml(parentDir)).dependencies);
    return dependencies.flatMap((dep) => {
      const record = asRecord(dep);
      const name = asString(record?.name);
      return record?.alias === alias && name ? [name] : [];
    });
  }

  private async chartName(dir: string): Promise<string | undefined> {
    return asString((await this.chartYaml(dir)).name);
  }

  private chartYaml(dir: string): Promise<Record<string, unknown>> {
    let cached = this.metadata.get(dir);
    if (!cached) {
      cached = readFile(join(dir, 'Chart.yaml'), 'utf8')
        .then((text) => asRecord(parse(text, { logLevel: 'error' })) ?? {})
        .catch(() => ({}));
      this.metadata.set(dir, cached);
    }
    return cached;
  }
}

async function listDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}
