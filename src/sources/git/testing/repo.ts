import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { SecretDetector, SecretMatch } from '../../../checks/secrets/types.js';

/**
 * Points git at an empty HOME and no system config, so a developer's aliases, hooks or signing settings cannot
 * change what the tests see. Returns the directory to delete afterwards.
 */
export function isolateGitConfig(): string {
  const home = mkdtempSync(join(tmpdir(), 'rampart-git-home-'));
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = home;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_CONFIG_GLOBAL']) delete process.env[name];
  return home;
}

/**
 * For one test file: git isolated as isolateGitConfig does and a scratch directory, both made before the first test
 * and removed after the last, with the environment restored. Read `root` inside tests, once it exists.
 */
export function useGitWorkspace(prefix: string): { readonly root: string } {
  const workspace = { root: '' };
  let home = '';
  let saved: NodeJS.ProcessEnv = {};
  beforeAll(() => {
    saved = { ...process.env };
    home = isolateGitConfig();
    workspace.root = mkdtempSync(join(tmpdir(), prefix));
  });
  afterAll(() => {
    process.env = saved;
    rmSync(workspace.root, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });
  return workspace;
}

/**
 * For one test file: git isolated as isolateGitConfig does, and a maker of fresh repositories that are all deleted
 * after the last test.
 */
export function useTestRepos(): () => TestRepo {
  const repos: TestRepo[] = [];
  let home = '';
  beforeAll(() => {
    home = isolateGitConfig();
  });
  afterAll(() => {
    for (const repo of repos) repo.destroy();
    rmSync(home, { recursive: true, force: true });
  });
  return () => {
    const repo = TestRepo.create();
    repos.push(repo);
    return repo;
  };
}

export interface CommitOptions {
  author?: string;
  /** Seconds since the epoch; also used as the committer date so history order is deterministic. */
  time?: number;
}

/** A throwaway repository driven by the real git CLI. */
export class TestRepo {
  private clock = 1_700_000_000;

  constructor(readonly dir: string) {}

  static create(prefix = 'rampart-git-'): TestRepo {
    const repo = new TestRepo(mkdtempSync(join(tmpdir(), prefix)));
    repo.git('init', '-q', '-b', 'main');
    repo.git('config', 'user.name', 'Test User');
    repo.git('config', 'user.email', 'test@example.invalid');
    repo.git('config', 'commit.gpgSign', 'false');
    return repo;
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  write(path: string, content: string | Buffer): void {
    const full = join(this.dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    this.git('add', '--', path);
  }

  remove(path: string): void {
    this.git('rm', '-q', '--', path);
  }

  /** Commits the index and returns the commit ID; each commit is one minute after the previous one. */
  commit(message: string, options: CommitOptions = {}): string {
    this.clock = options.time ?? this.clock + 60;
    const author = options.author ?? 'Test User';
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', message], {
      cwd: this.dir,
      stdio: 'ignore',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: author,
        GIT_AUTHOR_EMAIL: `${author.toLowerCase().replace(/\W+/g, '.')}@example.invalid`,
        GIT_AUTHOR_DATE: `@${this.clock} +0200`,
        GIT_COMMITTER_DATE: `@${this.clock} +0200`,
      },
    });
    return this.git('rev-parse', 'HEAD').trim();
  }

  /**
   * Appends `count` commits to main in one `git fast-import` (a process per commit would take seconds), each
   * replacing `path` with `content(i)`, then checks the result out.
   */
  importCommits(count: number, path: string, content: (i: number) => string): void {
    const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
    const hasCommits = this.git('rev-list', '--all', '--max-count=1') !== '';
    let stream = '';
    for (let i = 0; i < count; i++) {
      this.clock += 60;
      const ident = `Test User <test@example.invalid> ${this.clock} +0000`;
      // fast-import starts a branch from scratch unless its first commit names the existing tip.
      const from = i === 0 && hasCommits ? 'from refs/heads/main^0\n' : '';
      stream += `commit refs/heads/main\nauthor ${ident}\ncommitter ${ident}\n${data(`c${i}`)}${from}M 100644 inline ${path}\n${data(content(i))}\n`;
    }
    execFileSync('git', ['fast-import', '--quiet'], { cwd: this.dir, input: stream, stdio: ['pipe', 'ignore', 'pipe'] });
    this.git('reset', '-q', '--hard');
  }

  /** The loose-object file of an object, to damage the repository on purpose. */
  objectPath(oid: string): string {
    return join(this.dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
  }

  destroy(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A test detector for `SECRET_` followed by 20 uppercase letters or digits. */
export const STUB_DETECTOR: SecretDetector = {
  id: 'stub-secret',
  title: 'Stub secret',
  severity: 'high',
  keywords: ['secret_'],
  pattern: /SECRET_(?<secret>[A-Z0-9]{20})/,
  remediation: 'Remove it.',
};

/** Stands in for the secret search (checks/secrets/search): reports every STUB_DETECTOR match with 1-based positions. */
export function stubScan(text: string): SecretMatch[] {
  const matches: SecretMatch[] = [];
  text.split('\n').forEach((line, index) => {
    for (const found of line.matchAll(/SECRET_(?<secret>[A-Z0-9]{20})/g)) {
      const column = found.index + 1;
      matches.push({
        detector: STUB_DETECTOR,
        secret: found.groups!['secret']!,
        line: index + 1,
        column,
        endLine: index + 1,
        endColumn: column + found[0].length,
        confirmedBy: 'keyword',
        encodings: [],
      });
    }
  });
  return matches;
}

/** A well-formed stub secret, distinct per seed. */
export function stubSecret(seed: number): string {
  return `SECRET_${String(seed).padStart(20, '0').replace(/0/g, 'A')}`;
}
