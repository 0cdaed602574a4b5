import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { newEnterprise, PASSWORD } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { cellsOf, describeInBrowser, group, inBrowser, loginAs, openFromMenu, screenshot, SHOTS, startConsole } from '../support/console-browser.js';
import type { TestApp } from '../support/test-app.js';

/**
 * The centre accountant's money in, in a real browser: the dashboard on the 工作台 showing the API's figures, a receipt
 * from an unknown payer recorded (it waits in suspense) and assigned, the arrears, and a bank statement uploaded as a
 * file, one of its lines matched by hand and the reconciliation statement of the day.
 */

// the local day, as the console's pickers default to it
const TODAY = new Date().toLocaleDateString('sv-SE');
const MONTH = TODAY.slice(0, 7);
const FIRST = `${MONTH}-01`;
const PREVIOUS = (() => {
  const [year, month] = MONTH.split('-').map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
})();

describeInBrowser('web console: the accountant’s money in', () => {
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

  const get = async (path: string) => {
    const response = await t.api.get(`${w.base}${path}`, w.accountant.token);
    expect(response.status).toBe(200);
    return response.body;
  };
  const text = (page: Page, test: string) => page.locator(`[data-test=${test}]`).first().innerText();
  const rowsOf = (page: Page, test: string) => page.locator(`[data-test=${test}] .el-table__body tbody tr.el-table__row`);

  /** The dashboard shows what the API answers, figure by figure. */
  async function expectDashboardAsApi(page: Page) {
    const [cash, drafts, suspense, arrears, statements] = await Promise.all([
      get('/reports/cash-position'),
      get('/entries?status=draft&pageSize=1'),
      get('/dues-receipts?status=suspense&pageSize=1'),
      get('/dues/arrears?pageSize=1'),
      get('/bank-statements'),
    ]);
    await page.waitForSelector('[data-test=dashboard]:not(:has(.el-loading-mask))');
    expect(await text(page, 'book-balance')).toBe(group(cash.unifiedAccount.bookBalance));
    expect(await text(page, 'unions-sum')).toBe(group(cash.totals.bank));
    expect(await text(page, 'unions-check')).toBe('与账面一致');
    expect(await text(page, 'drafts-count')).toBe(String(drafts.total));
    expect(await text(page, 'suspense-count')).toBe(String(suspense.total));
    expect(await text(page, 'suspense-amount')).toBe(group(suspense.totalAmount));
    expect(await text(page, 'arrears-count')).toBe(String(arrears.total));
    expect(await text(page, 'arrears-amount')).toBe(group(arrears.totalOwed));
    const last = statements.at(-1);
    expect(await text(page, 'statement-balance')).toBe(last ? group(last.closingBalance) : '—');
    return { cash, statements, last };
  }

  it('sees the dashboard, records and assigns a receipt, sees the arrears, and reconciles the bank', async () => {
    // two enterprises owe last month's dues; one has paid part of it; a voucher waits for approval
    const e1 = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id, name: '杭州云帆网络科技有限公司' });
    const e2 = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionB.id, name: '杭州拾光文化传媒有限公司' });
    for (const [enterprise, payroll] of [[e1, '100000.00'], [e2, '50000.00']] as const) {
      const declared = await t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, { period: PREVIOUS, totalPayroll: payroll });
      expect(declared.status).toBe(201);
    }
    const paid = await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, {
      receivedOn: FIRST, amount: '500.00', channel: 'enterprise', enterpriseId: e1.id, bankReference: 'CCB-E1-0001',
    });
    expect(paid.status).toBe(201);
    const draft = await t.api.post(`${w.base}/entries`, w.accountant.token, {
      date: FIRST, memo: '待审核的凭证',
      lines: [{ unionId: w.unionA.id, accountCode: '102', debit: '10.00' }, { unionId: w.unionA.id, accountCode: '40201', credit: '10.00' }],
    });
    expect(draft.status).toBe(201);

    await inBrowser(browser, 'money-in', async (page) => {
      await loginAs(page, base, w.accountant.username, PASSWORD);

      // 1. the dashboard: the API's figures; no statement yet
      await expectDashboardAsApi(page);
      expect(await text(page, 'drafts-count')).toBe('1');
      expect(await text(page, 'arrears-count')).toBe('2');
      expect(await text(page, 'arrears-amount')).toBe('2,500.00');
      expect(await text(page, 'statement-balance')).toBe('—');

      // 2. a receipt from an unknown payer: typed 1000 → 1,000.00, it waits in suspense
      await openFromMenu(page, '拨缴收款', /\/dues\/receipts$/);
      await rowsOf(page, 'receipts').first().waitFor();
      await page.locator('[data-test=record]').click();
      const amount = page.locator('[data-test=record-amount] input');
      await amount.fill('1000');
      await page.locator('[data-test=record-payer] input').click();
      expect(await amount.inputValue()).toBe('1,000.00');
      await page.locator('[data-test=record-payer] input').fill('不明汇款人');
      await page.locator('[data-test=record-reference] input').fill('CCB-UNKNOWN-77');
      await screenshot(page, 'money-in-8-record-receipt');
      const recorded = page.waitForResponse((r) => r.url().endsWith('/dues-receipts') && r.request().method() === 'POST');
      await page.locator('[data-test=record-save]').click();
      const response = await recorded;
      expect(response.status()).toBe(201);
      expect(response.request().headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
      const receipt = await response.json();
      expect(receipt).toEqual(expect.objectContaining({ status: 'suspense', amount: '1000.00', enterpriseId: null, payerName: '不明汇款人' }));
      await page.locator('[data-test=receipts] .el-table__body tr', { hasText: '不明汇款人' }).waitFor();
      expect(await text(page, 'summary')).toBe('共 2 笔，合计 1,500.00 元');

      // the dashboard counts it, and its tile opens the receipts in suspense
      await page.locator('[data-test=menu] .el-menu-item', { hasText: '工作台' }).click();
      await expectDashboardAsApi(page);
      expect(await text(page, 'suspense-count')).toBe('1');
      expect(await text(page, 'suspense-amount')).toBe('1,000.00');
      await page.locator('[data-test=tile-suspense]').click();
      await page.waitForURL(/\/dues\/receipts\?status=suspense$/);
      await page.waitForFunction(`document.querySelectorAll('[data-test=receipts] .el-table__body tr.el-table__row').length === 1`);
      const suspenseRow = rowsOf(page, 'receipts').first();
      expect(await suspenseRow.innerText()).toContain('待查明');

      // 3. assign it to the enterprise that sent it, picked by part of its name
      await suspenseRow.locator('[data-test=assign]').click();
      await page.locator('[data-test=assign-enterprise]').click();
      await page.keyboard.type('拾光');
      await page.locator('.el-select-dropdown__item:visible', { hasText: '杭州拾光文化传媒有限公司' }).click();
      const assigned = page.waitForResponse((r) => r.url().endsWith(`/dues-receipts/${receipt.id}/assign`));
      await page.locator('[data-test=assign-save]').click();
      expect((await assigned).status()).toBe(200);
      await page.waitForSelector('text=没有符合条件的收款');
      const after = (await t.api.get(`${w.base}/dues-receipts?status=suspense`, w.accountant.token)).body;
      expect(after.total).toBe(0);

      // the whole list again: sorted by amount (largest first) from the table's header
      await page.locator('[data-test=filter-status]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: '已分配' }).click();
      await page.waitForFunction(`document.querySelectorAll('[data-test=receipts] .el-table__body tr.el-table__row').length === 2`);
      await page.locator('[data-test=receipts] th', { hasText: '金额' }).locator('.caret-wrapper').click();
      await page.waitForFunction(`document.querySelector('[data-test=receipts] .el-table__body tr.el-table__row')?.innerText.includes('1,000.00')`);
      const rows = await rowsOf(page, 'receipts').allInnerTexts();
      expect(rows[0]).toContain('杭州拾光文化传媒有限公司');
      expect(rows[0]).toContain('已分配');
      expect(rows[1]).toContain('500.00');
      expect(await page.locator('[data-test=receipts] .el-table__body tr.el-table__row td').nth(2).getAttribute('class')).toContain('is-right');
      await screenshot(page, 'money-in-2-dues-receipts');
      const [receiptsFile] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export]').click()]);
      expect(receiptsFile.suggestedFilename()).toBe(`拨缴收款-${TODAY}.xlsx`);
      expect(readFileSync((await receiptsFile.path())!).subarray(0, 2).toString('latin1')).toBe('PK');

      // 4. the arrears: the second enterprise has paid, the first still owes the rest of its 2,000.00
      const arrears = await get('/dues/arrears');
      expect(arrears.items).toEqual([expect.objectContaining({ enterpriseId: e1.id, owed: '1500.00', oldestPeriod: PREVIOUS })]);
      await openFromMenu(page, '欠缴查询', /\/dues\/arrears$/);
      await rowsOf(page, 'arrears').first().waitFor();
      const arrearsRows = await rowsOf(page, 'arrears').allInnerTexts();
      expect(arrearsRows).toHaveLength(arrears.items.length);
      const cells = cellsOf(arrearsRows[0]);
      expect(cells.slice(0, 6)).toEqual(['杭州云帆网络科技有限公司', e1.uscc, w.unionA.name, '1,500.00', '1', PREVIOUS]);
      expect(await text(page, 'summary')).toContain(`欠缴企业 1 家，合计 ${group(arrears.totalOwed)} 元`);
      await screenshot(page, 'money-in-3-dues-arrears');
      const [arrearsFile] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export]').click()]);
      expect(arrearsFile.suggestedFilename()).toBe(`欠缴清单-${TODAY}.xlsx`);

      // 5. the bank: a spending cheque not yet presented, then the statement uploaded as a file
      const cheque = await w.spend(w.unionA.id, '300.00', TODAY);
      expect(cheque.status).toBe(200);
      await openFromMenu(page, '银行对账', /\/bank\/reconciliation$/);
      await page.waitForSelector('text=尚未导入银行对账单');
      const csv = [
        '交易日期,收入金额,支出金额,余额,交易流水号,对方户名,摘要',
        `${FIRST},500.00,,500.00,CCB-E1-0001,杭州云帆网络科技有限公司,工会经费`,
        `${TODAY},"1,000.00",,1500.00,CCB-20991,杭州拾光文化传媒有限公司,经费`,
        `${TODAY},,5.00,1495.00,FEE-0001,,账户管理费`,
        'not-a-date,1.00,,1496.00,,,',
      ].join('\r\n');
      await page.locator('input[type=file]').setInputFiles({ name: '对账单.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`) });
      await page.locator('[data-test=refused]').waitFor();
      expect(await page.locator('[data-test=refused] .el-table__body').innerText()).toContain('交易日期「not-a-date」');
      await screenshot(page, 'money-in-6-import-preview');
      const imported = page.waitForResponse((r) => r.url().endsWith('/bank-statements') && r.request().method() === 'POST');
      await page.locator('[data-test=import-confirm]').click();
      const statement = await (await imported).json();
      expect(statement).toEqual(expect.objectContaining({ closingBalance: '1495.00', matched: 2, unmatched: 1, sourceName: '对账单.csv' }));
      await page.waitForFunction(`document.querySelectorAll('[data-test=lines] .el-table__body tr.el-table__row').length === 3`);
      const fee = rowsOf(page, 'lines').nth(2);
      expect(await fee.innerText()).toContain('未勾对');

      // the fee is booked, then matched by hand to the line, chosen among the candidates
      const booked = await w.post(TODAY, '银行账户管理费', [
        { unionId: w.unionA.id, accountCode: '504', debit: '5.00' },
        { unionId: w.unionA.id, accountCode: '102', credit: '5.00' },
      ]);
      expect(booked.status).toBe(200);
      await fee.locator('[data-test=match]').click();
      await page.locator('[data-test=candidates] .el-table__body tr', { hasText: '银行账户管理费' }).click();
      await screenshot(page, 'money-in-7-match-by-hand');
      const matched = page.waitForResponse((r) => r.url().endsWith(`/bank-statements/${statement.id}/lines/3/match`));
      await page.locator('[data-test=match-confirm]').click();
      const matchedBody = await (await matched).json();
      expect(matchedBody.lines[2].matchedEntryIds).toEqual([booked.body.id]);
      await page.waitForFunction(`!document.querySelector('[data-test=lines] .el-table__body')?.innerText.includes('未勾对')`);

      // the reconciliation statement of the day: as the API says, the cheque in transit named by its voucher
      const recon = await get(`/reports/bank-reconciliation?asOf=${TODAY}`);
      expect(recon).toEqual(expect.objectContaining({ bookBalance: '1195.00', bankBalance: '1495.00', difference: '0.00', reconciled: true }));
      await page.waitForFunction(`document.querySelector('[data-test=adjusted-bank]')?.innerText === '${group(recon.adjustedBankBalance)}'`);
      expect(await text(page, 'book-balance')).toBe(group(recon.bookBalance));
      expect(await text(page, 'bank-balance')).toBe(group(recon.bankBalance));
      expect(await text(page, 'adjusted-book')).toBe(group(recon.adjustedBookBalance));
      expect(await text(page, 'difference')).toBe(group(recon.difference));
      expect(await text(page, 'reconciled')).toBe('已平衡');
      expect(await text(page, 'recon-bank')).toContain('职工活动支出');
      await screenshot(page, 'money-in-4-bank-reconciliation');
      // the console scrolls inside its main pane: the statement itself, as the user scrolls down to it
      await page.locator('[data-test=reconciliation]').screenshot({ path: join(SHOTS, 'money-in-5-reconciliation-statement.png'), animations: 'disabled' });

      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download-pdf]').click()]);
      expect(download.suggestedFilename()).toBe(`银行存款余额调节表-${TODAY}.pdf`);
      expect(readFileSync((await download.path())!).subarray(0, 5).toString('latin1')).toBe('%PDF-');

      // 6. back on the dashboard: the statement is there, and it differs from the book of its day by the cheque
      await page.locator('[data-test=menu] .el-menu-item', { hasText: '工作台' }).click();
      const { last } = await expectDashboardAsApi(page);
      expect(last.closingBalance).toBe('1495.00');
      expect(await text(page, 'bank-check')).toBe('与同日账面余额 1,195.00 不一致，相差 300.00');
      await screenshot(page, 'money-in-1-dashboard');
    }, { acceptDownloads: true });
  }, 240_000);

  it('pages, sorts and filters the arrears through the API, and exports every page', async () => {
    // 22 more enterprises owe last month's dues, each a different amount; the first two have no union yet
    for (let i = 0; i < 22; i += 1) {
      const unionId = i < 2 ? undefined : i % 2 ? w.unionA.id : w.unionB.id;
      const enterprise = await newEnterprise(t.api, w.accountant.token, w.centre.id, { name: `杭州欠缴测试${String(i).padStart(2, '0')}号有限公司`, ...(unionId ? { unionId } : {}) });
      const declared = await t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, { period: PREVIOUS, totalPayroll: `${(i + 1) * 1000}.00` });
      expect(declared.status).toBe(201);
    }
    const names = (body: { items: Array<{ enterpriseName: string }> }) => body.items.map((r) => r.enterpriseName);
    const firstPage = await get(`/dues/arrears?asOf=${TODAY}&sort=-owed&pageSize=20`);
    const secondPage = await get(`/dues/arrears?asOf=${TODAY}&sort=-owed&pageSize=20&page=2`);
    expect(firstPage.total).toBeGreaterThan(20);

    await inBrowser(browser, 'arrears-paging', async (page) => {
      const arrearsAsked = (test: (url: URL) => boolean) =>
        page.waitForResponse((r) => r.url().includes('/dues/arrears') && test(new URL(r.url())));
      const shownNames = async () => (await rowsOf(page, 'arrears').allInnerTexts()).map((row) => cellsOf(row)[0]);

      await loginAs(page, base, w.accountant.username, PASSWORD);
      await openFromMenu(page, '欠缴查询', /\/dues\/arrears$/);
      await rowsOf(page, 'arrears').first().waitFor();
      // the first page is the API's first page, largest amount first; the count and Σ are of every page
      expect(await shownNames()).toEqual(names(firstPage));
      expect(await text(page, 'summary')).toContain(`欠缴企业 ${firstPage.total} 家，合计 ${group(firstPage.totalOwed)} 元`);

      const second = arrearsAsked((url) => url.searchParams.get('page') === '2');
      await page.locator('.el-pagination .btn-next').click();
      await second;
      await page.waitForFunction(`document.querySelectorAll('[data-test=arrears] .el-table__body tr.el-table__row').length === ${secondPage.items.length}`);
      expect(await shownNames()).toEqual(names(secondPage));

      // a column's sort is the API's, from the first page again
      const byName = arrearsAsked((url) => url.searchParams.get('sort') === 'enterpriseName' && url.searchParams.get('page') === '1');
      await page.locator('[data-test=arrears] th', { hasText: '企业名称' }).locator('.sort-caret.ascending').click();
      await byName;
      const sortedByName = await get(`/dues/arrears?asOf=${TODAY}&sort=enterpriseName&pageSize=20`);
      await page.waitForFunction(`document.querySelector('[data-test=arrears] .el-table__body tr.el-table__row')?.innerText.includes(${JSON.stringify(sortedByName.items[0].enterpriseName)})`);
      expect(await shownNames()).toEqual(names(sortedByName));

      // 未建会 and a name are asked of the API, which totals what they select
      const withoutUnion = await get(`/dues/arrears?asOf=${TODAY}&hasUnion=false&sort=enterpriseName`);
      expect(withoutUnion.total).toBe(2);
      const founded = arrearsAsked((url) => url.searchParams.get('hasUnion') === 'false');
      await page.locator('[data-test=founded]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: '未建会（筹备金）' }).click();
      await founded;
      await page.waitForFunction(`document.querySelectorAll('[data-test=arrears] .el-table__body tr.el-table__row').length === 2`);
      expect(await shownNames()).toEqual(names(withoutUnion));
      expect(await text(page, 'summary')).toContain(`欠缴企业 2 家，合计 ${group(withoutUnion.totalOwed)} 元`);
      const searched = arrearsAsked((url) => url.searchParams.get('q') === '测试01号' && url.searchParams.get('hasUnion') === 'false');
      await page.locator('input[data-test=search]').fill('测试01号');
      await searched;
      await page.waitForFunction(`document.querySelectorAll('[data-test=arrears] .el-table__body tr.el-table__row').length === 1`);
      expect(await shownNames()).toEqual(['杭州欠缴测试01号有限公司']);
      expect(await text(page, 'summary')).toContain('欠缴企业 1 家，合计 40.00 元');

      // 导出Excel saves every enterprise the filters select, not only the page: all of them, once the filters are gone
      await page.locator('input[data-test=search]').fill('');
      await page.locator('[data-test=founded]').click();
      const everyone = arrearsAsked((url) => !url.searchParams.has('hasUnion') && !url.searchParams.has('q'));
      await page.locator('.el-select-dropdown__item:visible', { hasText: '全部企业' }).click();
      await everyone;
      await page.waitForFunction(`document.querySelectorAll('[data-test=arrears] .el-table__body tr.el-table__row').length === 20`);
      const [file] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export]').click()]);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(readFileSync((await file.path())!) as unknown as ExcelJS.Buffer);
      const sheet = workbook.worksheets[0];
      const exported: string[] = [];
      sheet.eachRow((row, n) => {
        if (n > 1) exported.push(String(row.getCell(1).value));
      });
      const allByName = await get(`/dues/arrears?asOf=${TODAY}&sort=enterpriseName&pageSize=200`);
      expect(exported).toEqual(names(allByName));
      expect(exported.length).toBe(firstPage.total);
    }, { acceptDownloads: true });
  }, 120_000);
});
