import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { findKubeBinaries, startKubeEnv } from './kube-env.js';

/**
 * Starts one kube-apiserver + etcd for the whole test run and hands its coordinates to the test workers.
 * Without the built binary (or with RAMPART_SKIP_TESTENV=1) the cluster suites are skipped, unless
 * RAMPART_REQUIRE_TESTENV=1 (CI) makes that an error.
 */

const SETUP_COMMAND = 'npm run testenv:setup';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Lets a unit-test-only run skip the few seconds the server takes to start.
  const optedOut = process.env.RAMPART_SKIP_TESTENV === '1';
  const binaries = optedOut ? 'RAMPART_SKIP_TESTENV=1 is set' : findKubeBinaries();
  if (typeof binaries !== 'string') {
    const env = await startKubeEnv();
    const { kubeconfig, server, etcdUrl, caFile, caKeyFile, adminCert, adminKey, tmpDir, version, pids } = env;
    project.provide('rampartKubeEnv', { kubeconfig, server, etcdUrl, caFile, caKeyFile, adminCert, adminKey, tmpDir, version, ...(pids ? { pids } : {}) });
    project.provide('rampartKubeEnvMissing', '');
    project.provide('rampartKubeEnvSkipLog', '');
    return () => env.stop();
  }
  if (process.env.RAMPART_REQUIRE_TESTENV === '1') {
    throw new Error(`RAMPART_REQUIRE_TESTENV=1 but the Kubernetes test environment is not ready: ${binaries}`);
  }

  const logDir = mkdtempSync(join(tmpdir(), 'rampart-kube-skips-'));
  const skipLog = join(logDir, 'skipped.txt');
  project.provide('rampartKubeEnv', null);
  project.provide('rampartKubeEnvMissing', binaries);
  project.provide('rampartKubeEnvSkipLog', skipLog);
  return async () => {
    let skipped: string[] = [];
    try {
      skipped = [...new Set(readFileSync(skipLog, 'utf8').split('\n').filter(Boolean))];
    } catch {
      // No suite asked for the cluster.
    }
    rmSync(logDir, { recursive: true, force: true });
    if (skipped.length > 0) {
      // Teardown runs after the reporter's summary, so these are the run's last lines.
      process.stderr.write(`\nSkipped ${skipped.length} Kubernetes suite(s): ${binaries}\n`);
      for (const name of skipped) process.stderr.write(`  - ${name}\n`);
      process.stderr.write(optedOut ? 'Unset RAMPART_SKIP_TESTENV to run them.\n' : `Set them up once per machine with: ${SETUP_COMMAND}\n`);
    }
  };
}
