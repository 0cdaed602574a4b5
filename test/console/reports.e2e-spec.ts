import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Download } from 'playwright-core';
import { newUser, PASSWORD, validUscc } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { cells, describeInBrowser, group, inBrowser, loginAs, openFromMenu, screenshot, startConsole } from '../support/console-browser.js';
import type { TestApp } from '../support/test-app.js';

/**
 * The centre's books and reports in a real browser: the accountant's 科目余额表 against the API's totals with its
 * PDF and XLSX, the 明细账 with its running balance, the statements and the cash position; an auditor reading
 * inside the engagement and refused a period outside it; the accountant registering an enterprise (USCC checked in
 * the form); the supervisor founding its union, then seeing the close checks and closing the period.
 */

const now = new Date();
const pad = (n: number) => String(n).padStart(2, '0');
// the console picks its default months in the browser's calendar; the test's machine is the browser's
const MONTH = `${now.getFullYear()}-${pad(now.getMonth() + 1)}`;
const YEAR = now.getFullYear();
const FIRST_DAY = `${MONTH}-01`;

describeInBrowser('web console: books, reports, periods and organisation', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let world: Awaited<ReturnType<typeof newLedgerWorld>>;

  beforeAll(async () => {
    ({ t, base, browser } = await startConsole());
    world = await newLedgerWorld(t, MONTH);
    for (const posted of [
      await world.receive(world.unionA.id, '12345.60', FIRST_DAY),
      await world.receive(world.unionB.id, '5000.00', FIRST_DAY),
      await world.spend(world.unionA.id, '2345.10', FIRST_DAY),
    ]) {
      expect(posted.status).toBe(200);
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const api = (path: string, token = world.accountant.token) => t.api.get(`${world.base}${path}`, token);
  const savedBytes = async (download: Download) => readFileSync((await download.path())!);
  async function sheetOf(download: Download) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await savedBytes(download)) as unknown as ExcelJS.Buffer);
    return workbook.worksheets[0];
  }

  it('the accountant’s trial balance shows the API’s totals, downloads the PDF and exports XLSX', async () => {
    const expected = (await api(`/reports/trial-balance?from=${YEAR}-01&to=${MONTH}`)).body;
    expect(expected.balanced).toBe(true);
    await inBrowser(browser, 'trial-balance', async (page) => {
      await loginAs(page, base, world.accountant.username, PASSWORD);
      await openFromMenu(page, '科目余额表', /\/reports\/trial-balance$/);
      await page.waitForSelector('[data-test=trial-balance] .el-table__body tr');
      expect(await page.locator('[data-test=report-scope]').innerText()).toBe('全部工会（整个中心）');

      const rows = page.locator('[data-test=trial-balance] .el-table__body tr');
      expect(await rows.count()).toBe(expected.rows.length);
      const bank = expected.rows.find((r: { code: string }) => r.code === '102');
      const bankRow = await cells(rows.filter({ hasText: '银行存款' }).first());
      expect(bankRow).toEqual(['102', '银行存款', group(bank.openingDebit), group(bank.openingCredit), group(bank.periodDebit), group(bank.periodCredit), group(bank.closingDebit), group(bank.closingCredit)]);
      const totals = await cells(page.locator('[data-test=trial-balance] .el-table__footer tr'));
      const t0 = expected.totals;
      expect(totals).toEqual(['合计', '', group(t0.openingDebit), group(t0.openingCredit), group(t0.periodDebit), group(t0.periodCredit), group(t0.closingDebit), group(t0.closingCredit)]);
      expect(t0.periodDebit).toBe('19690.70');
      for (const column of [2, 3, 4, 5, 6, 7]) {
        expect(await rows.first().locator('td').nth(column).getAttribute('class')).toContain('is-right');
      }
      expect(await page.locator('[data-test=balanced]').innerText()).toBe('试算平衡');
      await screenshot(page, '30-trial-balance');

      const [pdf] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download-pdf]').click()]);
      expect(pdf.suggestedFilename()).toBe(`科目余额表-${YEAR}-01-${MONTH}.pdf`);
      const pdfBytes = await savedBytes(pdf);
      expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export-xlsx]').click()]);
      expect(xlsx.suggestedFilename()).toBe(`科目余额表-${YEAR}-01-${MONTH}.xlsx`);
      const sheet = await sheetOf(xlsx);
      expect(sheet.getRow(1).values).toEqual([undefined, '科目编码', '科目名称', '期初借方', '期初贷方', '本期借方', '本期贷方', '期末借方', '期末贷方']);
      expect(sheet.rowCount).toBe(expected.rows.length + 2);
      const bankIndex = expected.rows.findIndex((r: { code: string }) => r.code === '102') + 2;
      expect(sheet.getCell(`A${bankIndex}`).value).toBe('102');
      expect(sheet.getCell(`E${bankIndex}`).value).toBe(Number(bank.periodDebit));
      const last = sheet.getRow(sheet.rowCount);
      expect(last.getCell(1).value).toBe('合计');
      expect([3, 4, 5, 6, 7, 8].map((c) => last.getCell(c).value)).toEqual(
        [t0.openingDebit, t0.openingCredit, t0.periodDebit, t0.periodCredit, t0.closingDebit, t0.closingCredit].map(Number),
      );
      expect(sheet.getCell(`E${sheet.rowCount}`).numFmt).toBe('#,##0.00');

      // one union, from the header's switcher: the table follows
      const forA = (await api(`/reports/trial-balance?from=${YEAR}-01&to=${MONTH}&unionId=${world.unionA.id}`)).body;
      await page.locator('[data-test=union-switcher]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: world.unionA.code }).click();
      await page.waitForFunction(`document.querySelector('[data-test=trial-balance] .el-table__footer')?.textContent?.includes(${JSON.stringify(group(forA.totals.periodDebit))})`);
      expect(await page.locator('[data-test=report-scope]').innerText()).toContain(world.unionA.code);
    });
  }, 120_000);

  it('the account ledger shows the opening balance, each line and the running balance; accounts are found by name', async () => {
    const expected = (await api(`/reports/account-ledger?accountCode=102&from=${YEAR}-01&to=${MONTH}`)).body;
    expect(expected.rows.map((r: { balance: string }) => r.balance)).toEqual(['12345.60', '17345.60', '15000.50']);
    await inBrowser(browser, 'account-ledger', async (page) => {
      await loginAs(page, base, world.accountant.username, PASSWORD);
      await openFromMenu(page, '明细账', /\/reports\/account-ledger$/);
      await page.waitForSelector('[data-test=account-ledger] .el-table__body tr');
      const rows = page.locator('[data-test=account-ledger] .el-table__body tr');
      expect(await rows.count()).toBe(expected.rows.length + 1);
      expect((await cells(rows.first())).slice(2)).toEqual(['期初余额', '', '', '', '', '0.00']);
      const balances = await page.locator('[data-test=account-ledger] .el-table__body [data-test=running-balance]').allInnerTexts();
      expect(balances).toEqual(['0.00', '12,345.60', '17,345.60', '15,000.50']);
      const spent = await cells(rows.nth(3));
      expect(spent).toEqual([FIRST_DAY, String(expected.rows[2].entryNumber), '职工活动支出', '102', world.unionA.name, '', '2,345.10', '15,000.50']);
      const footer = await cells(page.locator('[data-test=account-ledger] .el-table__footer tr'));
      expect(footer.slice(-3)).toEqual([group(expected.periodDebit), group(expected.periodCredit), group(expected.closingBalance)]);
      await screenshot(page, '31-account-ledger');

      // the picker finds an account by its name
      await page.locator('[data-test=account]').click();
      await page.keyboard.type('职工活动');
      await page.locator('.el-select-dropdown__item:visible', { hasText: '501' }).first().click();
      await page.waitForFunction("document.querySelectorAll('[data-test=account-ledger] .el-table__body tr').length === 2");
      expect(await page.locator('[data-test=account-ledger] .el-table__body [data-test=running-balance]').allInnerTexts()).toEqual(['0.00', '2,345.10']);

      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export-xlsx]').click()]);
      const sheet = await sheetOf(xlsx);
      expect(sheet.getCell('C2').value).toBe('期初余额');
      expect(sheet.getCell('H3').value).toBe(2345.1);
    });
  }, 120_000);

  it('the statements and the cash position show the API’s totals', async () => {
    const sheet = (await api(`/reports/balance-sheet?period=${MONTH}`)).body;
    const income = (await api(`/reports/income-expenditure?period=${MONTH}`)).body;
    const cash = (await api(`/reports/cash-position`)).body;
    await inBrowser(browser, 'statements', async (page) => {
      await loginAs(page, base, world.accountant.username, PASSWORD);
      await openFromMenu(page, '资产负债表', /\/reports\/balance-sheet$/);
      await page.waitForSelector('[data-test=balance-sheet] .el-table__body tr');
      const assets = await cells(page.locator('[data-test=balance-sheet] .el-table__body tr', { hasText: /^资产合计/ }));
      expect(assets).toEqual(['资产合计', '', group(sheet.totalAssets.yearStart), group(sheet.totalAssets.periodEnd)]);
      const all = await cells(page.locator('[data-test=balance-sheet] .el-table__body tr', { hasText: /^负债和净资产总计/ }));
      expect(all[3]).toBe(group(sheet.totalLiabilitiesAndNetAssets.periodEnd));
      expect(await page.locator('[data-test=balanced]').innerText()).toContain('资产 = 负债 + 净资产');
      await screenshot(page, '32-balance-sheet');

      await openFromMenu(page, '收入支出表', /\/reports\/income-expenditure$/);
      await page.waitForSelector('[data-test=income-expenditure] .el-table__body tr');
      const surplus = await cells(page.locator('[data-test=income-expenditure] .el-table__body tr', { hasText: /^收支结余/ }));
      expect(surplus).toEqual(['收支结余', '', group(income.surplus.month), group(income.surplus.yearToDate)]);
      expect(income.surplus.month).toBe('15000.50');
      await screenshot(page, '33-income-expenditure');

      await openFromMenu(page, '资金头寸', /\/reports\/cash-position$/);
      await page.waitForSelector('[data-test=cash-position] .el-table__body tr');
      expect(await page.locator('[data-test=book-balance]').innerText()).toBe(group(cash.unifiedAccount.bookBalance));
      expect(await page.locator('[data-test=sum-of-unions]').innerText()).toBe(group(cash.totals.bank));
      const footer = await cells(page.locator('[data-test=cash-position] .el-table__footer tr'));
      expect(footer).toEqual(['合计', '', group(cash.totals.bank), group(cash.totals.cashOnHand)]);
      await screenshot(page, '34-cash-position');
      const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download-csv]').click()]);
      expect(csv.suggestedFilename()).toMatch(/^cash-position-.*\.csv$/);
    });
  }, 120_000);

  it('an auditor reads the trial balance inside the engagement and is refused a period outside it, in Chinese', async () => {
    const auditor = await newUser(t, world.centre.id, 'internal_auditor');
    const today = `${MONTH}-${pad(now.getDate())}`;
    const opened = await t.api.post(`${world.base}/audit-engagements`, world.supervisor.token, {
      kind: 'internal', title: `${YEAR}年度经费审计`, auditorUserIds: [auditor.id], allUnions: true,
      periodFrom: `${YEAR}-01`, periodTo: `${YEAR}-12`, validFrom: today, validUntil: `${YEAR + 1}-12-31`,
    });
    expect(opened.status).toBe(201);
    const expected = (await api(`/reports/trial-balance?from=${YEAR}-01&to=${MONTH}`)).body;

    await inBrowser(browser, 'auditor-reports', async (page) => {
      await loginAs(page, base, auditor.username, PASSWORD);
      const menu = await page.locator('[data-test=menu] .el-menu-item').allInnerTexts();
      expect(menu).toEqual(expect.arrayContaining(['科目余额表', '明细账', '资金头寸']));
      expect(menu).not.toContain('会计期间与结账');
      expect(menu).not.toContain('工会与企业');
      await openFromMenu(page, '科目余额表', /\/reports\/trial-balance$/);
      await page.waitForSelector('[data-test=trial-balance] .el-table__body tr');
      expect(await page.locator('[data-test=reach]').innerText()).toBe(`审计期间 ${YEAR}-01 至 ${YEAR}-12`);
      const totals = await cells(page.locator('[data-test=trial-balance] .el-table__footer tr'));
      expect(totals[4]).toBe(group(expected.totals.periodDebit));
      // read-only: the screen writes nothing (no button but the exports)
      expect(await page.locator('main button').allInnerTexts()).toEqual(['导出Excel', '下载CSV', '下载PDF']);
      await screenshot(page, '35-auditor-trial-balance');

      // a year before the engagement: typed into the picker, refused by the API, told in Chinese
      const inputs = page.locator('[data-test=period-range] input');
      await inputs.nth(0).fill(`${YEAR - 2}-01`);
      await inputs.nth(0).press('Enter');
      await page.waitForSelector('[data-test=report-error]');
      expect(await page.locator('[data-test=report-error]').innerText()).toContain(`所查期间不在审计项目范围内。（审计期间：${YEAR}-01 至 ${YEAR}-12）`);
      expect(await page.locator('[data-test=trial-balance] .el-table__body tr').count()).toBe(0);
      await page.keyboard.press('Escape');
      await screenshot(page, '36-auditor-out-of-engagement');
    });
  }, 120_000);

  it('an auditor holding two engagements works under the one chosen in the header: its unions and months, never both', async () => {
    const auditor = await newUser(t, world.centre.id, 'internal_auditor');
    const today = `${MONTH}-${pad(now.getDate())}`;
    const open = async (title: string, unionId: string, year: number) => {
      const opened = await t.api.post(`${world.base}/audit-engagements`, world.supervisor.token, {
        kind: 'internal', title, auditorUserIds: [auditor.id], unionIds: [unionId],
        periodFrom: `${year}-01`, periodTo: `${year}-12`, validFrom: today, validUntil: `${YEAR + 1}-12-31`,
      });
      expect(opened.status).toBe(201);
    };
    await open(`${YEAR}年度甲工会审计`, world.unionA.id, YEAR);
    await open(`${YEAR - 1}年度乙工会审计`, world.unionB.id, YEAR - 1);

    await inBrowser(browser, 'auditor-two-engagements', async (page) => {
      await loginAs(page, base, auditor.username, PASSWORD);
      await openFromMenu(page, '科目余额表', /\/reports\/trial-balance$/);
      await page.waitForFunction("!document.querySelector('[data-test=trial-balance] .el-loading-mask')");
      await page.waitForSelector('[data-test=trial-balance] .el-table__body tr, [data-test=trial-balance] .el-table__empty-text');
      // the screens start under the engagement opened last: union B, last year (its union only, never 全部工会)
      expect(await page.locator('[data-test=engagement-switcher]').innerText()).toContain(`内部审计：${YEAR - 1}年度乙工会审计`);
      expect(await page.locator('[data-test=union-name]').innerText()).toBe(world.unionB.name);
      expect(await page.locator('[data-test=reach]').innerText()).toBe(`审计期间 ${YEAR - 1}-01 至 ${YEAR - 1}-12`);
      expect(await page.locator('[data-test=report-error]').count()).toBe(0);

      // the other engagement: union A and this year; the screen reads again under it and shows union A's totals
      const expected = (await api(`/reports/trial-balance?from=${YEAR}-01&to=${MONTH}&unionId=${world.unionA.id}`)).body;
      await page.locator('[data-test=engagement-switcher]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: `${YEAR}年度甲工会审计` }).click();
      await page.waitForFunction(`document.querySelector('[data-test=union-name]')?.textContent.trim() === ${JSON.stringify(world.unionA.name)}`);
      await page.waitForFunction(`document.querySelector('[data-test=reach]')?.textContent.trim() === '审计期间 ${YEAR}-01 至 ${YEAR}-12'`);
      await page.waitForSelector('[data-test=trial-balance] .el-table__body tr');
      expect((await cells(page.locator('[data-test=trial-balance] .el-table__footer tr')))[4]).toBe(group(expected.totals.periodDebit));
      expect(await page.locator('[data-test=report-error]').count()).toBe(0);
      await screenshot(page, '37-auditor-two-engagements');
      // and the choice holds across a reload
      await page.reload();
      await page.waitForSelector('[data-test=trial-balance] .el-table__body tr');
      expect(await page.locator('[data-test=engagement-switcher]').innerText()).toContain(`${YEAR}年度甲工会审计`);
    });
  }, 120_000);

  it('the accountant registers an enterprise; the USCC is checked in the form', async () => {
    await inBrowser(browser, 'organisation', async (page) => {
      await loginAs(page, base, world.accountant.username, PASSWORD);
      await openFromMenu(page, '工会与企业', /\/organisation$/);
      await page.waitForSelector('[data-test=unions] .el-table__body tr');
      const unions = await page.locator('[data-test=unions] .el-table__body tr').allInnerTexts();
      expect(unions).toHaveLength(3);
      expect(unions.join('\n')).toContain('街道总工会');
      await screenshot(page, '37-organisation-unions');

      // sorted through the API: members, most first
      const sorted = page.waitForRequest((request) => request.url().includes('/unions?') && request.url().includes('sort=-memberCount'));
      await page.locator('[data-test=unions] th', { hasText: '会员人数' }).locator('.sort-caret.descending').click();
      await sorted;

      await page.locator('.el-tabs__item', { hasText: '企业' }).click();
      await page.locator('[data-test=new-enterprise]').click();
      const dialog = page.locator('[data-test=enterprise-dialog]');
      await dialog.locator('input[name=name]').fill('杭州拾光文化传媒有限公司');
      const uscc = validUscc();
      const wrong = uscc.slice(0, 17) + (uscc[17] === '0' ? '1' : '0');
      await dialog.locator('input[name=uscc]').fill(wrong);
      await dialog.locator('input[name=payrollContactName]').click();
      await dialog.locator('.el-form-item__error', { hasText: '校验位不符' }).waitFor();
      await page.locator('[data-test=save-enterprise]').click();
      await page.waitForTimeout(300);
      expect(await dialog.isVisible()).toBe(true);
      await screenshot(page, '38-enterprise-uscc-refused');

      await dialog.locator('input[name=uscc]').fill(uscc.toLowerCase());
      await dialog.locator('input[name=payrollContactName]').fill('陈晓燕');
      await dialog.locator('input[name=payrollContactPhone]').fill('0571-88231234');
      const created = page.waitForResponse((response) => response.url().endsWith('/enterprises') && response.request().method() === 'POST');
      await page.locator('[data-test=save-enterprise]').click();
      expect((await created).status()).toBe(201);
      await dialog.waitFor({ state: 'hidden' });
      // el-input passes its attributes to the <input> itself
      await page.locator('input[data-test=enterprise-search]').fill('拾光');
      await page.locator('input[data-test=enterprise-search]').press('Enter');
      await page.waitForFunction("document.querySelectorAll('[data-test=enterprises] .el-table__body tr').length === 1");
      const row = await cells(page.locator('[data-test=enterprises] .el-table__body tr').first());
      expect(row.slice(0, 5)).toEqual(['杭州拾光文化传媒有限公司', uscc, '未建会', '陈晓燕', '0571-88231234']);
      await screenshot(page, '39-organisation-enterprises');

      const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export-enterprises]').click()]);
      const sheet = await sheetOf(xlsx);
      expect(sheet.getCell('A2').value).toBe('杭州拾光文化传媒有限公司');
      expect(sheet.getCell('B2').value).toBe(uscc);
    });
  }, 120_000);

  it('the supervisor founds the enterprise’s union, then sees the close checks and closes the period', async () => {
    const [enterprise] = (await api(`/enterprises?q=${encodeURIComponent('拾光')}`)).body.items;
    expect(enterprise.unionId).toBeNull();
    // a preparation fund held for it: dues of an enterprise without a union
    expect((await t.api.post(`${world.base}/enterprises/${enterprise.id}/payroll-declarations`, world.accountant.token, { period: MONTH, totalPayroll: '25000.00' })).status).toBe(201);
    expect((await t.api.post(`${world.base}/dues-receipts`, world.accountant.token, { receivedOn: FIRST_DAY, amount: '500.00', channel: 'enterprise', enterpriseId: enterprise.id })).status).toBe(201);
    // and a draft left in the period, which holds the closing
    const draft = await t.api.post(`${world.base}/entries`, world.accountant.token, {
      date: FIRST_DAY, memo: '待审核的凭证', lines: [{ unionId: world.unionA.id, accountCode: '501', debit: '10' }, { unionId: world.unionA.id, accountCode: '102', credit: '10' }],
    });
    expect(draft.status).toBe(201);

    await inBrowser(browser, 'periods', async (page) => {
      await loginAs(page, base, world.supervisor.username, PASSWORD);
      await openFromMenu(page, '工会与企业', /\/organisation$/);
      await page.locator('.el-tabs__item', { hasText: '企业' }).click();
      await page.locator(`[data-test=found-${enterprise.uscc}]`).click();
      const dialog = page.locator('[data-test=found-dialog]');
      await dialog.locator('input[name=unionCode]').fill('SG-01');
      const founded = page.waitForResponse((response) => response.url().endsWith('/found-union'));
      await page.locator('[data-test=save-founding]').click();
      const result = await (await founded).json();
      expect(result.held).toBe('500.00');
      await dialog.locator('[data-test=found-result]').waitFor();
      const facts = await dialog.locator('[data-test=found-result]').innerText();
      for (const part of ['杭州拾光文化传媒有限公司工会', `${group(result.held)} 元`, `${group(result.transferred)} 元`, `${group(result.remainder)} 元`, '已记账']) {
        expect(facts).toContain(part);
      }
      await screenshot(page, '40-found-union');
      await dialog.locator('button', { hasText: '关闭' }).click();

      await openFromMenu(page, '会计期间与结账', /\/periods$/);
      await page.waitForSelector('[data-test=check-list] .el-table__body tr');
      const checks = page.locator('[data-test=check-list] .el-table__body tr');
      const pending = await cells(checks.filter({ hasText: '本期凭证均已记账' }));
      expect(pending).toEqual(['本期凭证均已记账', '未通过', '本期尚有 1 张凭证未记账（待审核 1 张，已审核待记账 0 张）。']);
      expect(await page.locator('[data-test=close-period]').isDisabled()).toBe(true);
      expect(await page.locator('[data-test=close-hint]').innerText()).toContain('有检查项未通过');
      await screenshot(page, '41-close-checks-failed');

      // the draft discarded by its preparer: checked again, every check passes
      expect((await t.api.delete(`${world.base}/entries/${draft.body.id}`, world.accountant.token)).status).toBe(204);
      await page.locator('[data-test=close-checks] button', { hasText: '重新检查' }).click();
      await page.waitForFunction("document.querySelector('[data-test=check-list]')?.textContent?.includes('本期没有待审核或待记账的凭证')");
      expect(await page.locator('[data-test=close-period]').isDisabled()).toBe(false);
      const results = (await page.locator('[data-test=check-list] [data-test=check-result]').allInnerTexts()).map((r) => r.trim());
      expect(results).toEqual(MONTH.endsWith('-12') ? ['通过', '通过', '通过', '通过', '将执行'] : ['通过', '通过', '通过', '通过']);
      const balance = await cells(checks.filter({ hasText: '试算平衡' }));
      expect(balance[2]).toMatch(/借贷相等。$/);
      await screenshot(page, '42-close-checks-passed');

      await page.locator('[data-test=close-period]').click();
      await page.locator('.el-message-box__btns button', { hasText: '确认结账' }).click();
      await page.locator('[data-test=close-result]').waitFor();
      const periods = await cells(page.locator('[data-test=periods] .el-table__body tr', { hasText: MONTH }));
      expect(periods[1]).toBe('已结账');
      const closing = await page.locator('[data-test=close-result]').innerText();
      expect(closing).toContain(`结账结果：${MONTH}`);
      expect(closing).toContain('结账前检查（本期尚未结账、以前期间均已结账、本期凭证均已记账、试算平衡）均已通过');
      await screenshot(page, '43-period-closed');
    });
    const listed = (await api('/periods')).body;
    expect(listed.find((p: { period: string }) => p.period === MONTH).status).toBe('closed');
  }, 120_000);
});
