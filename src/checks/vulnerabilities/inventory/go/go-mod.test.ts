import { describe, expect, it } from 'vitest';
import { goModExtractor } from './go-mod.js';

const GOMOD = `module example.com/shop

go 1.22

toolchain go1.22.3

require github.com/gin-gonic/gin v1.9.1

require (
	golang.org/x/net v0.17.0 // indirect
	"github.com/quoted/mod" v1.0.0
	github.com/old/lib v1.2.0
	github.com/forked/lib v0.3.0
	github.com/local/lib v0.0.0-00010101000000-000000000000
)

exclude golang.org/x/net v0.16.0

replace github.com/old/lib v1.2.0 => github.com/new/lib v1.2.5

replace (
	github.com/forked/lib => github.com/me/lib v0.3.1-fix
	github.com/local/lib => ../lib
)
`;

describe('go/go-mod', () => {
  it('reads single-line and block requires, applying version-specific, path-wide and local replaces', () => {
    const { packages, errors } = goModExtractor.extract({ path: 'go.mod', text: GOMOD });
    expect(errors).toEqual([]);
    expect(packages.map((p) => [p.name, p.version, p.purl])).toEqual([
      ['github.com/gin-gonic/gin', '1.9.1', 'pkg:golang/github.com/gin-gonic/gin@v1.9.1'],
      ['golang.org/x/net', '0.17.0', 'pkg:golang/golang.org/x/net@v0.17.0'],
      ['github.com/quoted/mod', '1.0.0', 'pkg:golang/github.com/quoted/mod@v1.0.0'],
      ['github.com/new/lib', '1.2.5', 'pkg:golang/github.com/new/lib@v1.2.5'],
      ['github.com/me/lib', '0.3.1-fix', 'pkg:golang/github.com/me/lib@v0.3.1-fix'],
    ]);
    expect(packages[0]).toMatchObject({ ecosystem: 'Go', file: 'go.mod' });
  });

  it('leaves a replace pinned to another version alone', () => {
    const text = 'module m\nrequire github.com/a/b v1.0.0\nreplace github.com/a/b v0.9.0 => github.com/c/d v0.9.1\n';
    expect(goModExtractor.extract({ path: 'go.mod', text }).packages.map((p) => p.name)).toEqual(['github.com/a/b']);
  });

  it('reports malformed directives and unterminated blocks', () => {
    const text = 'module m\nrequire github.com/a/b\nreplace x =>\nrequire (\n  github.com/c/d v1.0.0\n';
    const { packages, errors } = goModExtractor.extract({ path: 'go.mod', text });
    expect(packages.map((p) => p.name)).toEqual(['github.com/c/d']);
    expect(errors).toEqual([
      { line: 2, message: 'malformed require: require github.com/a/b' },
      { line: 3, message: 'malformed replace: replace x =>' },
      { message: 'unterminated require block' },
    ]);
  });
});
