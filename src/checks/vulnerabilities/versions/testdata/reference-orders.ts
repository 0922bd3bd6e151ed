/**
 * Version orders computed by the real tools, kept as literal data so the tests need neither installed. Each list is
 * ascending; the versions inside one inner list are equal.
 *
 * RPM_ORDER: rpm 4.18.0 (Debian bookworm's `rpm` package), comparing the `rpm.ver()` objects of every pair with `<`
 * in an embedded Lua script (`rpm --eval '%{lua: ...}'`); rpm.ver parses an EVR as rpmverParse does. rpm accepted
 * every string here. A second run over 160 random strings of `0 1 9 a b Z . _ ~ ^ + - :` agreed with Rampart on all
 * 12,720 pairs.
 *
 * DPKG_ORDER: dpkg 1.21.22, `dpkg --compare-versions -- A lt B` (then `eq`) for every pair; DPKG_INVALID are the
 * versions dpkg rejects with exit code 2. A second run over 90 random strings agreed on every pair.
 *
 * MAVEN_ORDER: org.apache.maven.artifact.versioning.ComparableVersion from maven-artifact 3.9.9 (Maven Central; 3.8.7
 * from Debian's libmaven3-core-java gave the same matrix), `Integer.signum(a.compareTo(b))` for every pair in a small
 * Java program. A second run over 220 random versions built from Maven's qualifiers and separators agreed on all
 * 24,090 pairs.
 *
 * PACKAGIST_ORDER: composer/semver 3.3.2 (Debian's php-composer-semver, PHP 8.2): each version normalized with
 * VersionParser::normalize, then Comparator::lessThan / equalTo for every pair; PACKAGIST_INVALID are the versions
 * normalize throws on. A second run over 208 random versions (stability modifiers, `v`, build metadata, dates,
 * numbered branches) agreed on every pair. Composer also orders named branches (`dev-main`) below every release;
 * Rampart refuses them instead, or every advisory would match them.
 *
 * PYPI_ORDER: Python's `packaging` 26.4, `packaging.version.Version` objects compared with `<` and `>` for every pair;
 * PYPI_INVALID are the strings it raises InvalidVersion on. A second run over 150 random PEP 440 versions (epochs,
 * pre, post, dev and local segments) agreed on every pair.
 */
export const RPM_ORDER: ReadonlyArray<readonly string[]> = [
  ['~'], ['.', ':'], ['-'], ['-1'], ['^'], ['B'], ['a'], ['a:1', '0:a:1'], ['a1:1'], ['abc'], ['abd'], ['1.a'],
  ['1.0~rc1'], ['1.0~rc1-1'], ['1.0', '1_0', '1.0.', ':1.0', '0:1.0', '1.0+'], ['1.0-'], ['1.0-A'], ['1.0-a'],
  ['1.0-0'], ['1.0-1~'], ['1.0-1', '0:1.0-1', '1.0--1'], ['1.0-1^'], ['1.0-1.el9~bootstrap'], ['1.0-1.el9'],
  ['1.0-1.el9_2'], ['1.0-2.el9'], ['1.0^'], ['1.0^20240101-1'], ['1.0a', '1.0.a'], ['1.0a-1'], ['1.0:1', '1.0+1'],
  ['1.0.1-1', '1.0:1-1'], ['1.0-1-2'], ['1.9'], ['1.010'], ['2.0'], ['10'], ['1:'], ['1:a'], ['1:0.9-1'], ['01:1.0'],
  ['1:1.0-'], ['1:1.0-1'], ['2:0.1-1'],
];

export const DPKG_ORDER: ReadonlyArray<readonly string[]> = [
  ['0.9'], ['1'], ['1.0~~'], ['1.0~~a'], ['1.0~'], ['1.0~rc1'], ['1.0-~'],
  ['1.0', '1.0-0', '1.0-00', '0:1.0', '-0:1.0', '+0:1.0'], ['1.0-1~bpo12+1'], ['1.0-1'], ['1.0-1ubuntu0.1'],
  ['1.0-1+deb12u1'], ['1.0-2'], ['1.0-10'], ['1.0-a'], ['1.0A'], ['1.0a~'], ['1.0a'], ['1.0a-1'], ['1.0!'], ['1.0+~'],
  ['1.0+'], ['1.0+dfsg'], ['1.0--1'], ['1.0-beta-1'], ['1.0-beta-2'], ['1.0-rc-1'], ['1.0.0'], ['1.0.-1'], ['1.0.1'],
  ['1.0=1'], ['1.0_1'], ['1.01'], ['1.2'], ['1.10'], ['2.0'], ['a'], ['abc'], ['1:0.9'], ['1:1.0', '01:1.0', '+1:1.0'],
  ['2:0.1'], ['2147483647:1'],
];

export const DPKG_INVALID: readonly string[] = ['a:1.0', ':1.0', '1.0-', '1:', '-1', '1.0:1', '1.0:1-1', '1.0-1-', '2147483648:1', '-1:1.0'];

export const MAVEN_ORDER: ReadonlyArray<readonly string[]> = [
  ['0', '0.0'], ['NotAVersion'], ['v1', 'V1.0'], ['-1'], ['.1'], ['1.0-alpha.beta'], ['1-alpha'],
  ['1-alpha-1', '1-alpha1', '1.alpha1', '1-a1', '1a1'], ['1.0-alpha.1'], ['1-beta'], ['1-b2'],
  ['1-milestone-1', '1-m1'],
  ['1-rc1', '1.rc1', '1-RC1', '1rc1', '1-cr1', '1.0-rc1', '1.0.rc1', '1.0.0.RC1', '1.0.0-RC1', '1.0RC1', '1.0-RC-1', '1.0-rc-1'],
  ['1-cr2'], ['1.0-rc.1'], ['1-snapshot', '1-SNAPSHOT', '1.0-SNAPSHOT'],
  ['1', '1.0', '1-0', '1.0.0', '1-ga', '1.ga', '1-final', '1-release', '1.0.final', '1.0.0.Final', '1.0.0-Final', '1.0.0.GA', '1.0.0.0.0.0', '1..0', '1.0-', '1.0.', '1-'],
  ['1-ga.1'], ['1-sp', '1.sp'], ['1-sp1', '1-sp-1', '1.0-SP1', '1.0.SP1', '1.0-sp-1'], ['1-sp.1'], ['1.0+1'],
  ['1.0.0+build'], ['1_0'], ['1.0_1'], ['1.0_final'], ['1.0-a', '1.0a', '1.0.a'], ['1-abc'], ['1.0.0-alpha+001'],
  ['1.0-alpha_1'], ['1.0-android'], ['1.0-b', '1.0b'], ['1.0-dev', '1.0.dev'], ['1.foo', '1-foo'], ['1-foo2'],
  ['1-foo10'], ['1.0-jre', '1.0.jre'], ['1.0-m', '1.0m'], ['1.0-pre'], ['1.0-preview'], ['1.0-rc_1'], ['1-xyz'],
  ['1-ga-1', '1.0--1'], ['1-1'], ['1-1.foo-bar1baz-.1', '1-1.foo-bar-1-baz-0.1'], ['1.0-1_2'], ['1.0-1-1'],
  ['1.0..1'], ['1.0.1-rc1'], ['1.0.1'], ['1.1-alpha1'], ['1.1'], ['1.2'], ['1.10'], ['2.0.0-M1', '2.0.0.M1'], ['2'],
  ['5.3.0.Beta1'], ['5.3.0.CR1'], ['5.3.0.Final'], ['30.1-jre'], ['30.1.1-jre'], ['31.0-android'],
];

export const PACKAGIST_ORDER: ReadonlyArray<readonly string[]> = [
  ['1.0.0-dev'], ['1.0.0-alpha-dev'], ['1.0.0-alpha1-dev'], ['1.0.0-beta-1'], ['1.0.0-beta.2.3'],
  ['1.0.0.RC', '1.0.0-RC'], ['1', '01.0.0', '1.00.0'], ['2.9.9'], ['3.0.0-dev', '3.0-dev'], ['3.0.0-alpha'],
  ['3.0.0-a1'], ['3.0.0-alpha2'], ['3.0.0-beta-dev'], ['3.0.0-beta', 'v3.0.0-beta'],
  ['3.0.0-beta1', '3.0.0-beta.1', '3.0.0-b1'], ['3.0.0-beta2'], ['3.0.0-beta10'],
  ['3.0.0-RC1', '3.0.0-rc1', '3.0.0-rc.1', '3.0.0RC1', '3.0.0.rc1', '3.0.0_rc1'],
  ['3.0', 'v3.0', '3.0.0', 'v3.0.0', '3.0.0.0', '3.0.0+build', '3.0.0-stable', 'V3.0'],
  ['3.0.0-p1', '3.0.0-patch1', '3.0.0-pl1'], ['3.0.0.1'], ['3.0.x-dev'], ['3.1'], ['9.0.0'], ['10.0.0'],
  ['2010-01-02'], ['2010.01.02'], ['20100102'],
];

export const PACKAGIST_INVALID: readonly string[] = ['3.0.0.0.1', '1.0.0-alpha.beta', '1.0.0-1'];

export const PYPI_ORDER: ReadonlyArray<readonly string[]> = [
  ['1.0.dev1'], ['1.0.dev1+l'], ['1.0a1'], ['1.0a1+local'], ['1.0rc1', '1.0c1'], ['1.0.0', '1.0', 'v1.0', ' 1.0 '],
  ['1.0.0+a', '1.0.0+A'], ['1.0.0+a.b'], ['1.0.0+a.0'], ['1.0.0+a1'], ['1.0.0+abc.5'],
  ['1.0.0+local', '1.0+local', '1.0.0+LOCAL'], ['1.0.0+local.1', '1.0.0+local-1', '1.0.0+local_1'],
  ['1.0.0+local.2'], ['1.0.0+z', '1.0.0+Z'], ['1.0.0+0', '1.0.0+00'], ['1.0.0+1', '1.0.0+01'], ['1.0.0+1.a'],
  ['1.0.0+1.1'], ['1.0.0+5.abc'], ['1.0.0+9'], ['1.0.0+10'], ['1.0.post1.dev1'], ['1.0.post1', '1.0-1'],
  ['1.0.post1+local'], ['1!1.0'],
];

export const PYPI_INVALID: readonly string[] = ['1.0+', '1.0+.a', '1.0+a..b', '1.0+a-'];
