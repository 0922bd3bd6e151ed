/**
 * The name under which a package is stored and looked up. PyPI names compare after PEP 503
 * normalisation (`Foo_Bar.baz` == `foo-bar-baz`); npm, Go module paths and every other ecosystem
 * compare exactly, because their registries treat names case-sensitively.
 */
export function normalizePackageName(ecosystem: string, name: string): string {
  if (baseEcosystem(ecosystem) === 'PyPI') return name.replace(/[-_.]+/g, '-').toLowerCase();
  return name;
}

/** `Debian:12` -> `Debian`; OSV puts release suffixes after a colon. */
export function baseEcosystem(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon === -1 ? ecosystem : ecosystem.slice(0, colon);
}
