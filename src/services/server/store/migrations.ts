import type { Dialect } from './sql.js';

/**
 * The server's schema, one numbered step at a time; a step once released is never edited, only followed by another.
 * Written once for both databases: `{{id}}` and `{{bigint}}` are the only words that differ. Timestamps are epoch
 * milliseconds, booleans 0/1 and documents JSON text, so values read back the same from SQLite and PostgreSQL.
 * Kept in TypeScript rather than .sql files so the compiled tree carries them without a copy step.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const DIALECT_WORDS: Record<Dialect, Record<string, string>> = {
  sqlite: { id: 'INTEGER PRIMARY KEY AUTOINCREMENT', bigint: 'INTEGER' },
  postgres: { id: 'BIGSERIAL PRIMARY KEY', bigint: 'BIGINT' },
};

export function migrationSql(migration: Migration, dialect: Dialect): string {
  return migration.sql.replace(/\{\{(\w+)\}\}/g, (_, word: string) => {
    const replacement = DIALECT_WORDS[dialect][word];
    if (replacement === undefined) throw new Error(`migration ${migration.version}: unknown placeholder {{${word}}}`);
    return replacement;
  });
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE projects (
  id {{id}},
  name TEXT NOT NULL UNIQUE,
  team TEXT,
  created_at {{bigint}} NOT NULL
);

CREATE TABLE images (
  digest TEXT PRIMARY KEY,
  first_seen {{bigint}} NOT NULL,
  last_seen {{bigint}} NOT NULL
);
CREATE TABLE image_refs (
  digest TEXT NOT NULL REFERENCES images(digest),
  repository TEXT NOT NULL,
  tag TEXT NOT NULL,
  first_seen {{bigint}} NOT NULL,
  last_seen {{bigint}} NOT NULL,
  PRIMARY KEY (digest, repository, tag)
);
CREATE INDEX image_refs_by_repository ON image_refs (repository, tag);
CREATE TABLE sboms (
  digest TEXT PRIMARY KEY REFERENCES images(digest),
  format TEXT NOT NULL,
  packages INTEGER NOT NULL,
  document TEXT NOT NULL,
  stored_at {{bigint}} NOT NULL
);

CREATE TABLE reports (
  id {{id}},
  subject TEXT NOT NULL,
  project_id {{bigint}} REFERENCES projects(id),
  digest TEXT REFERENCES images(digest),
  target TEXT,
  pull_request TEXT,
  commit_sha TEXT,
  pipeline TEXT,
  schema_version TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  findings INTEGER NOT NULL,
  vulnerabilities INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  uploaded_by TEXT NOT NULL,
  received_at {{bigint}} NOT NULL
);
CREATE INDEX reports_by_subject ON reports (subject, id);

CREATE TABLE findings (
  id {{id}},
  subject TEXT NOT NULL,
  project_id {{bigint}} REFERENCES projects(id),
  fingerprint TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  severity TEXT NOT NULL,
  title TEXT NOT NULL,
  message TEXT NOT NULL,
  file TEXT NOT NULL,
  line INTEGER NOT NULL,
  resource TEXT,
  first_seen {{bigint}} NOT NULL,
  last_seen {{bigint}} NOT NULL,
  fixed_at {{bigint}},
  first_report {{bigint}} NOT NULL REFERENCES reports(id),
  last_report {{bigint}} NOT NULL REFERENCES reports(id),
  UNIQUE (subject, fingerprint)
);
CREATE INDEX findings_by_severity ON findings (severity, id);
CREATE INDEX findings_by_rule ON findings (rule_id, id);
CREATE INDEX findings_by_project ON findings (project_id, id);
CREATE INDEX findings_open ON findings (subject, fixed_at);

CREATE TABLE vulnerabilities (
  id {{id}},
  subject TEXT NOT NULL,
  project_id {{bigint}} REFERENCES projects(id),
  digest TEXT REFERENCES images(digest),
  fingerprint TEXT NOT NULL,
  vulnerability_id TEXT NOT NULL,
  aliases TEXT NOT NULL,
  summary TEXT,
  package_name TEXT NOT NULL,
  package_version TEXT NOT NULL,
  ecosystem TEXT NOT NULL,
  purl TEXT NOT NULL,
  severity TEXT NOT NULL,
  fixed_versions TEXT NOT NULL,
  first_seen {{bigint}} NOT NULL,
  last_seen {{bigint}} NOT NULL,
  fixed_at {{bigint}},
  first_report {{bigint}} REFERENCES reports(id),
  last_report {{bigint}} REFERENCES reports(id),
  UNIQUE (subject, fingerprint)
);
CREATE INDEX vulnerabilities_by_id ON vulnerabilities (vulnerability_id, id);
CREATE INDEX vulnerabilities_by_digest ON vulnerabilities (digest, id);
CREATE INDEX vulnerabilities_by_severity ON vulnerabilities (severity, id);
CREATE INDEX vulnerabilities_by_package ON vulnerabilities (package_name, id);
CREATE INDEX vulnerabilities_open ON vulnerabilities (subject, fixed_at);

CREATE TABLE suppressions (
  id {{id}},
  subject TEXT,
  target TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at {{bigint}} NOT NULL,
  expires_at {{bigint}}
);
CREATE INDEX suppressions_by_target ON suppressions (target);

CREATE TABLE admission_decisions (
  id {{id}},
  cluster TEXT NOT NULL,
  namespace TEXT,
  kind TEXT NOT NULL,
  name TEXT,
  operation TEXT NOT NULL,
  username TEXT,
  allowed INTEGER NOT NULL,
  rules TEXT NOT NULL,
  images TEXT NOT NULL,
  decided_at {{bigint}} NOT NULL,
  received_at {{bigint}} NOT NULL
);
CREATE INDEX admission_decisions_by_time ON admission_decisions (decided_at, id);

CREATE TABLE clusters (
  name TEXT PRIMARY KEY,
  inventory_at {{bigint}} NOT NULL
);
CREATE TABLE workloads (
  cluster TEXT NOT NULL REFERENCES clusters(name),
  namespace TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  container TEXT NOT NULL,
  image TEXT NOT NULL,
  digest TEXT,
  seen_at {{bigint}} NOT NULL,
  PRIMARY KEY (cluster, namespace, kind, name, container)
);
CREATE INDEX workloads_by_digest ON workloads (digest);

CREATE TABLE api_tokens (
  id {{id}},
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  created_at {{bigint}} NOT NULL,
  expires_at {{bigint}},
  revoked_at {{bigint}}
);

CREATE TABLE jobs (
  id {{id}},
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  dedupe_key TEXT UNIQUE,
  state TEXT NOT NULL,
  run_at {{bigint}} NOT NULL,
  attempts INTEGER NOT NULL,
  max_attempts INTEGER NOT NULL,
  lease_owner TEXT,
  lease_expires_at {{bigint}},
  created_at {{bigint}} NOT NULL,
  finished_at {{bigint}},
  last_error TEXT,
  result TEXT
);
CREATE INDEX jobs_ready ON jobs (state, run_at);
`,
  },
  {
    version: 2,
    name: 'continuous re-matching',
    sql: `
CREATE TABLE image_matches (
  digest TEXT PRIMARY KEY REFERENCES images(digest),
  matches TEXT NOT NULL,
  matched_at {{bigint}} NOT NULL
);
CREATE TABLE image_changes (
  id {{id}},
  digest TEXT NOT NULL REFERENCES images(digest),
  job_id {{bigint}},
  added INTEGER NOT NULL,
  gone INTEGER NOT NULL,
  fix_available INTEGER NOT NULL,
  severity_changed INTEGER NOT NULL,
  diff TEXT NOT NULL,
  created_at {{bigint}} NOT NULL
);
CREATE INDEX image_changes_by_digest ON image_changes (digest, id);
CREATE TABLE notifications_sent (
  key TEXT PRIMARY KEY,
  sent_at {{bigint}} NOT NULL
);
`,
  },
  {
    version: 3,
    name: 'dashboard sessions and overview indexes',
    sql: `
CREATE TABLE dashboard_sessions (
  id_hash TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  principal TEXT NOT NULL,
  scopes TEXT NOT NULL,
  token_id {{bigint}} REFERENCES api_tokens(id),
  data TEXT,
  created_at {{bigint}} NOT NULL,
  expires_at {{bigint}} NOT NULL
);
CREATE INDEX dashboard_sessions_by_expiry ON dashboard_sessions (expires_at);
CREATE TABLE dashboard_counts (
  name TEXT PRIMARY KEY,
  version TEXT NOT NULL,
  counts TEXT NOT NULL,
  computed_at {{bigint}} NOT NULL
);
-- Led by an expression no list query writes: SQLite's planner, which has no statistics, would otherwise prefer a
-- (fixed_at, ...) index for "open findings, newest first" and sort a million rows instead of walking ids backwards.
CREATE INDEX findings_by_state ON findings ((fixed_at IS NULL), fixed_at, severity);
CREATE INDEX findings_by_first_seen ON findings (first_seen);
CREATE INDEX vulnerabilities_by_state ON vulnerabilities ((fixed_at IS NULL), digest, severity, fixed_at);
CREATE INDEX vulnerabilities_by_first_seen ON vulnerabilities (first_seen);
CREATE INDEX reports_by_time ON reports (received_at);
CREATE INDEX admission_decisions_by_cluster ON admission_decisions (cluster, id);
`,
  },
];
