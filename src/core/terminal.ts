/**
 * Scanned files and messages are attacker-controlled: escape sequences in a container name must not
 * repaint or retitle the user's terminal. Control characters other than tab and newline are shown escaped.
 */
export function terminalSafe(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
