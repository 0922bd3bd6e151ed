import { describe, expect, it } from 'vitest';
import { tokenizeShell } from './shell.js';

describe('tokenizeShell', () => {
  it('splits on &&, ||, ;, | and newlines, recording the operators', () => {
    const commands = tokenizeShell('apt-get update && apt-get install -y a || true; curl -s x | sh\necho done');
    expect(commands.map((c) => c.argv)).toEqual([['apt-get', 'update'], ['apt-get', 'install', '-y', 'a'], ['true'], ['curl', '-s', 'x'], ['sh'], ['echo', 'done']]);
    expect(commands.map((c) => c.next)).toEqual(['&&', '||', ';', '|', ';', undefined]);
    expect(commands[4]!.prev).toBe('|');
  });

  it('respects quotes, escapes, $(...) and backticks', () => {
    const [command] = tokenizeShell(`echo "a && b" 'c | d' e\\;f "$(cat x | wc -l)" \`id -u\``);
    expect(command!.argv).toEqual(['echo', 'a && b', 'c | d', 'e;f', '$(cat x | wc -l)', '`id -u`']);
  });

  it('drops redirections, comments and heredoc markers', () => {
    const commands = tokenizeShell('cat <<EOF > /etc/x 2>&1 # comment && rm\nmake &>/dev/null');
    expect(commands.map((c) => c.argv)).toEqual([['cat'], ['make']]);
  });

  it('strips assignments, keywords and wrappers into name/effectiveArgv', () => {
    const [a, b] = tokenizeShell('DEBIAN_FRONTEND=noninteractive sudo -u root apt-get install x; if true; then env A=1 /usr/bin/pip install y; fi');
    expect(a!.assignments).toEqual(['DEBIAN_FRONTEND=noninteractive']);
    expect(a!.argv[0]).toBe('sudo');
    expect(a!.name).toBe('apt-get');
    expect(b!.name).toBe('true');
    const pip = tokenizeShell('if true; then env A=1 /usr/bin/pip install y; fi').find((c) => c.name === 'pip');
    expect(pip!.effectiveArgv).toEqual(['/usr/bin/pip', 'install', 'y']);
  });

  it('never throws on unbalanced input', () => {
    for (const junk of ['"unterminated', "'open", '$(oops', '`tick', '\\', '&&&', '|||;;', '\u0000\u0001']) {
      expect(() => tokenizeShell(junk)).not.toThrow();
    }
  });
});
