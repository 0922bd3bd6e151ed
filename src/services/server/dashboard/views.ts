import { Eta } from 'eta';
import { TEMPLATES } from './templates.js';

const eta = new Eta({ autoEscape: true, useWith: false, cache: true });
for (const [name, template] of Object.entries(TEMPLATES)) eta.loadTemplate(`@${name}`, template);

export interface NavLink {
  href: string;
  label: string;
  current: boolean;
}

const SECTIONS: ReadonlyArray<{ href: string; label: string }> = [
  { href: '/', label: 'Overview' },
  { href: '/findings', label: 'Findings' },
  { href: '/vulnerabilities', label: 'Vulnerabilities' },
  { href: '/images', label: 'Images' },
  { href: '/clusters', label: 'Clusters' },
  { href: '/ci', label: 'CI runs' },
  { href: '/admission', label: 'Admission' },
  { href: '/suppressions', label: 'Suppressions' },
  { href: '/compliance', label: 'Compliance' },
];

export interface Frame {
  title: string;
  /** Who is logged in; absent on the login and anonymous error pages (no navigation either). */
  user?: string;
  csrf?: string;
  /** The section the page belongs to, for aria-current. */
  section?: string;
  charts?: boolean;
  graph?: boolean;
  compliance?: boolean;
}

/** Dates as the page shows them: UTC, to the minute, the same for every viewer. */
export function formatDate(value: string): string {
  return value.replace('T', ' ').slice(0, 16) + ' UTC';
}

export function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.split(':', 2);
  return hex ? `${algorithm}:${hex.slice(0, 12)}` : digest.slice(0, 19);
}

/** A page in the layout. */
export function renderPage(template: string, data: object, frame: Frame): string {
  const body = eta.render(`@${template}`, { ...data, date: formatDate, short: shortDigest });
  const nav: NavLink[] = frame.user ? SECTIONS.map((s) => ({ ...s, current: s.href === frame.section })) : [];
  return eta.render('@layout', { title: frame.title, user: frame.user, csrf: frame.csrf, nav, charts: frame.charts ?? false, graph: frame.graph ?? false, compliance: frame.compliance ?? false, body });
}

/** A link to the same page with some query parameters changed; empty values are left out so shared URLs stay short. */
export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
