import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Debian's `chromium` package; the tests drive it with puppeteer-core (no browser download). */
export const CHROMIUM = '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (see .ci/run)`);
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The server under test serves a certificate from its own generated CA.
    acceptInsecureCerts: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--no-default-browser-check'],
  });
}

export interface PageWatch {
  /** alert/confirm/prompt dialogs opened: a script that ran. */
  dialogs: string[];
  /** Console errors, CSP violations among them. */
  errors: string[];
  /** Requests to anywhere but the server under test. */
  foreignRequests: string[];
}

/** Records everything on a page that would betray a script it should not run or a resource it should not load. */
export function watchPage(page: Page, origin: string): PageWatch {
  const watch: PageWatch = { dialogs: [], errors: [], foreignRequests: [] };
  page.on('dialog', (dialog) => {
    watch.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') watch.errors.push(message.text());
  });
  page.on('pageerror', (error) => watch.errors.push(String(error)));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) watch.foreignRequests.push(url);
  });
  return watch;
}

/** What `page.evaluate` callbacks read of an element (the tests compile without the DOM library). */
export interface Rendered {
  innerText: string;
}

interface Focused {
  activeElement: { tagName: string; textContent: string | null; getAttribute(name: string): string | null; blur(): void } | null;
}

/** The elements focus visits, in order, pressing Tab `count` times from the top of the page. */
export async function tabOrder(page: Page, count: number): Promise<string[]> {
  await page.evaluate(() => (globalThis as unknown as { document: Focused }).document.activeElement?.blur());
  const visited: string[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    visited.push(await page.evaluate(() => {
      const element = (globalThis as unknown as { document: Focused }).document.activeElement;
      if (!element) return '';
      const href = element.getAttribute('href');
      return `${element.tagName.toLowerCase()}${href ? `[href=${href}]` : ''}:${(element.textContent ?? '').trim().slice(0, 40)}`;
    }));
  }
  return visited;
}
