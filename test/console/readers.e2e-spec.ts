import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { newEnterprise, newUser, PASSWORD } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { cells, cellsOf, describeInBrowser, group, newConsolePage, SHOTS, startConsole } from '../support/console-browser.js';
import type { TestApp } from '../support/test-app.js';

/**
 * The console's two read-only screens in a real browser (as voucher-entry.e2e-spec.ts): the enterprise's 拨缴对账单
 * with its PDF, and an auditor's 我的审计项目 with the chain head as the PDFs print it and the audit package.
 */

async function readXlsx(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook.worksheets[0];
}

const TODAY = new Date().toISOString().slice(0, 10);
const YEAR = Number(TODAY.slice(0, 4));
const MONTH = TODAY.slice(0, 7);

describeInBrowser('web console: the read-only screens in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let world: Awaited<ReturnType<typeof newLedgerWorld>>;

  beforeAll(async () => {
    ({ t, base, browser } = await startConsole());
    world = await newLedgerWorld(t, MONTH);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const newPage = () => newConsolePage(browser, { acceptDownloads: true });

  async function login(page: Page, username: string, password: string) {
    await page.goto(`${base}/`);
    await page.locator('input[name=username]').fill(username);
    await page.locator('input[name=password]').fill(password);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-test=menu]');
  }

  async function inBrowser(name: string, journey: (page: Page) => Promise<void>) {
    const page = await newPage();
    try {
      await journey(page);
    } catch (error) {
      await page.screenshot({ path: join(SHOTS, `failure-${name}.png`), fullPage: true, animations: 'disabled' }).catch(() => undefined);
      throw error;
    } finally {
      await page.context().close();
    }
  }

  it('the enterprise sees its statement of the year, with totals, and downloads it as a PDF', async () => {
    const enterprise = await newEnterprise(t.api, world.accountant.token, world.centre.id, { unionId: world.unionA.id });
    const declared = await t.api.post(`${world.base}/enterprises/${enterprise.id}/payroll-declarations`, world.accountant.token, {
      period: MONTH, totalPayroll: '1234567.80', headcount: 56,
    });
    expect(declared.status).toBe(201);
    const paid = await t.api.post(`${world.base}/dues-receipts`, world.accountant.token, {
      receivedOn: TODAY, amount: '10000.00', channel: 'enterprise', enterpriseId: enterprise.id,
    });
    expect(paid.status).toBe(201);
    const user = await newUser(t, world.centre.id, 'enterprise', { enterpriseId: enterprise.id });
    const statement = (await t.api.get(`${world.base}/enterprises/${enterprise.id}/dues-statement?year=${YEAR}`, user.token)).body;
    const [period] = statement.periods;
    expect(period).toEqual(expect.objectContaining({ period: MONTH, payrollDeclared: '1234567.80', paid: '10000.00' }));

    await inBrowser('statement', async (page) => {
      await login(page, user.username, PASSWORD);
      const menu = await page.locator('[data-test=menu] .el-menu-item').allInnerTexts();
      expect(menu).toContain('拨缴对账单');
      expect(menu).not.toContain('凭证列表');
      await page.locator('[data-test=menu] .el-menu-item', { hasText: '拨缴对账单' }).click();
      await page.waitForURL(/\/dues\/statement$/);
      await page.waitForSelector('[data-test=statement] .el-table__body tr');

      const rows = await page.locator('[data-test=statement] .el-table__body tr').allInnerTexts();
      expect(rows).toHaveLength(statement.periods.length);
      const first = cellsOf(rows[0]);
      // the first column opens the period's receipts
      expect(first).toEqual(['', MONTH, '1,234,567.80', group(period.assessed), '10,000.00', group(period.owed), '工会经费']);
      const totals = await cells(page.locator('[data-test=statement] .el-table__footer tr'));
      expect(totals).toEqual(['', '合计', '', group(statement.totalAssessed), group(statement.totalPaid), group(statement.totalOwed), '']);
      // amounts are right-aligned
      for (const column of [2, 3, 4, 5]) {
        expect(await page.locator('[data-test=statement] .el-table__body tr td').nth(column).getAttribute('class')).toContain('is-right');
      }
      expect(await page.locator('.page-title').innerText()).toContain(enterprise.uscc);
      await page.screenshot({ path: join(SHOTS, '11-dues-statement.png'), fullPage: true, animations: 'disabled' });

      // the receipts behind the period
      await page.locator('[data-test=statement] .el-table__expand-icon').first().click();
      const receipts = await page.locator('[data-test=receipts] .el-table__body tr').allInnerTexts();
      expect(receipts.map(cellsOf)).toEqual([[TODAY, '10,000.00']]);
      await page.screenshot({ path: join(SHOTS, '11-dues-statement-receipts.png'), fullPage: true, animations: 'disabled' });

      // what the table shows, as a workbook
      const [workbook] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export-xlsx]').click()]);
      expect(workbook.suggestedFilename()).toBe(`拨缴对账单-${statement.enterpriseName}-${YEAR}.xlsx`);
      const sheet = await readXlsx(readFileSync((await workbook.path())!));
      expect(sheet.getRow(2).values).toEqual([undefined, MONTH, 1234567.8, Number(period.assessed), 10000, Number(period.owed), '工会经费', `${TODAY} 10000.00`]);
      expect(sheet.getCell('A3').value).toBe('合计');

      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download-pdf]').click()]);
      expect(download.suggestedFilename()).toBe(`拨缴对账单-${enterprise.uscc}-${YEAR}.pdf`);
      const bytes = readFileSync((await download.path())!);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.length).toBeGreaterThan(1000);

      // another year: the table follows the picker
      await page.locator('[data-test=year] input').click();
      await page.locator('.el-year-table td', { hasText: String(YEAR - 1) }).click();
      await page.waitForSelector(`text=${YEAR - 1}年度暂无申报或缴费记录`);
    });
  }, 120_000);

  it('an auditor with an engagement in force sees it, the chain head as the PDFs print it, and downloads the package', async () => {
    const auditor = await newUser(t, world.centre.id, 'internal_auditor');
    const opened = await t.api.post(`${world.base}/audit-engagements`, world.supervisor.token, {
      kind: 'internal', title: `${YEAR}年度经费收支审计`, auditorUserIds: [auditor.id], unionIds: [world.unionA.id],
      periodFrom: `${YEAR}-01`, periodTo: `${YEAR}-12`, validFrom: TODAY, validUntil: `${YEAR + 1}-12-31`,
    });
    expect(opened.status).toBe(201);

    await inBrowser('engagements', async (page) => {
      await login(page, auditor.username, PASSWORD);
      const menu = await page.locator('[data-test=menu] .el-menu-item').allInnerTexts();
      expect(menu).toContain('我的审计项目');
      expect(menu).not.toContain('拨缴对账单');
      const verified = page.waitForResponse((response) => response.url().endsWith(`/api/v1/centres/${world.centre.id}/audit/verify`));
      await page.locator('[data-test=menu] .el-menu-item', { hasText: '我的审计项目' }).click();
      await page.waitForURL(/\/audit\/mine$/);
      // GET audit/verify's answer to this page: every read of an auditor is itself on the trail, so the head moves
      // with each later read, and the page must show the one it was given
      const verification = await (await verified).json();
      expect(verification.ok).toBe(true);
      await page.waitForSelector('[data-test=chain-head]');

      const rows = await page.locator('[data-test=engagements] .el-table__body tr').allInnerTexts();
      expect(rows).toHaveLength(1);
      for (const part of ['内部审计', `${YEAR}年度经费收支审计`, world.unionA.code, `${YEAR}-01 至 ${YEAR}-12`, `${TODAY} 至 ${YEAR + 1}-12-31`, '有效']) {
        expect(rows[0]).toContain(part);
      }
      const head = await page.locator('[data-test=chain-head]').innerText();
      expect(head).toBe(`审计链 #${verification.headSeq} · ${verification.headHash}`);
      expect(verification.headHash).toMatch(/^[0-9a-f]{64}$/);
      expect(await page.locator('[data-test=chain-ok]').innerText()).toContain('完整');
      expect(await page.locator('[data-test=chain-records]').innerText()).toContain(String(verification.recordsChecked));
      // and it is the stored record's own hash (read by the supervisor, whose reads are not on the trail)
      const records = await t.api.get(`${world.base}/audit/records?afterSeq=${verification.headSeq - 1}&limit=1`, world.supervisor.token);
      expect(records.body.items[0]).toEqual(expect.objectContaining({ seq: verification.headSeq, hash: verification.headHash }));
      await page.screenshot({ path: join(SHOTS, '12-my-engagements.png'), fullPage: true, animations: 'disabled' });

      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download-package]').click()]);
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);
      const bytes = readFileSync((await download.path())!);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    });
  }, 180_000);
});
