import { FRAMEWORKS } from './frameworks.js';
import { FRAMEWORK_IDS, type ControlDefinition, type FrameworkDefinition } from './types.js';

/** docs/compliance.md, generated from the framework data so the mapping the docs promise is the one that runs. */
export function complianceDocsMarkdown(): string {
  const parts = [
    '# Compliance reports',
    '',
    '<!-- Generated from src/checks/compliance/ by complianceDocsMarkdown(); src/checks/compliance/frameworks.test.ts keeps it in step. -->',
    '',
    '`rampart scan --compliance nsa|cis|pss` (and `rampart node --compliance cis` on a node) turns a scan into a report per',
    'control of a framework: its status, the rules that evidence it, the failing objects with their file and line (or',
    'cluster object), and the suppressed findings with their reasons. `--format table|json|html|pdf`, `-o FILE`; the',
    '`--fail-on` gate still applies to the findings. The JSON follows `docs/compliance.schema.json`.',
    '',
    '## What a status means',
    '',
    '- **pass**: the control\'s rules ran, had something to judge (objects of the kinds they check, or the node component',
    '  or file they check) and found nothing unsuppressed. For a *partial* control the audit text says what to check by hand too.',
    '- **fail**: at least one unsuppressed finding of its rules.',
    '- **not-applicable**: the control has rules, but none had anything to judge in this input: a scan of one Dockerfile',
    '  does not pass the API server controls, and a manifest scan without Roles does not pass the RBAC ones.',
    '- **manual**: no rule can evidence the control; the audit text says how to check it.',
    '',
    'Coverage says how much of a control its rules decide: *automated* (all of it), *partial* (part; the rest is the audit',
    'text) or *manual* (none). A mapping from a rule to a control is a promise that the rule\'s finding shows the control',
    'is not met; rules are mapped only where that holds. The control titles and texts are Rampart\'s own summaries: the',
    'published documents are the reference.',
    '',
    'What a scan had in front of it decides what its silence proves. The CLI records the kinds of objects scanned (a',
    'live cluster as it is read; files by a second walk) and, for `rampart node`, the components and files found. From',
    'the library, `buildComplianceReport(report, framework, { scope })` takes the same; without a scope (a report stored',
    'by `rampart serve`) only the findings show what was scanned: a finding on a Deployment proves every Deployment rule',
    'judged it, and a report without findings passes nothing.',
    '',
    'The PDF is printed from the HTML by headless Chromium (`/usr/bin/chromium`, or `RAMPART_CHROMIUM`): JavaScript off,',
    'every network request refused, a temporary profile removed afterwards, two minutes at most. Headings become PDF',
    'bookmarks, one per control.',
    '',
  ];
  for (const id of FRAMEWORK_IDS) parts.push(...frameworkSection(FRAMEWORKS[id]));
  return `${parts.join('\n').trimEnd()}\n`;
}

function frameworkSection(framework: FrameworkDefinition): string[] {
  const lines = [`## ${framework.name} (\`--compliance ${framework.id}\`)`, '', `Version ${framework.version}: <${framework.url}>`, ''];
  for (const section of framework.sections) {
    const controls = framework.controls.filter((control) => control.section === section.id);
    lines.push(`### ${section.title}`, '', '| Control | Title | Coverage | Rules | Audit |', '| --- | --- | --- | --- | --- |');
    for (const control of controls) lines.push(row(control));
    lines.push('');
  }
  return lines;
}

function row(control: ControlDefinition): string {
  const rules = control.rules.map((rule) => `\`${rule}\`${control.fields?.[rule] ? ` at \`${control.fields[rule]}\`` : ''}`).join('<br>') || '–';
  const seeAlso = control.seeAlso ? ` (${control.seeAlso.join(', ')})` : '';
  return `| ${control.id} | ${cell(control.title)}${seeAlso} | ${control.coverage} | ${rules} | ${cell(control.audit ?? '')} |`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');
