import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Locator, Page } from 'playwright-core';
import { newEnterprise, newUnion, PASSWORD } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { describeInBrowser, inBrowser, loginAs, openFromMenu, screenshot, startConsole } from '../support/console-browser.js';
import type { TestApp } from '../support/test-app.js';

/**
 * Stored text stays text in the console (issue 9, hostile input): unions, enterprises and memos named with markup and
 * spreadsheet formulas are shown literally in the voucher list, the union switcher, the overview's tables and chart
 * tooltips (ECharts renders tooltip HTML) and the arrears list; no script runs (no dialog opens, no <img> with an
 * onerror gets into the page), and the "导出Excel" workbooks hold them as plain strings, never formulas.
 */

const TODAY = new Date().toISOString().slice(0, 10);
const MONTH = TODAY.slice(0, 7);
const LAST_MONTH = new Date(Date.UTC(Number(MONTH.slice(0, 4)), Number(MONTH.slice(5)) - 2, 1)).toISOString().slice(0, 7);

const IMG = '<img src=x onerror=alert(1)>';
const HOSTILE = [IMG, '=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", '@SUM(1)', '-2+3', '=1'];

describeInBrowser('web console: hostile stored text stays inert', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let world: Awaited<ReturnType<typeof newLedgerWorld>>;

  beforeAll(async () => {
    ({ t, base, browser } = await startConsole());
    world = await newLedgerWorld(t, MONTH);
    const token = world.accountant.token;
    for (const [i, name] of HOSTILE.entries()) {
      const union = await newUnion(t.api, token, world.centre.id, { name, parentUnionId: world.street.id });
      const posted = await world.post(TODAY, HOSTILE[(i + 1) % HOSTILE.length], [
        { unionId: union.id, accountCode: '102', debit: '100.00' },
        { unionId: union.id, accountCode: '40201', credit: '100.00' },
      ]);
      expect(posted.status).toBe(200);
    }
    // two enterprises without a union hold preparation funds: the overview charts them by name; both are in arrears
    for (const [name, paid] of [[IMG, '2000.00'], [HOSTILE[1], '1000.00']]) {
      const enterprise = await newEnterprise(t.api, token, world.centre.id, { name });
      for (const period of [LAST_MONTH, MONTH]) {
        expect((await t.api.post(`${world.base}/enterprises/${enterprise.id}/payroll-declarations`, token, { period, totalPayroll: '500000.00' })).status).toBe(201);
      }
      expect((await t.api.post(`${world.base}/dues-receipts`, token, { receivedOn: TODAY, amount: paid, channel: 'enterprise', enterpriseId: enterprise.id })).status).toBe(201);
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Fails the test on any dialog (alert, confirm, prompt) the page opens. */
  function trapDialogs(page: Page): string[] {
    const opened: string[] = [];
    page.on('dialog', (dialog) => {
      opened.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    return opened;
  }

  /** No markup from the data became elements: no <img> at all (the console shows none), nothing with onerror. */
  async function expectNoInjectedElements(page: Page) {
    expect(await page.locator('img').count()).toBe(0);
    // a string, evaluated in the page: the Node type-check knows no DOM
    expect(await page.evaluate("[...document.querySelectorAll('*')].filter((el) => el.hasAttribute('onerror') || el.hasAttribute('onload')).length")).toBe(0);
  }

  /**
   * Hovers a horizontal bar chart at `fraction` of its plot's height until ECharts shows the tooltip holding `text`
   * (the chart may still be settling after the page scrolled); answers the tooltip.
   */
  async function hoverBar(page: Page, chart: Locator, fraction: number, text: string): Promise<Locator> {
    const tooltip = page.locator('[data-test=funds-panel] div', { hasText: text }).last();
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const area = (await chart.boundingBox())!;
      await page.mouse.move(area.x + 2, area.y + 2);
      await page.mouse.move(area.x + 300, area.y + 16 + (area.height - 16 - 28) * fraction, { steps: 4 });
      if (await tooltip.waitFor({ timeout: 500 }).then(() => true, () => false)) return tooltip;
    }
    throw new Error(`no tooltip with ${text}`);
  }

  async function readXlsx(path: string) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(path) as unknown as ExcelJS.Buffer);
    return workbook.worksheets[0];
  }

  /** Every cell of a column (below the header) as ExcelJS reads it: a plain string, never a formula object. */
  function columnValues(sheet: ExcelJS.Worksheet, header: string): unknown[] {
    const column = (sheet.getRow(1).values as unknown[]).indexOf(header);
    expect(column).toBeGreaterThan(0);
    const values: unknown[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) values.push(row.getCell(column).value);
    });
    for (const [n, value] of values.entries()) {
      const cell = sheet.getRow(n + 2).getCell(column);
      expect(cell.formula).toBeUndefined();
      expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
    }
    return values;
  }

  it('the supervisor sees the hostile names and memos as text everywhere, no script runs, the workbooks hold strings', async () => {
    await inBrowser(
      browser,
      'hostile-text',
      async (page) => {
        const dialogs = trapDialogs(page);
        const refused: string[] = [];
        page.on('console', (message) => {
          if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
        });
        // the console's page forbids inline script: markup that got in still could not run
        const index = await page.request.get(`${base}/vouchers`);
        expect(index.headers()['content-security-policy']).toContain("script-src 'self'");
        expect(index.headers()['x-content-type-options']).toBe('nosniff');
        await loginAs(page, base, world.supervisor.username, PASSWORD);

        // 凭证列表: the memos, literally, in the table and in the workbook
        await openFromMenu(page, '凭证列表', /\/vouchers$/);
        await page.waitForSelector('[data-test=entries] .el-table__body tr');
        const rows = await page.locator('[data-test=entries] .el-table__body tr').allInnerTexts();
        for (const memo of HOSTILE) expect(rows.some((row) => row.includes(memo))).toBe(true);
        // the overflow tooltip of a memo cell is text too
        await page.locator('[data-test=entries] .el-table__body td', { hasText: IMG }).first().hover();
        await expectNoInjectedElements(page);
        const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export-xlsx]').click()]);
        const memos = columnValues(await readXlsx((await download.path())!), '摘要');
        for (const memo of HOSTILE) expect(memos).toContain(memo);

        // the union switcher lists the hostile names as text
        await page.locator('[data-test=union-switcher]').click();
        const options = page.locator('.el-select-dropdown__item:visible');
        await options.first().waitFor();
        const labels = await options.allInnerTexts();
        for (const name of HOSTILE) expect(labels.some((label) => label.endsWith(` ${name}`))).toBe(true);
        await expectNoInjectedElements(page);
        await screenshot(page, 'hostile-text');
        await page.keyboard.press('Escape');

        // 经费概览图表: the preparation-funds table and chart; the tooltip (HTML, drawn by ECharts) shows the name as text
        await openFromMenu(page, '经费概览图表', /\/overview$/);
        await page.waitForSelector('[data-test=funds-table] .el-table__body tr');
        const funds = await page.locator('[data-test=funds-table] .el-table__body tr').allInnerTexts();
        expect(funds.map((row) => row.split('\t')[0].trim())).toEqual([IMG, HOSTILE[1]]);
        const chart = page.locator('[data-test=funds-panel] [data-test=chart]');
        await chart.locator('canvas').waitFor();
        await page.locator('[data-test=funds-panel]').scrollIntoViewIfNeeded(); // the layout scrolls inside itself
        // two bars, the larger (IMG, 2000.00) on top; the plot runs from 16px below the top to 28px above the bottom
        const tooltip = await hoverBar(page, chart, 0.25, '筹备金结存：2,000.00 元');
        expect(await tooltip.innerText()).toContain(IMG);
        await expectNoInjectedElements(page);
        await screenshot(page, 'hostile-text-overview');
        expect(await (await hoverBar(page, chart, 0.75, '筹备金结存：1,000.00 元')).innerText()).toContain(HOSTILE[1]);
        await expectNoInjectedElements(page);
        const [fundsFile] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export-funds]').click()]);
        expect(columnValues(await readXlsx((await fundsFile.path())!), '企业名称').slice(0, 2)).toEqual([IMG, HOSTILE[1]]);

        // 欠缴查询: the enterprises by name
        await openFromMenu(page, '欠缴查询', /\/dues\/arrears$/);
        await page.waitForSelector('[data-test=arrears] .el-table__body tr');
        const arrears = await page.locator('[data-test=arrears] .el-table__body tr').allInnerTexts();
        for (const name of [IMG, HOSTILE[1]]) expect(arrears.some((row) => row.includes(name))).toBe(true);
        await expectNoInjectedElements(page);

        expect(dialogs).toEqual([]);
        // the console itself runs under its policy without a refusal; an inline handler put in by force is refused
        expect(refused).toEqual([]);
        await page.evaluate(`(() => {
          const box = document.createElement('div');
          box.innerHTML = '<img src="data:," onerror="window.ranInline = 1" onload="window.ranInline = 1">';
          document.body.appendChild(box);
        })()`);
        await page.waitForTimeout(500);
        expect(await page.evaluate('window.ranInline')).toBeUndefined();
        expect(refused.length).toBeGreaterThan(0);
        expect(dialogs).toEqual([]);
      },
      { acceptDownloads: true, enforceCsp: true },
    );
  }, 120_000);
});
