import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { pypircPassword } from './pypirc.js';

const secrets = (text: string) => scanSecrets(text, { detectors: [pypircPassword], maxDecodeDepth: 0 }).map((h) => h.secret);

describe('pypirc-password', () => {
  it('finds the password of a package index section', () => {
    const pypirc = '[distutils]\nindex-servers =\n    pypi\n    internal\n\n[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmcCJGI4\n\n[internal]\nrepository = https://pypi.internal/simple\nusername: deployer\npassword: Zq8r3TfW1xLm\n';
    expect(secrets(pypirc)).toEqual(['pypi-AgEIcHlwaS5vcmcCJGI4', 'Zq8r3TfW1xLm']);
  });

  it('ignores other INI sections, placeholders and prose', () => {
    expect(secrets('; mentions pypi\n[database]\nhost = db\npassword = Zq8r3TfW1xLm\n')).toEqual([]);
    expect(secrets('[pypi]\nusername = __token__\npassword = <your-pypi-token>\n')).toEqual([]);
    expect(secrets('Upload to PyPI with your password.')).toEqual([]);
  });
});
