import { baseName, hasContent, ResultBuilder, splitLines } from '../lines.js';
import { purl } from '../purl.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';

/** A spec line under `GEM` / `specs:` is indented four spaces; six-space lines are its dependencies. */
const SPEC = /^ {4}([^\s(]+) \(([^)]+)\)$/;

/** Bundler's section headers (sources, then the lockfile's own sections); a later Bundler may add more. */
const SECTIONS = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE', 'PLATFORMS', 'DEPENDENCIES', 'RUBY VERSION', 'BUNDLED WITH', 'CHECKSUMS']);

/** Bundler refuses a lockfile with merge conflict markers, and so do we. */
const CONFLICT_MARKER = /^(?:<{7}|={7}|>{7})(?:\s|$)/;

export const gemfileLockExtractor: Extractor = {
  name: 'ruby/gemfile-lock',
  matches: (path) => {
    const base = baseName(path);
    return base === 'Gemfile.lock' || base === 'gems.locked';
  },
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    if (!hasContent(text, builder)) return builder.result();
    let section: string | undefined;
    let inSpecs = false;
    let knownSections = 0;
    splitLines(text).forEach((raw, index) => {
      if (raw.trim() === '') return;
      if (CONFLICT_MARKER.test(raw)) {
        builder.error('merge conflict marker: resolve the conflict and run `bundle install`', index + 1);
        return;
      }
      if (!raw.startsWith(' ')) {
        section = raw.trim();
        inSpecs = false;
        if (SECTIONS.has(section)) knownSections++;
        return;
      }
      // GIT and PATH sections hold code from elsewhere; only GEM specs come from rubygems.org.
      if (section !== 'GEM') return;
      if (raw === '  specs:') {
        inSpecs = true;
        return;
      }
      if (!inSpecs || raw.startsWith('      ')) return;
      const match = SPEC.exec(raw);
      if (!match) {
        if (raw.startsWith('    ')) builder.error(`malformed spec line: ${raw.trim().slice(0, 80)}`, index + 1);
        return;
      }
      // `nokogiri (1.16.2-x86_64-linux)`: gem versions never contain `-`, so what follows it is the platform.
      const version = match[2]!.split('-')[0]!;
      const name = match[1]!;
      builder.add({ name, version, ecosystem: 'RubyGems', purl: purl('gem', undefined, name, version), file: path });
    });
    if (knownSections === 0) builder.error('no Bundler section (GEM, DEPENDENCIES, ...): not a Gemfile.lock');
    return builder.result();
  },
};
