import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETECTORS } from '../detectors/index.js';
import { scanSecrets } from '../search/index.js';
import { scanGitHistory } from './history.js';
import { scanStaged } from './staged.js';
import { isolateGitConfig, TestRepo } from '../../../sources/git/testing/repo.js';

const scan = (text: string) => scanSecrets(text, { detectors: DETECTORS });
const LEAK = 'DATABASE_URL=postgres://admin:Xk9pQ2vL7mRt4Zw8Hq3N@db.internal:5432/app\n';

let home: string;
let repo: TestRepo;

beforeAll(() => {
  home = isolateGitConfig();
  repo = TestRepo.create();
});

afterAll(() => {
  repo.destroy();
  rmSync(home, { recursive: true, force: true });
});

describe('with the real secrets engine', () => {
  it('finds a leaked credential in history and in staged changes', async () => {
    const expected = scan(LEAK).map((match) => match.detector.id);
    expect(expected.length).toBeGreaterThan(0);

    repo.write('.env', LEAK);
    const leaked = repo.commit('add env');
    repo.remove('.env');
    repo.commit('remove env');
    repo.write('deploy/.env', `# staged\n${LEAK}`);

    const history = await scanGitHistory(repo.dir, { scan });
    expect(history.hits.map((hit) => [hit.match.detector.id, hit.commit, hit.path, hit.presentAtHead])).toEqual(
      expected.map((id) => [id, leaked, '.env', false]),
    );

    const staged = await scanStaged(repo.dir, { scan });
    expect(staged.hits.map((hit) => [hit.match.detector.id, hit.path, hit.match.line])).toEqual(expected.map((id) => [id, 'deploy/.env', 2]));
  });
});
