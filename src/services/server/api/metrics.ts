import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Lists and ingests take milliseconds to a second; buckets resolve that range. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A registry of the server's own, as the admission webhook keeps one. */
export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({ name: 'rampart_server_requests_total', help: 'HTTP requests by route and status code.', labelNames: ['route', 'method', 'code'], registers: [this.registry] });
  private readonly latency = new Histogram({ name: 'rampart_server_request_duration_seconds', help: 'Time to answer a request, by route.', labelNames: ['route', 'method'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  private readonly jobs = new Counter({ name: 'rampart_server_jobs_total', help: 'Jobs finished by this replica, by kind and outcome (done, retry, failed, lost).', labelNames: ['kind', 'outcome'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'rampart_server_' });
  }

  request(route: string, method: string, code: number, seconds: number): void {
    this.requests.inc({ route, method, code: String(code) });
    this.latency.observe({ route, method }, seconds);
  }

  job(kind: string, outcome: 'done' | 'retry' | 'failed' | 'lost'): void {
    this.jobs.inc({ kind, outcome });
  }
}
