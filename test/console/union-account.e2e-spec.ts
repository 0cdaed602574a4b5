import { readFileSync } from 'node:fs';
import type { Browser, Page, Response } from 'playwright-core';
import { newBudgetWorld, TODAY, YEAR } from '../support/budget-fixtures.js';
import { newUser, PASSWORD } from '../support/fixtures.js';
import { describeInBrowser, group, inBrowser, loginAs, openFromMenu, rows, screenshot, startConsole } from '../support/console-browser.js';
import type { TestApp } from '../support/test-app.js';

/**
 * 分户账 and 财务公开 in a real browser against the app on a test database: a union's treasurer sees the union's
 * balances exactly as the API's trial balance of the union, the bank account's detail ledger ending on the API's
 * closing balance, a voucher posted afterwards moving the balance shown, and the budget execution as a chart and a
 * table; a member reads the union's disclosure and downloads its PDF; the centre's staff must pick a union first.
 */

const MONTH = TODAY.slice(0, 7);
const FROM = `${YEAR}-01`;

const BUDGET_LINES = [
  { kind: 'income', categoryCode: '402', amount: '60000.00' },
  { kind: 'expenditure', fundType: 'basic', categoryCode: '501', amount: '30000.00' },
  { kind: 'expenditure', fundType: 'basic', categoryCode: '502', amount: '5000.00' },
  { kind: 'expenditure', fundType: 'project', categoryCode: '505', projectName: '职工书屋', purpose: '购置图书与书架', amount: '8000.00' },
];

describeInBrowser('web console: a union’s sub-account (分户账) and its disclosure (财务公开)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let w: Awaited<ReturnType<typeof newBudgetWorld>>;

  beforeAll(async () => {
    ({ t, base, browser } = await startConsole());
    w = await newBudgetWorld(t, '50000.00');
    // the federation spends on a claim (paid) and has another approved but unpaid (committed)
    const activity = await w.item({ code: 'SPORT', name: '职工文体活动', categoryCode: '501' });
    const budget = await w.approvedBudget(w.federation.id, BUDGET_LINES);
    const line501 = budget.lines.find((line) => line.categoryCode === '501')!.id;
    await w.spendByClaim({
      payee: '杭州某某体育用品有限公司', amount: '3600.50', positiveListItemId: activity.id, budgetLineId: line501,
      purpose: '职工羽毛球比赛用品', memberCount: 30,
    });
    const held = await w.raise({
      payee: '某某文化传媒有限公司', amount: '1200.00', positiveListItemId: activity.id, budgetLineId: line501, purpose: '职工读书活动', memberCount: 20,
    });
    expect((await w.approve(held.body.id)).status).toBe(200);
    // another union's money in the same centre: never on the federation's books
    expect((await w.receive(w.unionA.id, '777.77', TODAY)).status).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const answered = (page: Page, path: string) =>
    page.waitForResponse((response: Response) => response.url().includes(path) && response.request().method() === 'GET');

  const trialBalance = async () => {
    const response = await t.api.get(`${w.base}/reports/trial-balance?from=${FROM}&to=${MONTH}&unionId=${w.federation.id}`, w.treasurer.token);
    expect(response.status).toBe(200);
    return response.body as { rows: Array<Record<string, string>>; totals: Record<string, string> };
  };

  const CATEGORY: Record<string, string> = { asset: '资产类', liability: '负债类', net_assets: '净资产类', income: '收入类', expenditure: '支出类' };
  const AMOUNTS = ['openingDebit', 'openingCredit', 'periodDebit', 'periodCredit', 'closingDebit', 'closingCredit'];

  async function expectBalancesAsApi(page: Page) {
    const api = await trialBalance();
    await page.waitForSelector('[data-test=balances] .el-table__body tr');
    const shown = await rows(page, '[data-test=balances] .el-table__body tr');
    expect(shown).toEqual(api.rows.map((row) => [row.code, row.name, CATEGORY[row.category], ...AMOUNTS.map((key) => group(row[key]))]));
    const totals = (await rows(page, '[data-test=balances] .el-table__footer tr'))[0];
    expect(totals).toEqual(['合计', '', '', ...AMOUNTS.map((key) => group(api.totals[key]))]);
    return api;
  }

  it('the treasurer sees the union’s balances, the bank ledger and budget execution as the API reports them', async () => {
    await inBrowser(browser, 'union-account', async (page) => {
      await loginAs(page, base, w.treasurer.username, PASSWORD);
      const menu = await page.locator('[data-test=menu] .el-menu-item').allInnerTexts();
      expect(menu).toEqual(expect.arrayContaining(['分户账', '财务公开']));
      expect(menu).not.toContain('凭证录入');
      expect(menu).not.toContain('凭证审核');

      const loaded = answered(page, '/reports/trial-balance');
      await openFromMenu(page, '分户账', /\/union\/account$/);
      await loaded;
      expect(await page.locator('[data-test=union-title]').innerText()).toContain(w.federation.name);
      const before = await expectBalancesAsApi(page);
      const bank = before.rows.find((row) => row.code === '102')!;
      expect(bank.closingDebit).toBe('46399.50'); // 50,000.00 received − 3,600.50 paid; union A's 777.77 is not here
      // amounts are right-aligned
      expect(await page.locator('[data-test=balances] .el-table__body tr td').nth(3).getAttribute('class')).toContain('is-right');
      await screenshot(page, 'union-account-balances');
      const [sheet] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=tb-export]').click()]);
      expect(sheet.suggestedFilename()).toBe(`科目余额表-${w.federation.name}-${FROM}至${MONTH}.xlsx`);
      expect(readFileSync((await sheet.path())!).subarray(0, 2).toString('latin1')).toBe('PK');
      const [printed] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=tb-pdf]').click()]);
      expect(readFileSync((await printed.path())!).subarray(0, 5).toString('latin1')).toBe('%PDF-');

      // 明细账 of the bank account (the default account): the last line's running balance is the API's closing balance
      const ledgerLoaded = answered(page, '/reports/account-ledger');
      await page.locator('.el-tabs__item', { hasText: '明细账' }).click();
      const ledger = await (await ledgerLoaded).json();
      expect(ledger.account.code).toBe('102');
      await page.waitForSelector('[data-test=ledger] .el-table__body tr');
      const lines = await rows(page, '[data-test=ledger] .el-table__body tr');
      expect(lines).toHaveLength(ledger.rows.length);
      expect(lines.at(-1)!.at(-1)).toBe(group(ledger.closingBalance));
      expect(lines.at(-1)!.at(-1)).toBe('46,399.50');
      expect(await page.locator('[data-test=ledger-closing]').innerText()).toBe('46,399.50');
      expect(await page.locator('[data-test=ledger-opening]').innerText()).toBe(group(ledger.openingBalance));
      const footer = (await rows(page, '[data-test=ledger] .el-table__footer tr'))[0];
      expect(footer.slice(-3)).toEqual([group(ledger.periodDebit), group(ledger.periodCredit), group(ledger.closingBalance)]);
      await screenshot(page, 'union-account-ledger');
      const [ledgerSheet] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=ledger-export]').click()]);
      expect(ledgerSheet.suggestedFilename()).toMatch(/^明细账-102银行存款-.*\.xlsx$/);

      // the picker searches by name: 拨缴经费收入 with its sub-accounts
      await page.locator('[data-test=ledger-account]').click();
      await page.keyboard.type('经费收入');
      await page.waitForSelector('.el-select-dropdown__item.is-hovering:visible');
      const otherLoaded = answered(page, '/reports/account-ledger');
      await page.keyboard.press('Enter');
      const other = await (await otherLoaded).json();
      expect(other.account.code).toMatch(/^402/);
      await page.waitForFunction(`document.querySelector('[data-test=ledger-summary]')?.innerText.includes('${other.account.name}')`);

      // a voucher posted through the API afterwards: after a reload the balance shown moves with it
      expect((await w.receive(w.federation.id, '1234.56', TODAY)).status).toBe(200);
      const reloaded = answered(page, '/reports/trial-balance');
      await page.reload();
      await reloaded;
      const after = await expectBalancesAsApi(page);
      expect(after.rows.find((row) => row.code === '102')!.closingDebit).toBe('47634.06');
      const bankRow = (await rows(page, '[data-test=balances] .el-table__body tr')).find((row) => row[0] === '102')!;
      expect(bankRow.at(-2)).toBe('47,634.06');

      // 预算执行: the chart (a canvas) and the table's figures as the API's
      const executionLoaded = answered(page, '/budget-execution');
      await page.locator('.el-tabs__item', { hasText: '预算执行' }).click();
      const execution = await (await executionLoaded).json();
      await page.waitForSelector('[data-test=chart] canvas');
      const expenditure = execution.lines.filter((line: { kind: string }) => line.kind === 'expenditure');
      const shownRows = await rows(page, '[data-test=budget-expenditure] .el-table__body tr');
      expect(shownRows).toHaveLength(expenditure.length);
      const row501 = shownRows.find((row) => row[2].startsWith('501'))!;
      const api501 = expenditure.find((line: { categoryCode: string }) => line.categoryCode === '501');
      expect(api501).toEqual(expect.objectContaining({ adjustedBudget: '30000.00', committed: '1200.00', spent: '3600.50', available: '25199.50' }));
      expect(row501.slice(3)).toEqual([
        group(api501.budget), group(api501.adjustedBudget), group(api501.committed), group(api501.spent), group(api501.available), `${api501.percentExecuted}%`,
      ]);
      const expenditureTotals = (await rows(page, '[data-test=budget-expenditure] .el-table__footer tr'))[0];
      expect(expenditureTotals.slice(3, 8)).toEqual(
        ['budget', 'adjustedBudget', 'committed', 'spent', 'available'].map((key) => group(execution.expenditure[key])),
      );
      const income = (await rows(page, '[data-test=budget-income] .el-table__body tr'))[0];
      expect(income[1]).toMatch(/^402/);
      const api402 = execution.lines.find((line: { categoryCode: string }) => line.categoryCode === '402');
      expect(income.slice(2, 5)).toEqual([group(api402.budget), group(api402.adjustedBudget), group(api402.spent)]);
      // the tooltip of a line's bars prints the API's amounts
      const chart = (await page.locator('[data-test=chart] canvas').boundingBox())!;
      const index501 = expenditure.findIndex((line: { categoryCode: string }) => line.categoryCode === '501');
      await page.mouse.move(chart.x + (chart.width * (index501 + 0.5)) / expenditure.length, chart.y + chart.height * 0.6);
      const tooltip = page.locator('[data-test=chart] div', { hasText: '调整后预算：' }).last();
      await tooltip.waitFor();
      const tip = await tooltip.innerText();
      for (const part of [`调整后预算：${group(api501.adjustedBudget)} 元`, `已支出：${group(api501.spent)} 元`, `已承诺：${group(api501.committed)} 元`]) {
        expect(tip).toContain(part);
      }
      // the whole tab in one picture: a taller window, as the page scrolls inside the layout
      await page.setViewportSize({ width: 1440, height: 1500 });
      await page.waitForTimeout(500); // the chart's resize and the bars' animation
      await screenshot(page, 'union-account-budget');
    }, { acceptDownloads: true });
  }, 180_000);

  it('the centre’s accountant picks a union in the header before a sub-account is shown', async () => {
    await inBrowser(browser, 'union-account-staff', async (page) => {
      await loginAs(page, base, w.accountant.username, PASSWORD);
      await openFromMenu(page, '分户账', /\/union\/account$/);
      await page.waitForSelector('[data-test=choose-union]');
      const loaded = answered(page, '/reports/trial-balance');
      await page.locator('[data-test=union-switcher]').click();
      await page.keyboard.type(w.federation.code);
      await page.locator('.el-select-dropdown__item:visible', { hasText: w.federation.code }).click();
      expect((await loaded).url()).toContain(`unionId=${w.federation.id}`);
      await expectBalancesAsApi(page);
    });
  }, 120_000);

  it('a member reads the union’s disclosure and downloads its PDF', async () => {
    const member = await newUser(t, w.centre.id, 'member', { unionId: w.federation.id });
    const disclosure = (await t.api.get(`${w.base}/reports/disclosure/${w.federation.id}?from=${FROM}&to=${MONTH}`, member.token)).body;
    expect(disclosure.totalExpenditure).toBe('3600.50');

    await inBrowser(browser, 'disclosure', async (page) => {
      await loginAs(page, base, member.username, PASSWORD);
      const menu = await page.locator('[data-test=menu] .el-menu-item').allInnerTexts();
      expect(menu).toContain('财务公开');
      expect(menu).not.toContain('分户账');
      await openFromMenu(page, '财务公开', /\/disclosure$/);
      await page.waitForSelector('[data-test=disclosure]');
      expect(await page.locator('.sheet-title').innerText()).toContain(w.federation.name);
      expect(await page.locator('[data-test=total-income]').innerText()).toBe(group(disclosure.totalIncome));
      expect(await page.locator('[data-test=total-expenditure]').innerText()).toBe('3,600.50');
      expect(await page.locator('[data-test=fund-start]').innerText()).toBe(group(disclosure.fundBalanceStart));
      expect(await page.locator('[data-test=fund-end]').innerText()).toBe(group(disclosure.fundBalanceEnd));
      const spent = await rows(page, '[data-test=disclosure-expenditure] .el-table__body tr');
      expect(spent).toEqual(disclosure.expenditure.map((line: { code: string; category: string; amount: string }) => [line.code, line.category, group(line.amount)]));
      const incomeTotal = (await rows(page, '[data-test=disclosure-income] .el-table__footer tr'))[0];
      expect(incomeTotal).toEqual(['收入合计', '', group(disclosure.totalIncome)]);
      await screenshot(page, 'disclosure');

      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download-pdf]').click()]);
      expect(download.suggestedFilename()).toMatch(/^财务公开-.*\.pdf$/);
      const bytes = readFileSync((await download.path())!);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.length).toBeGreaterThan(1000);
      const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download-csv]').click()]);
      expect(readFileSync((await csv.path())!, 'utf8')).toContain('3600.50');
    }, { acceptDownloads: true });
  }, 120_000);
});
