import { jsonRenderer } from './json.js';
import { junitRenderer } from './junit.js';
import type { Renderer, ReportFormat } from './renderer.js';
import { sarifRenderer } from './sarif.js';
import { tableRenderer } from './table.js';

export type { Renderer, RenderOptions, ReportFormat } from './renderer.js';

/** Adding a format is one module plus one entry here. */
const RENDERERS: ReadonlyMap<ReportFormat, Renderer> = new Map([tableRenderer, jsonRenderer, sarifRenderer, junitRenderer].map((r) => [r.format, r]));

export const REPORT_FORMATS: readonly ReportFormat[] = [...RENDERERS.keys()];

export function isReportFormat(value: string): value is ReportFormat {
  return RENDERERS.has(value as ReportFormat);
}

export function getRenderer(format: string): Renderer {
  const renderer = isReportFormat(format) ? RENDERERS.get(format) : undefined;
  if (!renderer) throw new Error(`unknown report format "${format}"; expected one of: ${REPORT_FORMATS.join(', ')}`);
  return renderer;
}
