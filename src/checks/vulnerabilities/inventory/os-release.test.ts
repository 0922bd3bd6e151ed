import { describe, expect, it } from 'vitest';
import { detectOs } from './os-release.js';

describe('detectOs', () => {
  it.each([
    ['PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n', 'debian', '12', 'Debian:12'],
    ['NAME="Ubuntu"\nVERSION="22.04.4 LTS (Jammy Jellyfish)"\nID=ubuntu\nVERSION_ID="22.04"\n', 'ubuntu', '22.04', 'Ubuntu:22.04:LTS'],
    ['NAME="Ubuntu"\nVERSION="23.10 (Mantic Minotaur)"\nID=ubuntu\nVERSION_ID="23.10"\n', 'ubuntu', '23.10', 'Ubuntu:23.10'],
    ['NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\n', 'alpine', '3.20.3', 'Alpine:v3.20'],
    ['NAME="Red Hat Enterprise Linux"\nID="rhel"\nVERSION_ID="9.4"\n', 'rhel', '9.4', 'Red Hat:enterprise_linux:9'],
    ['NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\n', 'rocky', '9.3', 'Rocky Linux:9'],
    ["NAME='AlmaLinux'\nID='almalinux'\nVERSION_ID='8.9'\n", 'almalinux', '8.9', 'AlmaLinux:8'],
    ['PRETTY_NAME="Debian GNU/Linux trixie/sid"\nID=debian\n', 'debian', '', 'Debian'],
  ])('maps os-release to the OSV ecosystem (%#)', (text, id, versionId, ecosystem) => {
    expect(detectOs(text)).toMatchObject({ id, versionId, ecosystem });
  });

  it('leaves the ecosystem undefined for distributions OSV does not cover, and undefined without an ID', () => {
    expect(detectOs('ID=arch\n')).toMatchObject({ id: 'arch', ecosystem: undefined });
    expect(detectOs('NAME=whatever\n')).toBeUndefined();
  });
});
