import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { newEnterprise, newUser, PASSWORD } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { describeInBrowser, inBrowser, keyLine, loginAs, openFromMenu, rows, screenshot, startConsole } from '../support/console-browser.js';
import { pdfText } from '../support/pdf-text.js';
import type { TestApp } from '../support/test-app.js';

/**
 * Issue 8's "done when", as one story across five people and five browser sessions against one service: the
 * accountant keys a two-union voucher with the keyboard only, the supervisor approves it, the accountant posts it, the
 * treasurer of one of the unions sees the balance move, the enterprise downloads its statement, and the auditor sees
 * the same chain head as the footer of the audit package it downloads. Each role's menu is its own.
 */

const TODAY = new Date().toISOString().slice(0, 10);
const YEAR = Number(TODAY.slice(0, 4));
const MONTH = TODAY.slice(0, 7);
// page scripts are strings: the suite's TypeScript has no DOM library
const ENTRY_LOADED = "!document.querySelector('.voucher-entry > .el-loading-mask')";

describeInBrowser('web console: one voucher, five people', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let w: Awaited<ReturnType<typeof newLedgerWorld>>;

  beforeAll(async () => {
    ({ t, base, browser } = await startConsole());
    w = await newLedgerWorld(t, MONTH);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const menuOf = (page: Page) => page.locator('[data-test=menu] .el-menu-item').allInnerTexts();

  /** Opens the treasurer's 分户账 and reads the bank account's closing balance as the page shows it. */
  async function bankBalanceShown(page: Page): Promise<string> {
    const loaded = page.waitForResponse((response) => response.url().includes('/reports/trial-balance'));
    await openFromMenu(page, '分户账', /\/union\/account$/);
    await loaded;
    await page.waitForFunction("!document.querySelector('[data-test=balances] .el-loading-mask')");
    const bank = (await rows(page, '[data-test=balances] .el-table__body tr')).find((row) => row[0] === '102');
    return bank ? bank.at(-2)! : '0.00';
  }

  it('keyed, approved, posted, seen by the treasurer, stated to the enterprise, and verified by the auditor', async () => {
    const memo = `${MONTH} 两家工会拨缴经费`;
    const treasurer = await newUser(t, w.centre.id, 'union_treasurer', { unionId: w.unionA.id });
    const enterprise = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id });
    const enterpriseUser = await newUser(t, w.centre.id, 'enterprise', { enterpriseId: enterprise.id });
    const auditor = await newUser(t, w.centre.id, 'internal_auditor');
    const opened = await t.api.post(`${w.base}/audit-engagements`, w.supervisor.token, {
      kind: 'internal', title: `${YEAR}年度经费审计`, auditorUserIds: [auditor.id], allUnions: true,
      periodFrom: `${YEAR}-01`, periodTo: `${YEAR}-12`, validFrom: TODAY, validUntil: `${YEAR}-12-31`,
    });
    expect(opened.status).toBe(201);
    const menus: Record<string, string[]> = {};

    // the treasurer's balance before
    let before = '';
    await inBrowser(browser, 'journey-treasurer-before', async (page) => {
      await loginAs(page, base, treasurer.username, PASSWORD);
      menus.treasurer = await menuOf(page);
      before = await bankBalanceShown(page);
    });

    // 1. the accountant keys it with the keyboard only
    await inBrowser(browser, 'journey-accountant', async (page) => {
      await loginAs(page, base, w.accountant.username, PASSWORD);
      menus.accountant = await menuOf(page);
      await openFromMenu(page, '凭证录入', /\/vouchers\/new$/);
      await page.waitForSelector('[data-test=lines] [data-test=union]');
      await page.waitForFunction(ENTRY_LOADED);
      await page.locator('[data-test=lines]').waitFor();
      await page.keyboard.press('Control+A');
      await page.keyboard.type(TODAY);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      await page.keyboard.type(memo);
      await page.keyboard.press('Tab');
      await keyLine(page, w.unionA.code, '102', '1234.5', '');
      await keyLine(page, w.unionA.code, '40201', '', '1234.5');
      await keyLine(page, w.unionB.code, '102', '800', '');
      await keyLine(page, w.unionB.code, '40201', '', '800', true);
      await page.keyboard.press('Tab');
      expect(await page.locator('[data-test=total-debit]').innerText()).toBe('2,034.50');
      await screenshot(page, 'journey-1-voucher');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/vouchers$/);
    });
    const drafts = (await t.api.get(`${w.base}/entries?status=draft`, w.accountant.token)).body.items;
    expect(drafts.map((e: { memo: string }) => e.memo)).toEqual([memo]);
    const entryId = drafts[0].id as string;

    // 2. the supervisor approves it
    await inBrowser(browser, 'journey-supervisor', async (page) => {
      await loginAs(page, base, w.supervisor.username, PASSWORD);
      menus.supervisor = await menuOf(page);
      await openFromMenu(page, '凭证审核', /\/approvals$/);
      await page.locator('[data-test=approvals] .el-table__body tr', { hasText: memo }).locator('[data-test=approve]').click();
      await page.waitForSelector('text=没有待审核的凭证');
    });
    expect((await t.api.get(`${w.base}/entries/${entryId}`, w.accountant.token)).body.status).toBe('approved');

    // 3. the accountant posts it from the voucher list
    await inBrowser(browser, 'journey-post', async (page) => {
      await loginAs(page, base, w.accountant.username, PASSWORD);
      await openFromMenu(page, '凭证列表', /\/vouchers$/);
      const row = page.locator('[data-test=entries] .el-table__body tr', { hasText: memo });
      await row.getByText('记账').click();
      await row.getByText('已记账').waitFor();
      await screenshot(page, 'journey-3-posted');
    });
    expect((await t.api.get(`${w.base}/entries/${entryId}`, w.accountant.token)).body.status).toBe('posted');

    // 4. the treasurer of union A sees the bank balance moved by exactly union A's part
    await inBrowser(browser, 'journey-treasurer-after', async (page) => {
      await loginAs(page, base, treasurer.username, PASSWORD);
      const after = await bankBalanceShown(page);
      expect({ before, after }).toEqual({ before: '0.00', after: '1,234.50' });
      const union = (await t.api.get(`${w.base}/reports/trial-balance?from=${MONTH}&to=${MONTH}&unionId=${w.unionA.id}`, treasurer.token)).body;
      expect(union.rows.find((row: { code: string }) => row.code === '102').closingDebit).toBe('1234.50');
      await screenshot(page, 'journey-4-treasurer');
    });

    // 5. the enterprise downloads its statement
    expect((await t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, {
      period: MONTH, totalPayroll: '500000.00', headcount: 20,
    })).status).toBe(201);
    expect((await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, {
      receivedOn: TODAY, amount: '10000.00', channel: 'enterprise', enterpriseId: enterprise.id,
    })).status).toBe(201);
    await inBrowser(browser, 'journey-enterprise', async (page) => {
      await loginAs(page, base, enterpriseUser.username, PASSWORD);
      menus.enterprise = await menuOf(page);
      await openFromMenu(page, '拨缴对账单', /\/dues\/statement$/);
      await page.waitForSelector('[data-test=statement] .el-table__body tr');
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download-pdf]').click()]);
      const pdf = await pdfText(readFileSync((await download.path())!));
      expect(pdf.text).toContain(enterprise.uscc);
      expect(pdf.text).toMatch(new RegExp(`${MONTH.replace('-', '年')}月 500,000.00 10,000.00 10,000.00 0.00`));
    }, { acceptDownloads: true });

    // 6. the auditor: the chain head the console shows is the one printed on the audit package
    await inBrowser(browser, 'journey-auditor', async (page) => {
      await loginAs(page, base, auditor.username, PASSWORD);
      menus.auditor = await menuOf(page);
      await openFromMenu(page, '我的审计项目', /\/audit\/mine$/);
      await page.waitForSelector('[data-test=chain-head]');
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download-package]').first().click()]);
      const pdf = await pdfText(readFileSync((await download.path())!), { pages: [1] });
      const printed = /审计链 #\d+ · [0-9a-f]{64}/.exec(pdf.text)?.[0];
      expect(printed).toBeDefined();
      // the package's download is itself a read on the trail, recorded before the PDF takes the head: verifying again
      // now shows the head the PDF printed
      const verified = page.waitForResponse((response) => response.url().endsWith('/audit/verify'));
      await page.locator('[data-test=reverify]').click();
      await verified;
      await page.waitForFunction(`document.querySelector('[data-test=chain-head]')?.innerText === ${JSON.stringify(printed)}`, undefined, { timeout: 10_000 });
      await screenshot(page, 'journey-6-auditor');
    }, { acceptDownloads: true });

    // every role its own menu: none sees another's screens
    expect(menus.accountant).toContain('凭证录入');
    expect(menus.supervisor).toContain('凭证审核');
    expect(menus.treasurer).toContain('分户账');
    expect(menus.enterprise).toEqual(['工作台', '拨缴对账单']);
    expect(menus.auditor).toContain('我的审计项目');
    for (const [role, others] of Object.entries({
      accountant: ['凭证审核', '拨缴对账单', '我的审计项目'],
      supervisor: ['凭证录入', '拨缴对账单', '我的审计项目'],
      treasurer: ['凭证录入', '凭证审核', '凭证列表', '拨缴对账单', '我的审计项目', '用户管理'],
      auditor: ['凭证录入', '凭证审核', '拨缴对账单', '用户管理'],
    })) {
      for (const other of others) expect({ role, sees: menus[role].includes(other) ? other : null }).toEqual({ role, sees: null });
    }
  }, 300_000);
});
