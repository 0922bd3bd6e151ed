import type { RunningContainer } from '../../../sources/cluster/running.js';
import type { Severity } from '../../../core/severity.js';
import type { Scope } from './tokens.js';

/** Who and what an upload is about: CI supplies these next to the report. */
export interface ReportContext {
  project?: string;
  team?: string;
  pullRequest?: string;
  commit?: string;
  pipeline?: string;
  /** The token's name: kept with the report so every stored row says who sent it. */
  uploadedBy: string;
}

export interface IngestOutcome {
  reportId: number;
  subject: string;
  findings: { stored: number; new: number; fixed: number };
  vulnerabilities: { stored: number; new: number; fixed: number };
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back as `cursor` for the next page. Absent on the last page. */
  next?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

export type Status = 'open' | 'fixed' | 'all';

export interface SuppressionNote {
  id: number;
  reason: string;
  createdBy: string;
  expiresAt?: string;
}

export interface StoredFinding {
  id: number;
  subject: string;
  project?: string;
  fingerprint: string;
  ruleId: string;
  severity: Severity;
  title: string;
  message: string;
  file: string;
  line: number;
  resource?: string;
  firstSeen: string;
  lastSeen: string;
  fixedAt?: string;
  firstReport: number;
  lastReport: number;
  suppressed?: SuppressionNote;
}

export interface StoredVulnerability {
  id: number;
  subject: string;
  project?: string;
  digest?: string;
  fingerprint: string;
  vulnerabilityId: string;
  aliases: string[];
  summary?: string;
  package: { name: string; version: string; ecosystem: string; purl: string };
  severity: Severity;
  fixedVersions: string[];
  firstSeen: string;
  lastSeen: string;
  fixedAt?: string;
  firstReport?: number;
  lastReport?: number;
  suppressed?: SuppressionNote;
}

export interface StoredImage {
  digest: string;
  references: Array<{ repository: string; tag: string; firstSeen: string; lastSeen: string }>;
  firstSeen: string;
  lastSeen: string;
  sbom?: { format: string; packages: number; storedAt: string };
}

export interface StoredReport {
  id: number;
  subject: string;
  project?: string;
  digest?: string;
  target?: string;
  pullRequest?: string;
  commit?: string;
  pipeline?: string;
  toolVersion: string;
  findings: number;
  vulnerabilities: number;
  errors: number;
  uploadedBy: string;
  receivedAt: string;
}

export interface FindingFilter {
  project?: string;
  subject?: string;
  ruleId?: string;
  severity?: Severity[];
  status: Status;
}

export interface VulnerabilityFilter {
  project?: string;
  digest?: string;
  vulnerabilityId?: string;
  packageName?: string;
  severity?: Severity[];
  status: Status;
}

/** One container of a running workload (what `rampart scan --cluster --upload` reads from the Pods). */
export type Workload = RunningContainer;

export interface ClusterInventory {
  cluster: string;
  workloads: Workload[];
}

export interface AdmissionDecisionRecord {
  cluster: string;
  namespace?: string;
  kind: string;
  name?: string;
  operation: string;
  user?: string;
  allowed: boolean;
  rules: string[];
  images: string[];
  decidedAt: number;
}

export interface Exposure {
  digest: string;
  references: Array<{ repository: string; tag: string }>;
  vulnerabilities: string[];
  running: Array<{ cluster: string; namespace: string; kind: string; name: string; container: string; seenAt: string }>;
  /** The first report that carried this image: the pull request or pipeline that brought it. */
  introducedBy?: StoredReport;
}

export interface TokenRecord {
  id: number;
  name: string;
  scopes: Scope[];
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
}

export interface SuppressionInput {
  /** A finding fingerprint, a vulnerability ID or a rule ID. */
  target: string;
  /** `image:<digest>` or `project:<name>`; absent for everywhere. */
  subject?: string;
  reason: string;
  createdBy: string;
  expiresAt?: number;
}

export interface SuppressionRecord {
  id: number;
  target: string;
  subject?: string;
  reason: string;
  createdBy: string;
  createdAt: string;
  expiresAt?: string;
}

export interface SbomInput {
  digest: string;
  references: string[];
  format: string;
  packages: number;
  document: string;
}

/** One image's re-match that changed something: the diff, summarised per vulnerability. */
export interface ImageChangeRecord {
  id: number;
  digest: string;
  jobId?: number;
  createdAt: string;
  changes: {
    added: Array<{ id: string; package: string; severity: string }>;
    gone: Array<{ id: string; package: string }>;
    fixAvailable: Array<{ id: string; package: string; fixedVersions: string[] }>;
    severityChanged: Array<{ id: string; package: string; from: string; to: string }>;
  };
}
