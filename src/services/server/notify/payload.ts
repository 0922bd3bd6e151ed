import { createHash } from 'node:crypto';
import { SEVERITIES, severityRank, type Severity } from '../../../core/severity.js';
import type { VulnerabilityFinding } from '../../../core/vulnerability.js';
import type { MatchDiff, RecordedMatch } from '../rematch/index.js';

/** What changed for one image, as the server hands it to notification targets. */
export interface ImageChange {
  digest: string;
  /** `registry/repository:tag` names the image is known under, for people reading the message. */
  references?: readonly string[];
  diff: MatchDiff;
}

/** Each list in a message is cut at this length (the counts stay exact): a 5,000-finding diff is not one request. */
export const MAX_LISTED = 200;

export interface PayloadVulnerability {
  id: string;
  aliases: string[];
  severity: Severity;
  score?: number;
  summary?: string;
  package: { ecosystem: string; name: string; version: string; purl?: string };
  fixedVersions: string[];
}

/** The generic webhook's JSON body (docs/server-rematch.md). */
export interface WebhookPayload {
  type: 'rampart.image.vulnerabilities.changed';
  version: 1;
  /** The de-duplication key: equal for equal changes, so receivers can drop a repeat too. */
  id: string;
  sentAt: string;
  image: { digest: string; references: string[] };
  counts: { added: number; gone: number; fixAvailable: number; severityChanged: number; addedBySeverity: Record<Severity, number> };
  /** True when a list below was cut at MAX_LISTED entries. */
  truncated: boolean;
  added: PayloadVulnerability[];
  fixAvailable: PayloadVulnerability[];
  severityChanged: Array<PayloadVulnerability & { previousSeverity: Severity }>;
  gone: Array<{ id: string; severity: Severity; package: { ecosystem: string; name: string; version: string } }>;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function vulnerability(finding: VulnerabilityFinding): PayloadVulnerability {
  const { ecosystem, name, version, purl } = finding.package;
  return {
    id: finding.id,
    aliases: finding.aliases,
    severity: finding.severity.level,
    ...(finding.severity.score !== undefined ? { score: finding.severity.score } : {}),
    ...(finding.summary !== undefined ? { summary: finding.summary } : {}),
    package: { ecosystem, name, version, purl },
    fixedVersions: finding.fixedVersions,
  };
}

const packageLabel = (p: { ecosystem: string; name: string; version: string }): string => `${p.ecosystem}/${p.name}@${p.version}`;

/**
 * The identity of a change: the image and the set of what changed (advisory, package version, and the new state
 * where a state changed), order-free. The same change found by a second re-match gives the same key.
 */
export function changeKey(change: ImageChange): string {
  const { added, gone, fixAvailable, severityChanged } = change.diff;
  const lines = [
    ...added.map((f) => `added ${f.id} ${packageLabel(f.package)}`),
    ...gone.map((g: RecordedMatch) => `gone ${g.id} ${packageLabel(g)}`),
    ...fixAvailable.map((f) => `fix ${f.id} ${packageLabel(f.package)} ${f.fixedVersions.join(',')}`),
    ...severityChanged.map(({ finding: f }) => `severity ${f.id} ${packageLabel(f.package)} ${f.severity.level}`),
  ].sort(byText);
  return createHash('sha256').update(`${change.digest}\n${lines.join('\n')}`).digest('hex');
}

const worstFirst = (a: PayloadVulnerability, b: PayloadVulnerability): number =>
  severityRank(b.severity) - severityRank(a.severity) || byText(a.id, b.id) || byText(a.package.name, b.package.name);

export function webhookPayload(change: ImageChange, id: string, now: Date): WebhookPayload {
  const { added, gone, fixAvailable, severityChanged } = change.diff;
  const addedBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of added) addedBySeverity[finding.severity.level]++;
  const cut = <T>(list: T[]): T[] => list.slice(0, MAX_LISTED);
  return {
    type: 'rampart.image.vulnerabilities.changed',
    version: 1,
    id,
    sentAt: now.toISOString(),
    image: { digest: change.digest, references: [...(change.references ?? [])] },
    counts: { added: added.length, gone: gone.length, fixAvailable: fixAvailable.length, severityChanged: severityChanged.length, addedBySeverity },
    truncated: [added, gone, fixAvailable, severityChanged].some((list) => list.length > MAX_LISTED),
    added: cut(added.map(vulnerability).sort(worstFirst)),
    fixAvailable: cut(fixAvailable.map(vulnerability).sort(worstFirst)),
    severityChanged: cut(severityChanged.map(({ finding, previous }) => ({ ...vulnerability(finding), previousSeverity: previous }))),
    gone: cut(gone.map((g) => ({ id: g.id, severity: g.severity, package: { ecosystem: g.ecosystem, name: g.name, version: g.version } }))),
  };
}

/** Slack's mrkdwn gives `&`, `<` and `>` meaning; advisory summaries come from outside. */
const escapeMrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const SLACK_LISTED = 10;
const SLACK_SECTION_CHARS = 2900;

/** A Slack-compatible incoming-webhook body: `text` for notifications and clients without blocks, blocks for the rest. */
export function slackPayload(payload: WebhookPayload): { text: string; blocks: unknown[] } {
  const name = payload.image.references[0] ?? payload.image.digest;
  const { counts } = payload;
  const worst = SEVERITIES.slice()
    .reverse()
    .filter((s) => counts.addedBySeverity[s] > 0)
    .map((s) => `${counts.addedBySeverity[s]} ${s}`)
    .join(', ');
  const parts = [
    counts.added > 0 ? `${counts.added} new vulnerabilit${counts.added === 1 ? 'y' : 'ies'}${worst ? ` (${worst})` : ''}` : '',
    counts.fixAvailable > 0 ? `${counts.fixAvailable} now fixable` : '',
    counts.gone > 0 ? `${counts.gone} no longer reported` : '',
    counts.severityChanged > 0 ? `${counts.severityChanged} with a changed severity` : '',
  ].filter(Boolean);
  const text = `Rampart: ${name}: ${parts.join('; ') || 'no change'}`;
  const line = (v: PayloadVulnerability): string =>
    `• *${escapeMrkdwn(v.id)}* ${v.severity} in \`${escapeMrkdwn(`${v.package.name}@${v.package.version}`)}\`` +
    (v.fixedVersions.length > 0 ? `, fixed in ${escapeMrkdwn(v.fixedVersions[0]!)}` : ', no fix yet');
  const listed = [...payload.added, ...payload.fixAvailable].slice(0, SLACK_LISTED).map(line);
  const more = counts.added + counts.fixAvailable - listed.length;
  let list = listed.join('\n');
  if (list.length > SLACK_SECTION_CHARS) list = `${list.slice(0, SLACK_SECTION_CHARS)}…`;
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: `Vulnerabilities changed: ${name}`.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(parts.join('\n') || 'no change') } },
  ];
  if (list) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: list } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(`${payload.image.digest}${more > 0 ? ` · ${more} more not listed` : ''}`) }] });
  return { text: escapeMrkdwn(text), blocks };
}
