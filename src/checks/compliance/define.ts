import type { ControlCoverage, ControlDefinition } from './types.js';

interface Evidence {
  rules?: readonly string[];
  fields?: Readonly<Record<string, string>>;
  /** Defaults: `automated` with rules, `manual` without. */
  coverage?: ControlCoverage;
  audit?: string;
  level?: 'baseline' | 'restricted';
  seeAlso?: readonly string[];
}

/** One control; a control without rules is manual and must say how to audit it. */
export function control(section: string, id: string, title: string, description: string, evidence: Evidence = {}): ControlDefinition {
  const rules = evidence.rules ?? [];
  const coverage = evidence.coverage ?? (rules.length > 0 ? 'automated' : 'manual');
  if ((coverage === 'manual') !== (rules.length === 0)) throw new Error(`control ${id}: manual exactly when it has no rules`);
  if (coverage !== 'automated' && !evidence.audit) throw new Error(`control ${id}: ${coverage} controls say how to audit them`);
  for (const rule of Object.keys(evidence.fields ?? {})) if (!rules.includes(rule)) throw new Error(`control ${id}: fields for ${rule}, which is not among its rules`);
  return {
    id,
    title,
    section,
    description,
    rules,
    ...(evidence.fields ? { fields: evidence.fields } : {}),
    coverage,
    ...(evidence.audit ? { audit: evidence.audit } : {}),
    ...(evidence.level ? { level: evidence.level } : {}),
    ...(evidence.seeAlso ? { seeAlso: evidence.seeAlso } : {}),
  };
}
