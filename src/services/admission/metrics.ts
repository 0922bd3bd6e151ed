import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Decision } from './decide.js';

export type Endpoint = 'validate' | 'mutate';

/** Decisions take milliseconds: the buckets resolve that range, and the tail up to the API server's timeout. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A registry of its own, so an embedding program's metrics never mix with the webhook's. */
export class AdmissionMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'rampart_admission_requests_total', help: 'HTTP requests by endpoint and status code.', labelNames: ['endpoint', 'code'], registers: [this.registry] });
  private readonly outcomes = new Counter({ name: 'rampart_admission_decisions_total', help: 'Admission decisions by endpoint and outcome (allowed, denied, patched, skipped, failed-open, failed-closed).', labelNames: ['endpoint', 'outcome'], registers: [this.registry] });
  private readonly rules = new Counter({ name: 'rampart_admission_rule_decisions_total', help: 'Rule verdicts in admission decisions, by rule ID and action (deny, warn, audit).', labelNames: ['rule', 'action'], registers: [this.registry] });
  private readonly latency = new Histogram({ name: 'rampart_admission_decision_duration_seconds', help: 'Time from a parsed AdmissionReview to its answer.', labelNames: ['endpoint'], buckets: LATENCY_BUCKETS, registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'rampart_' });
  }

  request(endpoint: string, code: number): void {
    this.requests.inc({ endpoint, code: String(code) });
  }

  decision(endpoint: Endpoint, decision: Decision, seconds: number): void {
    this.outcomes.inc({ endpoint, outcome: outcomeOf(decision) });
    for (const verdict of decision.verdicts) this.rules.inc({ rule: verdict.ruleId, action: verdict.action });
    this.latency.observe({ endpoint }, seconds);
  }
}

export function outcomeOf(decision: Decision): string {
  if (decision.failure) return decision.response.allowed ? 'failed-open' : 'failed-closed';
  if (decision.skipped) return 'skipped';
  if (!decision.response.allowed) return 'denied';
  return decision.response.patch ? 'patched' : 'allowed';
}
