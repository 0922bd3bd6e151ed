import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser } from 'puppeteer-core';

/** Debian's package; `RAMPART_CHROMIUM` names another binary. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
// A CIS report with 2,500 findings prints 300 pages in about 20 s on two cores: twice 60 s leaves room for more.
const DEFAULT_TIMEOUT_MS = 120_000;
// How long a browser whose launch failed may take to die before its profile is removed regardless.
const PROFILE_RELEASE_MS = 5_000;

export interface PdfOptions {
  /** The Chromium binary; default `RAMPART_CHROMIUM` from `env`, else /usr/bin/chromium. */
  chromium?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** For the whole conversion, browser start included. */
  timeoutMs?: number;
}

export class PdfError extends Error {}

/**
 * Prints a self-contained HTML document to PDF with headless Chromium. The document is the only thing the browser
 * may load: every request is refused, the page is offline, JavaScript is off, the DevTools protocol runs over a pipe
 * (no port), and the profile is a fresh temporary directory removed afterwards. The sandbox stays on unless we run as
 * root, where Chromium refuses to start with it.
 */
export async function htmlToPdf(html: string, options: PdfOptions = {}): Promise<Uint8Array> {
  const executablePath = options.chromium ?? options.env?.RAMPART_CHROMIUM ?? DEFAULT_CHROMIUM;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // The profile and the browser's own temporary files (its singleton socket) share one directory we remove whole.
  const workDir = await mkdtemp(join(tmpdir(), 'rampart-pdf-'));
  const profile = join(workDir, 'profile');
  const browserTmp = join(workDir, 'tmp');
  await mkdir(browserTmp);
  let browser: Browser | undefined;
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const cleanup = async () => {
    await closeQuietly(browser);
    await stopProcessesUsing(profile);
    // Retried: a Chromium child killed a moment ago may still have been writing into the profile.
    await rm(workDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };
  let work: Promise<Uint8Array> | undefined;
  try {
    work = (async () => {
      // Loaded here: puppeteer-core takes most of a second to import, and every other command would pay for it.
      const { launch } = await import('puppeteer-core');
      browser = await launch({
        executablePath,
        headless: true,
        pipe: true,
        userDataDir: profile,
        env: { ...process.env, TMPDIR: browserTmp },
        timeout: timeoutMs,
        args: [
          ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
          '--disable-gpu',
          '--no-first-run',
          '--no-default-browser-check',
          '--disable-extensions',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-default-apps',
          '--disable-domain-reliability',
          // Belt and braces with the request interception below: a request that slipped past it goes nowhere.
          '--proxy-server=http://127.0.0.1:9',
          '--proxy-bypass-list=<-loopback>',
        ],
      });
      const page = await browser.newPage();
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on('request', (request) => void request.abort('blockedbyclient').catch(() => undefined));
      await page.setOfflineMode(true);
      await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
      return await page.pdf({
        printBackground: true,
        // Bookmarks from the headings (a section and a control each), so an auditor can jump to a control.
        tagged: true,
        outline: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: '<div style="font-size:8px;width:100%;text-align:center;color:#555"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
        timeout: timeoutMs,
      });
    })();
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new PdfError(`PDF rendering took longer than ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
    });
    return await Promise.race([work, deadline]);
  } catch (error) {
    if (error instanceof PdfError) throw error;
    throw new PdfError(`PDF rendering with ${executablePath} failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
    await cleanup();
    // A launch still under way when time ran out is closed, and its profile removed, once it completes.
    if (timedOut) void work?.then(cleanup, cleanup).catch(() => undefined);
  }
}

async function closeQuietly(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  try {
    await browser.close();
  } catch {
    // A browser that will not close politely is killed: no Chromium outlives the conversion.
    browser.process()?.kill('SIGKILL');
  }
}

/**
 * Kills whatever still runs with this profile and waits until it has gone. A launch that fails or times out in
 * Puppeteer starts the browser's close without awaiting it and never hands us the process, and a browser still
 * alive recreates its profile directory after we remove it. The profile path is ours alone (mkdtemp), so a process
 * naming it is one we started. Without /proc there is nothing to find and the removal is all we do.
 */
async function stopProcessesUsing(profile: string): Promise<void> {
  const deadline = Date.now() + PROFILE_RELEASE_MS;
  for (;;) {
    const pids = await processesNaming(`--user-data-dir=${profile}`);
    if (pids.length === 0 || Date.now() > deadline) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone between the listing and the kill.
      }
    }
    await sleep(50);
  }
}

async function processesNaming(argument: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // A zombie's cmdline is empty: only processes that still run are found.
      const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
      if (argv.includes(argument)) pids.push(Number(entry));
    } catch {
      // Exited while we looked, or not ours to read.
    }
  }
  return pids;
}
