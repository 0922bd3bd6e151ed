import { describe, expect, it } from 'vitest';
import { uvLockExtractor } from './uv-lock.js';

const LOCK = `version = 1
requires-python = ">=3.12"

[[package]]
name = "anyio"
version = "4.6.2.post1"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "idna" },
    { name = "sniffio" },
]
sdist = { url = "https://files.pythonhosted.org/packages/anyio-4.6.2.post1.tar.gz", hash = "sha256:4c8bc", size = 173422 }
wheels = [
    { url = "https://files.pythonhosted.org/packages/anyio-4.6.2.post1-py3-none-any.whl", hash = "sha256:6d170", size = 90377 },
]

[[package]]
name = "my-service"
version = "0.1.0"
source = { editable = "." }

[[package]]
name = "Typing_Extensions"
version = "4.12.2"
source = { registry = "https://pypi.org/simple" }
`;

describe('python/uv-lock', () => {
  it('reads registry packages and skips the editable project', () => {
    const { packages, errors } = uvLockExtractor.extract({ path: 'uv.lock', text: LOCK });
    expect(errors).toEqual([]);
    expect(packages.map((p) => [p.name, p.version, p.purl])).toEqual([
      ['anyio', '4.6.2.post1', 'pkg:pypi/anyio@4.6.2.post1'],
      ['Typing_Extensions', '4.12.2', 'pkg:pypi/typing-extensions@4.12.2'],
    ]);
  });

  it('reports packages without a name', () => {
    expect(uvLockExtractor.extract({ path: 'uv.lock', text: '[[package]]\nversion = "1"\n' }).errors).toEqual([
      { line: 1, message: '[[package]] without name' },
    ]);
  });
});
