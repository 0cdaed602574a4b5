import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from './test-app.js';

/** What the console's browser tests share: Debian's chromium, the screenshots folder, the app on a real port. */
export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = resolve('test/console/screenshots');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(`SKIPPED the browser tests of the console: ${CHROMIUM} is absent (apt-get install -y chromium fonts-noto-cjk)`);
}
export const describeInBrowser = haveChromium ? describe : describe.skip;

/** The console built (when stale), the app listening on an ephemeral port of a test database, and a browser. */
export async function startConsole(): Promise<{ t: TestApp; base: string; browser: Browser }> {
  execFileSync(process.execPath, ['scripts/build-console.mjs'], { stdio: 'pipe' });
  mkdirSync(SHOTS, { recursive: true });
  const t = await createTestApp();
  await t.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  return { t, base, browser };
}

/** A page in a context of its own, the size and language the screenshots are made at. */
export async function newConsolePage(browser: Browser, options: { acceptDownloads?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', ...options });
  return context.newPage();
}
