import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { COMPLIANCE_CSS } from '../../../formats/compliance/index.js';

/**
 * What `/static/NAME` serves: a fixed table from name to content. The URL only picks an entry of this table; no part
 * of it reaches a file path, so no request can read anything else. The chart and graph libraries are served from
 * their own packages' dist files; the dashboard's stylesheet and script are kept here, in the compiled tree.
 */

const require = createRequire(import.meta.url);

const CSS = `:root { --fg: #1b1f24; --muted: #4d5761; --bg: #ffffff; --line: #d0d7de; --accent: #0b57d0; --focus: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -10000px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 6px 10px; z-index: 10; }
body > header { background: #14213d; color: #fff; }
body > header nav { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 18px; padding: 10px 20px; }
body > header a { color: #fff; text-decoration: none; }
body > header a:hover, body > header a[aria-current="page"] { text-decoration: underline; text-underline-offset: 4px; }
body > header ul { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; margin: 0; padding: 0; }
.brand { font-weight: 700; font-size: 17px; }
.logout { margin-left: auto; display: flex; align-items: center; gap: 8px; }
.who { color: #e6e9ef; }
main { padding: 16px 20px 40px; max-width: 1400px; }
main:focus { outline: none; }
h1 { font-size: 24px; margin: 4px 0 16px; }
h2 { font-size: 18px; margin: 24px 0 8px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
caption { text-align: left; color: var(--muted); padding: 4px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
thead th { background: #f3f5f8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.mono { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 13px; word-break: break-all; }
.muted { color: var(--muted); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 0 32px; }
.sev { display: inline-block; min-width: 64px; padding: 0 6px; border-radius: 3px; font-size: 13px; font-weight: 600; text-align: center; border: 1px solid transparent; }
.sev-critical { background: #7a0916; color: #fff; }
.sev-high { background: #b3261e; color: #fff; }
.sev-medium { background: #f7d774; color: #1b1f24; }
.sev-low { background: #dbe8ff; color: #1b1f24; }
.sev-info, .sev-unknown { background: #eceff3; color: #1b1f24; border-color: var(--line); }
progress { width: 100%; min-width: 80px; }
.chart { min-height: 40px; }
.graph { height: 420px; border: 1px solid var(--line); margin: 8px 0; }
.graph:empty { display: none; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: flex-end; margin-bottom: 12px; }
.filters label, .stack label { display: flex; flex-direction: column; font-size: 13px; color: var(--muted); }
.stack { display: flex; flex-direction: column; gap: 10px; max-width: 520px; }
input, select, button, .button { font: inherit; padding: 5px 8px; border: 1px solid #8c959f; border-radius: 4px; background: #fff; color: var(--fg); }
button, .button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; text-decoration: none; display: inline-block; }
body > header button { background: transparent; border-color: #fff; }
.pager { margin: 12px 0; display: flex; gap: 16px; }
.error { color: #8c1d18; font-weight: 600; }
.ok { color: #0f6b2f; font-weight: 600; }
.denied { color: #8c1d18; font-weight: 600; }
tr.expired td { color: var(--muted); text-decoration: line-through; }
.changes { display: flex; flex-wrap: wrap; gap: 8px 24px; list-style: none; padding: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

/** Progressive enhancement only: every page reads fully without it. Data comes from data- attributes, never markup. */
const JS = `'use strict';
(function () {
  function readData(element, name) {
    try { return JSON.parse(element.getAttribute(name) || 'null'); } catch (e) { return null; }
  }
  function trendChart() {
    var element = document.getElementById('trend-chart');
    if (!element || typeof window.uPlot !== 'function') return;
    var points = readData(element, 'data-trend');
    if (!Array.isArray(points) || points.length === 0) return;
    var data = [points.map(function (p) { return p.day; }), points.map(function (p) { return p.findings; }), points.map(function (p) { return p.vulnerabilities; })];
    var width = Math.max(320, Math.min(element.clientWidth || 900, 1300));
    new window.uPlot({
      width: width, height: 240,
      series: [{}, { label: 'Findings', stroke: '#0b57d0', width: 2 }, { label: 'Vulnerabilities', stroke: '#b3261e', width: 2 }],
      axes: [{}, { size: 60 }],
    }, data, element);
  }
  function networkGraph() {
    var element = document.getElementById('netpol-graph');
    if (!element || typeof window.cytoscape !== 'function') return;
    var graph = readData(element, 'data-graph');
    if (!graph || !Array.isArray(graph.nodes) || graph.nodes.length === 0) return;
    var elements = graph.nodes.map(function (n) { return { data: { id: n.id, label: n.label, kind: n.kind } }; })
      .concat(graph.edges.map(function (e, i) { return { data: { id: 'e' + i, source: e.source, target: e.target, label: e.label } }; }));
    window.cytoscape({
      container: element, elements: elements, userZoomingEnabled: false,
      layout: { name: 'breadthfirst', directed: true, padding: 12, spacingFactor: 1.1 },
      style: [
        { selector: 'node', style: { label: 'data(label)', 'font-size': 11, 'text-valign': 'bottom', 'text-wrap': 'wrap', 'text-max-width': 160, 'background-color': '#0b57d0', width: 18, height: 18 } },
        { selector: 'node[kind = "any"]', style: { 'background-color': '#b3261e', shape: 'diamond', width: 26, height: 26 } },
        { selector: 'edge', style: { label: 'data(label)', 'font-size': 9, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-color': '#8c959f', 'target-arrow-color': '#8c959f', width: 1.5 } },
      ],
    });
  }
  document.addEventListener('DOMContentLoaded', function () { trendChart(); networkGraph(); });
})();
`;

interface Asset {
  type: string;
  load(): Promise<string | Buffer>;
}

const fromPackage = (resolveFile: () => string, type: string): Asset => {
  let cached: Promise<Buffer> | undefined;
  return { type, load: () => (cached ??= readFile(resolveFile())) };
};

const uplotDist = () => dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));
// cytoscape's exports map names only its entry points; its dist folder sits next to the CommonJS one.
const cytoscapeDist = () => dirname(require.resolve('cytoscape'));

export const ASSETS: ReadonlyMap<string, Asset> = new Map<string, Asset>([
  ['dashboard.css', { type: 'text/css; charset=utf-8', load: async () => CSS }],
  // cytoscape inserts this rule as an inline <style> unless an element with its stylesheet id exists; the CSP would
  // block the inline one, so the page links this file under that id instead.
  ['cytoscape.css', { type: 'text/css; charset=utf-8', load: async () => '.__________cytoscape_container { position: relative; }\n' }],
  // The compliance report's own rules, nested under its container so they style the report and not the dashboard.
  ['compliance.css', { type: 'text/css; charset=utf-8', load: async () => `.compliance-report {\n${COMPLIANCE_CSS.replace(':root', '&')}\n}\n` }],
  ['dashboard.js', { type: 'text/javascript; charset=utf-8', load: async () => JS }],
  ['uplot.js', fromPackage(() => join(uplotDist(), 'uPlot.iife.min.js'), 'text/javascript; charset=utf-8')],
  ['uplot.css', fromPackage(() => join(uplotDist(), 'uPlot.min.css'), 'text/css; charset=utf-8')],
  ['cytoscape.js', fromPackage(() => join(cytoscapeDist(), 'cytoscape.min.js'), 'text/javascript; charset=utf-8')],
]);
