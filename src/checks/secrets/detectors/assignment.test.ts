import { describe, expect, it } from 'vitest';
import { type AssignmentOptions, assignmentPattern, caseInsensitiveSource, settingPrefix } from './assignment.js';

const FLAT: AssignmentOptions = { secretCase: 'insensitive', nesting: 'none' };
const NESTED: AssignmentOptions = { secretCase: 'sensitive', nesting: 'one-level' };
const secretIn = (pattern: RegExp, text: string) => pattern.exec(text)?.groups?.secret;
const hex8 = (options: AssignmentOptions) => assignmentPattern('vendor', '[a-f0-9]{8}', options);

describe('assignmentPattern', () => {
  const shapes: [string, string][] = [
    ['env', 'VENDOR_TOKEN=0a1b2c3d'],
    ['export', 'export VENDOR_API_KEY="0a1b2c3d"'],
    ['JSON', '{"vendorToken": "0a1b2c3d"}'],
    ['YAML', 'vendor_key: 0a1b2c3d'],
    ['Kubernetes env', '- name: VENDOR_KEY\n  value: 0a1b2c3d'],
    ['Go', 'vendorKey := "0a1b2c3d"'],
    ['Ruby/PHP', "'vendor_key' => '0a1b2c3d'"],
  ];

  describe.each([
    ['none', FLAT],
    ['one-level', NESTED],
  ])('with nesting %s', (_, options) => {
    const pattern = hex8(options);
    it.each(shapes)('finds the value in %s', (__, text) => {
      expect(secretIn(pattern, text)).toBe('0a1b2c3d');
    });
    it('matches the setting name in any case', () => {
      expect(secretIn(pattern, 'Vendor_Token=0a1b2c3d')).toBe('0a1b2c3d');
    });
    it('needs the name and the whole value', () => {
      expect(secretIn(pattern, 'OTHER_TOKEN=0a1b2c3d')).toBeUndefined();
      expect(secretIn(pattern, 'VENDOR_TOKEN=0a1b2c3d9')).toBeUndefined();
    });
  });

  describe("forms 'none' reads", () => {
    const forms: [string, string][] = [
      ['Go typed var', 'var vendorToken string = "0a1b2c3d"'],
      ['TypeScript typed const', "const vendorKey: string = '0a1b2c3d';"],
      ['Makefile ::=', 'VENDOR_KEY ::= 0a1b2c3d'],
      ['Makefile :::=', 'VENDOR_KEY :::= 0a1b2c3d'],
      ['Makefile ?=', 'VENDOR_KEY ?= 0a1b2c3d'],
      ['Makefile +=', 'VENDOR_FLAGS += 0a1b2c3d'],
      ['PHP .=', "$vendorKey .= '0a1b2c3d';"],
      ['PHP array', "$config['vendor_key'] = '0a1b2c3d';"],
      ['Python environ', 'os.environ["VENDOR_KEY"] = "0a1b2c3d"'],
      ['setProperty', 'System.setProperty("vendor.key", "0a1b2c3d");'],
      ['setenv', 'setenv("VENDOR_TOKEN","0a1b2c3d");'],
      ['map put', "config.put('vendorKey', '0a1b2c3d')"],
      ['PHP define', "define('VENDOR_KEY', '0a1b2c3d');"],
      ['XML element', '<vendorKey>0a1b2c3d</vendorKey>'],
      ['XML element, value on its own line', '<vendor-key>\n    0a1b2c3d\n</vendor-key>'],
      ['XML attribute', '<client vendorKey="0a1b2c3d"/>'],
      ['.NET appSettings', '<add key="VendorKey" value="0a1b2c3d" />'],
      ['YAML literal block', 'vendor_key: |\n  0a1b2c3d\n'],
      ['YAML folded block', 'vendor_key: >-\n    0a1b2c3d\n'],
      ['.env with export', 'export VENDOR_KEY=0a1b2c3d'],
      ['Terraform', 'vendor_key = "0a1b2c3d"'],
      ['Terraform heredoc', 'vendor_key = <<-EOT\n    0a1b2c3d\n  EOT'],
      ['HCL variable default', 'variable "vendor_key" {\n  default = "0a1b2c3d"\n}'],
      ['Java properties =', 'vendor.key=0a1b2c3d'],
      ['Java properties :', 'vendor.key: 0a1b2c3d'],
      ['Java properties, space', 'vendor.key 0a1b2c3d\nother.key 1'],
      ['TOML', '[vendor]\nvendor_key = "0a1b2c3d"'],
      ['TOML literal string', "vendor_key = '0a1b2c3d'"],
      ['TOML multi-line string', 'vendor_key = """0a1b2c3d"""'],
      ['INI', '[auth]\nvendor_key : 0a1b2c3d'],
    ];
    it.each(forms)('finds the value in %s', (_, text) => {
      expect(secretIn(hex8(FLAT), text)).toBe('0a1b2c3d');
    });

    it.each([
      ['a space-separated value not ending its line', 'vendor.key 0a1b2c3d and more'],
      ['a space-separated key not starting its line', 'call vendor 0a1b2c3d'],
      ['a call whose first argument is another name', 'put("other", vendorKey, "0a1b2c3d")'],
      ['a comparison in shell', '[ "$VENDOR_KEY" != "0a1b2c3d" ]'],
    ])('ignores %s', (_, text) => {
      expect(secretIn(hex8(FLAT), text)).toBeUndefined();
    });
  });

  describe('identifier boundary', () => {
    it.each([
      ['camelCase', 'myVendorKey=0a1b2c3d'],
      ['snake_case', 'my_vendor_key=0a1b2c3d'],
      ['kebab-case', 'my-vendor-key: 0a1b2c3d'],
      ['ALL CAPS glued', 'MYVENDORKEY=0a1b2c3d'],
      ['lower case glued, no capital to tell words apart', 'myvendorkey=0a1b2c3d'],
      ['a lower-case continuation', 'vendorlogic_key=0a1b2c3d'],
    ])('reads the name in %s', (_, text) => {
      expect(secretIn(hex8(FLAT), text)).toBe('0a1b2c3d');
      expect(secretIn(hex8(NESTED), text)).toBe('0a1b2c3d');
    });

    it.each([
      ['starting inside a camelCase word', 'okta', 'rookTable = 0a1b2c3d'],
      ['ending inside a camelCase word', 'sumo', 'sumOfExposures = 0a1b2c3d'],
      ['starting inside a lower-case word of a camelCase identifier', 'vendor', 'xvendorKey=0a1b2c3d'],
    ])('ignores a name %s', (_, name, text) => {
      expect(secretIn(assignmentPattern(name, '[a-f0-9]{8}', FLAT), text)).toBeUndefined();
      expect(secretIn(assignmentPattern(name, '[a-f0-9]{8}', NESTED), text)).toBeUndefined();
    });
  });

  describe('nesting', () => {
    const parentKeys: [string, string][] = [
      ['nested YAML', 'vendor:\n  apiKey: 0a1b2c3d\n'],
      ['nested JSON', '{"vendor": {"token": "0a1b2c3d"}}'],
      ['YAML list item', 'vendor_configs:\n  - routing_key: 0a1b2c3d'],
      ['a call', 'init("vendor", "0a1b2c3d")'],
    ];
    // A call whose first argument is the name is a form of its own (`setenv("VENDOR", "v")`).
    const flatParentKeys = parentKeys.slice(0, 3);
    it.each(parentKeys)("'one-level' follows the name on a parent key: %s", (_, text) => {
      expect(secretIn(hex8(NESTED), text)).toBe('0a1b2c3d');
    });
    it.each(flatParentKeys)("'none' needs the name on the value's own line: %s", (_, text) => {
      expect(secretIn(hex8(FLAT), text)).toBeUndefined();
    });
    it("'none' also takes a CLI flag and a header", () => {
      const pattern = hex8(FLAT);
      expect(secretIn(pattern, 'vendor --token=0a1b2c3d')).toBe('0a1b2c3d');
      expect(secretIn(pattern, 'X-Vendor-Key: 0a1b2c3d')).toBe('0a1b2c3d');
    });
  });

  describe('secretCase', () => {
    it("'insensitive' lets the secret's alphabet take either case", () => {
      expect(secretIn(hex8(FLAT), 'VENDOR_TOKEN=0A1B2C3D')).toBe('0A1B2C3D');
      expect(secretIn(hex8({ ...NESTED, secretCase: 'insensitive' }), 'vendor:\n  key: 0A1B2C3D')).toBe('0A1B2C3D');
    });
    it("'sensitive' keeps the secret's alphabet as written, but not the name's", () => {
      expect(secretIn(hex8(NESTED), 'VENDOR_TOKEN=0A1B2C3D')).toBeUndefined();
      expect(secretIn(hex8({ ...FLAT, secretCase: 'sensitive' }), 'VENDOR_TOKEN=0A1B2C3D')).toBeUndefined();
      expect(secretIn(hex8({ ...FLAT, secretCase: 'sensitive' }), 'VENDOR_TOKEN=0a1b2c3d')).toBe('0a1b2c3d');
    });
  });

  it('takes the end lookahead from the options', () => {
    // By default a base64 continuation (`+`, `/`, `=`) means the value is longer than the secret.
    expect(secretIn(hex8(FLAT), 'VENDOR_KEY=0a1b2c3d/')).toBeUndefined();
    expect(secretIn(hex8({ ...FLAT, end: '(?![A-Za-z0-9_-])' }), 'VENDOR_KEY=0a1b2c3d/')).toBe('0a1b2c3d');
  });

  it.each([
    ['none', FLAT],
    ['one-level', NESTED],
  ])('stays fast on long separator and name runs with nesting %s', (_, options) => {
    const pattern = hex8(options);
    const started = performance.now();
    pattern.exec(`vendor${'_'.repeat(50_000)}`);
    pattern.exec(`vendor${' :'.repeat(50_000)}`);
    pattern.exec(`vendor: ${'a-'.repeat(50_000)}`);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('settingPrefix', () => {
  it('composes into a pattern without the i flag and still ignores the name case', () => {
    const prefix = settingPrefix('vendor', 'one-level');
    const pattern = new RegExp(`(?:${prefix}|vendor\\.example/bot)(?<secret>[a-f0-9]{8})`);
    expect(secretIn(pattern, 'VENDOR:\n  token: 0a1b2c3d')).toBe('0a1b2c3d');
    expect(secretIn(pattern, 'https://vendor.example/bot0a1b2c3d')).toBe('0a1b2c3d');
    expect(secretIn(pattern, 'VENDOR:\n  token: 0A1B2C3D')).toBeUndefined();
  });
});

describe('caseInsensitiveSource', () => {
  const full = (source: string) => new RegExp(`^(?:${caseInsensitiveSource(source)})$`);

  it('makes letters match either case and leaves everything else as written', () => {
    expect(caseInsensitiveSource('api.key')).toBe('[aA][pP][iI].[kK][eE][yY]');
    expect(full('dd[_.-]?(?:api|app)').test('DD_Api')).toBe(true);
    expect(full('dd[_.-]?(?:api|app)').test('dd_apx')).toBe(false);
  });

  it('keeps escapes, lookbehinds and group names intact', () => {
    expect(caseInsensitiveSource(String.raw`\w\d\x41\u00e9`)).toBe(String.raw`\w\d\x41\u00e9`);
    expect(caseInsensitiveSource('(?<![A-Za-z])ld')).toBe('(?<![A-Za-z])[lL][dD]');
    expect(caseInsensitiveSource('(?<name>k)')).toBe('(?<name>[kK])');
    expect(full(String.raw`a\.b`).test('A.B')).toBe(true);
    expect(full(String.raw`a\.b`).test('AxB')).toBe(false);
  });

  it('adds the other case to character classes, negated ones too', () => {
    expect(caseInsensitiveSource('[a-f_]')).toBe('[a-f_A-F]');
    expect(caseInsensitiveSource('[A-Za-z]')).toBe('[A-Za-z]');
    expect(full('[^x]').test('X')).toBe(false);
    expect(full(String.raw`[\w.-]`).test('.')).toBe(true);
  });

  it('refuses a range that mixes letters and other characters', () => {
    expect(() => caseInsensitiveSource('[0-z]')).toThrow(/spans letters/);
    expect(() => caseInsensitiveSource('[A-z]')).toThrow(/spans letters/);
  });
});
