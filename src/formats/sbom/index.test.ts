import { describe, expect, it } from 'vitest';
import { formatCycloneDx, formatSpdx, SBOM_FORMATTERS } from './index.js';
import { finding, mixedInventory } from './testdata/inventories.js';

const FIXED = { uuid: '3e671687-395b-41f5-a30f-a58921a69b79', now: new Date('2024-05-01T12:00:00.000Z') };
const SUBJECT = { type: 'directory' as const, name: 'services/api' };

describe('SBOM format registry', () => {
  it('offers CycloneDX (the default, listed first) and SPDX, and rejects others', () => {
    expect(SBOM_FORMATTERS.names).toEqual(['cyclonedx', 'spdx']);
    expect(() => SBOM_FORMATTERS.get('syft-json')).toThrow('unknown SBOM format "syft-json"; expected one of: cyclonedx, spdx');
  });

  it('says which formats have a place for vulnerabilities', () => {
    expect(SBOM_FORMATTERS.names.filter((name) => SBOM_FORMATTERS.get(name).carriesVulnerabilities)).toEqual(['cyclonedx']);
    expect(SBOM_FORMATTERS.get('spdx').title).toBe('SPDX 2.3');
  });

  it('writes what the format functions write, vulnerabilities included where carried', () => {
    const inventory = mixedInventory();
    const vulnerabilities = [finding()];
    expect(SBOM_FORMATTERS.get('cyclonedx').format({ subject: SUBJECT, inventory, vulnerabilities }, FIXED)).toBe(formatCycloneDx(SUBJECT, inventory, vulnerabilities, FIXED));
    expect(SBOM_FORMATTERS.get('spdx').format({ subject: SUBJECT, inventory }, FIXED)).toBe(formatSpdx(SUBJECT, inventory, FIXED));
  });
});
