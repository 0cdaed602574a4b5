import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
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
export interface ConsolePageOptions {
  acceptDownloads?: boolean;
  /**
   * Keep the console's Content-Security-Policy in force. Off by default: the suites wait on string predicates (their
   * TypeScript has no DOM library), which Playwright evaluates inside the page, and the policy's no-eval rule refuses
   * that. The hostile-text test turns it on and walks the console's screens under the policy.
   */
  enforceCsp?: boolean;
}

export async function newConsolePage(browser: Browser, options: ConsolePageOptions = {}): Promise<Page> {
  const { enforceCsp = false, ...rest } = options;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', bypassCSP: !enforceCsp, ...rest });
  return context.newPage();
}

/** Opens the console and logs in through the form; resolves when the role's menu is shown. */
export async function loginAs(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-test=menu]');
}

/** Opens a screen from the left menu by its title and waits for its path. */
export async function openFromMenu(page: Page, title: string, path: RegExp): Promise<void> {
  await page.locator('[data-test=menu] .el-menu-item', { hasText: title }).first().click();
  await page.waitForURL(path);
}

/** A full-page screenshot under test/console/screenshots/<name>.png (looked at by people, not compared). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/**
 * Runs one journey in a page of its own; on failure the page is kept as failure-<name>.png before the error goes on.
 */
export async function inBrowser(
  browser: Browser,
  name: string,
  journey: (page: Page) => Promise<void>,
  options: ConsolePageOptions = {},
): Promise<void> {
  const page = await newConsolePage(browser, options);
  try {
    await journey(page);
  } catch (error) {
    await screenshot(page, `failure-${name}`).catch(() => undefined);
    throw error;
  } finally {
    await page.context().close();
  }
}

/** A table row's text as its cells, trimmed (el-table's innerText separates cells with tabs). */
export function cellsOf(rowText: string): string[] {
  return rowText.split('\t').map((cell) => cell.trim());
}

/** The cells of one table row. */
export async function cells(row: Locator): Promise<string[]> {
  return cellsOf(await row.innerText());
}

/** Every row a selector finds, as cells. */
export async function rows(page: Page, selector: string): Promise<string[][]> {
  return (await page.locator(selector).allInnerTexts()).map(cellsOf);
}

/** '18600.00' → '18,600.00', '-5.00' → '-5.00' (written out here, not with the console's own formatter). */
export function group(decimal: string): string {
  const negative = decimal.startsWith('-');
  const [whole, cents] = (negative ? decimal.slice(1) : decimal).split('.');
  return `${negative ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** Types into the focused select (union or account), takes the first match with Enter, then Tab. */
export async function pick(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text);
  await page.waitForSelector('.el-select-dropdown__item.is-hovering:visible', { timeout: 5000 });
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
}

/** One voucher line: union, account, debit, credit; Enter in the credit cell adds the next line and moves into it. */
export async function keyLine(page: Page, union: string, account: string, debit: string, credit: string, last = false): Promise<void> {
  await pick(page, union);
  await pick(page, account);
  await page.keyboard.type(debit);
  await page.keyboard.press('Tab');
  await page.keyboard.type(credit);
  if (!last) await page.keyboard.press('Enter');
}
