import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { newBudgetWorld, YEAR } from '../support/budget-fixtures.js';
import { newUnion, newUser, PASSWORD } from '../support/fixtures.js';
import { cells, describeInBrowser, inBrowser, loginAs, openFromMenu, screenshot, startConsole } from '../support/console-browser.js';
import type { TestApp } from '../support/test-app.js';

/**
 * Budgets and spending claims in the browser: the supervisor approves a submitted budget; the treasurer raises a
 * claim that overdraws its budget line and reads why, with the amounts, then one that fits; the chair approves it and
 * the accountant pays it, and the budget's committed and spent follow each step. Also the positive list.
 */

const LINES = [
  { kind: 'income', categoryCode: '402', amount: '60000.00' },
  { kind: 'expenditure', fundType: 'basic', categoryCode: '501', amount: '5000.00' },
  { kind: 'expenditure', fundType: 'basic', categoryCode: '502', amount: '3000.00' },
  { kind: 'expenditure', fundType: 'project', categoryCode: '505', projectName: '职工书屋', purpose: '购置图书与书架', amount: '8000.00' },
];

describeInBrowser('web console: budgets and spending claims in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let w: Awaited<ReturnType<typeof newBudgetWorld>>;
  let budgetId: string;
  let line501: string;

  beforeAll(async () => {
    ({ t, base, browser } = await startConsole());
    w = await newBudgetWorld(t);
    await w.item({ code: 'SPRING', name: '春节慰问', categoryCode: '501', capPerMemberYear: '500.00', capPerEvent: '20000.00' });
    await w.item({ code: 'HARDSHIP', name: '困难帮扶', categoryCode: '502' });
    // the treasurer drafts and submits through the API; the supervisor decides in the console
    const draft = await t.api.post(`${w.base}/budgets`, w.treasurer.token, { unionId: w.federation.id, year: YEAR, lines: LINES, memo: '年度工会经费收支预算' });
    expect(draft.status).toBe(201);
    budgetId = draft.body.id;
    line501 = draft.body.lines.find((l: { categoryCode: string }) => l.categoryCode === '501').id;
    expect((await t.api.post(`${w.base}/budgets/${budgetId}/submit`, w.treasurer.token, {})).status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** An el-input or el-input-number's own input (or textarea), whichever element carries the data-test. */
  const field = (page: Page, name: string) =>
    page.locator(`input[data-test=${name}], textarea[data-test=${name}], [data-test=${name}] input, [data-test=${name}] textarea`).first();

  /** Opens a select and clicks the option with this text. */
  async function choose(page: Page, name: string, option: string) {
    await page.locator(`[data-test=${name}]`).first().click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
  }


  /** The budget's 501 line in the detail tab: [committed, spent, available] as shown. */
  async function line501Figures(page: Page) {
    const row = page.locator('[data-test=expenditure-lines] .el-table__body tr', { hasText: '501' }).first();
    return [
      await row.locator('[data-test=committed]').innerText(),
      await row.locator('[data-test=spent]').innerText(),
      await row.locator('[data-test=available]').innerText(),
    ];
  }

  async function openBudget(page: Page) {
    await openFromMenu(page, '预算管理', /\/budgets$/);
    const row = page.locator('[data-test=budgets] .el-table__body tr', { hasText: w.federation.name });
    await row.locator('[data-test=open-budget]').click();
    await page.waitForSelector('[data-test=expenditure-lines] .el-table__body tr');
  }

  it('the supervisor approves the submitted budget; its lines and totals are shown', async () => {
    await inBrowser(browser, 'budgets', async (page) => {
      await loginAs(page, base, w.supervisor.username, PASSWORD);
      await openFromMenu(page, '预算管理', /\/budgets$/);
      const row = page.locator('[data-test=budgets] .el-table__body tr', { hasText: w.federation.name });
      await row.waitFor();
      expect(await row.locator('[data-test=budget-status]').innerText()).toBe('待审批');
      const listed = await cells(row);
      expect(listed).toEqual(expect.arrayContaining([String(YEAR), '60,000.00', '16,000.00']));
      await screenshot(page, 'budgets-list');
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export]').click()]);
      expect(download.suggestedFilename()).toBe(`预算-${YEAR}.xlsx`);

      await row.locator('[data-test=open-budget]').click();
      await page.waitForSelector('[data-test=expenditure-lines] .el-table__body tr');
      expect(await page.locator('[data-test=budget-title]').innerText()).toContain(`${YEAR}年度预算`);
      const expenditure = await page.locator('[data-test=expenditure-lines] .el-table__body tr').allInnerTexts();
      expect(expenditure).toHaveLength(3);
      expect(expenditure[2]).toContain('项目支出');
      expect(expenditure[2]).toContain('职工书屋');
      expect(expenditure[2]).toContain('8,000.00');
      const totals = await cells(page.locator('[data-test=expenditure-lines] .el-table__footer tr'));
      expect(totals[0]).toBe('合计');
      expect(totals).toContain('16,000.00');
      // amounts are right-aligned
      const amountCell = page.locator('[data-test=expenditure-lines] .el-table__body tr').first().locator('td').nth(4);
      expect(await amountCell.getAttribute('class')).toContain('is-right');

      await page.locator('[data-test=approve-budget]').click();
      await page.waitForSelector('[data-test=detail-status]:has-text("已批准")');
      expect(await page.locator('[data-test=budget-title]').innerText()).toContain('第 1 版');
      await page.locator('.el-tabs__item', { hasText: '版本记录' }).click();
      await page.waitForSelector('[data-test=versions] .el-table__body tr');
      expect(await page.locator('[data-test=versions] .el-table__body tr').first().innerText()).toContain('年初预算批准');
      await page.locator('.el-tabs__item', { hasText: '预算明细' }).click();
      await screenshot(page, 'budgets-detail');
    }, { acceptDownloads: true });
    const approved = (await t.api.get(`${w.base}/budgets/${budgetId}`, w.treasurer.token)).body;
    expect(approved).toEqual(expect.objectContaining({ status: 'approved', version: 1, approvedBy: w.supervisor.id }));
  }, 120_000);

  it('the treasurer reads why an overdrawing claim is refused, raises one that fits; the chair approves, the accountant pays', async () => {
    await inBrowser(browser, 'claims-raise', async (page) => {
      await loginAs(page, base, w.treasurer.username, PASSWORD);
      await openFromMenu(page, '经费支出申请', /\/spending-claims$/);
      await page.locator('[data-test=new-claim]').click();
      await field(page, 'payee').fill('杭州某某商贸有限公司');
      await field(page, 'amount').fill('6000');
      await choose(page, 'item', '春节慰问（SPRING）');
      expect(await page.locator('[data-test=item-caps]').innerText()).toContain('每次活动 20,000.00 元');
      // the only 501 line of the approved budget is taken by itself
      await page.waitForFunction(`document.querySelector('[data-test=budget-line]')?.innerText.includes('可用 5,000.00')`);
      await field(page, 'purpose').fill(`${YEAR}年春节职工慰问品`);
      await field(page, 'member-count').fill('30');
      await field(page, 'attachments').fill('发票 No.04412345\n慰问名单.xlsx');
      await page.locator('[data-test=raise]').click();

      await page.waitForSelector('[data-test=refusal]');
      const refusal = await page.locator('[data-test=refusal]').innerText();
      expect(refusal).toContain('超出预算');
      expect(refusal).toContain('可用余额 5,000.00 元');
      expect(refusal).toContain('本次申请 6,000.00 元');
      const figures = await page.locator('[data-test=refusal-figures]').innerText();
      for (const part of ['调整后预算', '5,000.00', '已支出', '已占用', '可用余额', '本次申请', '6,000.00']) expect(figures).toContain(part);
      await screenshot(page, 'claims-form-refused');

      // one that fits: typed as 1234.5, shown as 1,234.50; sent with the form's Idempotency-Key
      await field(page, 'amount').fill('1234.5');
      await field(page, 'amount').blur();
      expect(await field(page, 'amount').inputValue()).toBe('1,234.50');
      const raised = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/spending-claims'));
      await page.locator('[data-test=raise]').click();
      expect((await raised).headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
      const row = page.locator('[data-test=claims] .el-table__body tr', { hasText: '杭州某某商贸有限公司' });
      await row.waitFor();
      expect(await row.locator('[data-test=claim-status]').innerText()).toBe('待主席审批');
      const shown = await cells(row);
      expect(shown).toEqual(expect.arrayContaining([`${YEAR}-0001`, '春节慰问', '501 职工活动支出', '1,234.50']));
      // the raiser may take it back, not approve it
      expect(await row.locator('[data-test=withdraw]').count()).toBe(1);
      expect(await row.locator('[data-test=approve]').count()).toBe(0);
      await screenshot(page, 'claims-list');
    });
    const claims = (await t.api.get(`${w.base}/spending-claims`, w.treasurer.token)).body;
    expect(claims.items).toEqual([
      expect.objectContaining({ amount: '1234.50', budgetLineId: line501, memberCount: 30, attachments: ['发票 No.04412345', '慰问名单.xlsx'], status: 'submitted' }),
    ]);

    await inBrowser(browser, 'claims-approve', async (page) => {
      await loginAs(page, base, w.chair.username, PASSWORD);
      await openFromMenu(page, '经费支出申请', /\/spending-claims$/);
      const row = page.locator('[data-test=claims] .el-table__body tr', { hasText: '杭州某某商贸有限公司' });
      await row.waitFor();
      await screenshot(page, 'claims-chair');
      await row.locator('[data-test=approve]').click();
      await page.waitForSelector('[data-test=claims] [data-test=claim-status]:has-text("待中心支付")');
      // the budget holds the approved amount
      await openBudget(page);
      expect(await line501Figures(page)).toEqual(['1,234.50', '0.00', '3,765.50']);
    });

    await inBrowser(browser, 'claims-pay', async (page) => {
      await loginAs(page, base, w.accountant.username, PASSWORD);
      await openFromMenu(page, '经费支出申请', /\/spending-claims$/);
      const row = page.locator('[data-test=claims] .el-table__body tr', { hasText: '杭州某某商贸有限公司' });
      await row.locator('[data-test=pay]').click();
      await page.locator('[data-test=confirm-pay]').waitFor();
      await screenshot(page, 'claims-pay');
      await page.locator('[data-test=confirm-pay]').click();
      await page.waitForSelector('[data-test=claims] [data-test=claim-status]:has-text("已支付")');
      await openBudget(page);
      expect(await line501Figures(page)).toEqual(['0.00', '1,234.50', '3,765.50']);
      await screenshot(page, 'budgets-detail-paid');
    });
    const paid = (await t.api.get(`${w.base}/spending-claims`, w.accountant.token)).body.items[0];
    expect(paid).toEqual(expect.objectContaining({ status: 'posted', postedBy: w.accountant.id, entryId: expect.any(String) }));
  }, 180_000);

  it('the treasurer asks to move 1,000.00 from 502 to 501; the supervisor approves it and version 2 is listed', async () => {
    await inBrowser(browser, 'adjustment-request', async (page) => {
      await loginAs(page, base, w.treasurer.username, PASSWORD);
      await openBudget(page);
      await page.locator('[data-test=request-adjustment]').click();
      await field(page, 'adjust-reason').fill('春节慰问人数增加，压减职工服务支出');
      const changes = page.locator('[data-test=adjust-lines] .el-table__body tr');
      await changes.nth(1).locator('input').fill('1000');
      await changes.nth(2).locator('input').fill('-1000');
      expect(await changes.nth(1).innerText()).toContain('6,000.00');
      expect(await changes.nth(2).innerText()).toContain('2,000.00');
      await screenshot(page, 'budgets-adjustment-form');
      await page.locator('[data-test=send-adjustment]').click();
      await page.waitForSelector('[data-test=adjustments] .el-table__body tr');
      expect(await page.locator('[data-test=adjustments] .el-table__body tr').first().innerText()).toContain('待审批');
    });
    await inBrowser(browser, 'adjustment-approve', async (page) => {
      await loginAs(page, base, w.supervisor.username, PASSWORD);
      await openBudget(page);
      await page.locator('.el-tabs__item', { hasText: '预算调整' }).click();
      const row = page.locator('[data-test=adjustments] .el-table__body tr').first();
      expect(await row.innerText()).toContain('+1,000.00');
      expect(await row.innerText()).toContain('-1,000.00');
      await row.locator('[data-test=approve-adjustment]').click();
      await page.waitForSelector('[data-test=adjustments] .el-table__body tr:has-text("生成第 2 版")');
      await screenshot(page, 'budgets-adjustments');
      await page.locator('.el-tabs__item', { hasText: '版本记录' }).click();
      expect(await page.locator('[data-test=versions] .el-table__body tr').count()).toBe(2);
      await page.locator('.el-tabs__item', { hasText: '预算明细' }).click();
      // 501: 6,000.00 now, of which 1,234.50 spent
      expect(await line501Figures(page)).toEqual(['0.00', '1,234.50', '4,765.50']);
    });
  }, 120_000);

  it('a claim sent twice with the same Idempotency-Key is raised once; the key is bound to who raised it', async () => {
    const hardship = (await t.api.get(`${w.base}/positive-list`, w.treasurer.token)).body.find((i: { code: string }) => i.code === 'HARDSHIP');
    const budget = (await t.api.get(`${w.base}/budgets/${budgetId}`, w.treasurer.token)).body;
    const line502 = budget.lines.find((l: { categoryCode: string }) => l.categoryCode === '502').id;
    const body = { payee: '某某药店', amount: '99.99', positiveListItemId: hardship.id, budgetLineId: line502, purpose: '困难职工帮扶' };
    const send = (token = w.treasurer.token) => t.api.post(`${w.base}/spending-claims`, token, body).set('Idempotency-Key', `raise-${budgetId}`);
    const first = await send();
    expect(first.status).toBe(201);
    const again = await send();
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect((await send(w.chair.token)).status).toBe(409);
  }, 30_000);

  it('the claims list is sorted by the API over all pages: a click on 金额 asks for sort=amount', async () => {
    const budget = (await t.api.get(`${w.base}/budgets/${budgetId}`, w.treasurer.token)).body;
    const line502 = budget.lines.find((l: { categoryCode: string }) => l.categoryCode === '502').id;
    const hardship = (await t.api.get(`${w.base}/positive-list`, w.treasurer.token)).body.find((i: { code: string }) => i.code === 'HARDSHIP');
    // the 99.99 claim was raised by the test before
    expect((await w.raise({ payee: '某某超市', amount: '300.00', positiveListItemId: hardship.id, budgetLineId: line502, purpose: '困难职工帮扶' })).status).toBe(201);
    const byAmount = (await t.api.get(`${w.base}/spending-claims?sort=amount`, w.treasurer.token)).body.items.map((c: { amount: string }) => c.amount);
    expect(byAmount).toEqual(['99.99', '300.00', '1234.50']);
    expect((await t.api.get(`${w.base}/spending-claims?sort=amount;drop`, w.treasurer.token)).status).toBe(400);

    await inBrowser(browser, 'claims-sort', async (page) => {
      await loginAs(page, base, w.treasurer.username, PASSWORD);
      await openFromMenu(page, '经费支出申请', /\/spending-claims$/);
      await page.waitForSelector('[data-test=claims] .el-table__body tr:has-text("某某超市")');
      const amounts = () => page.locator('[data-test=claims] .el-table__body tr td.is-right').allInnerTexts();
      // newest first until a column is chosen
      expect(await amounts()).toEqual(['300.00', '99.99', '1,234.50']);
      const sorted = page.waitForResponse((r) => r.url().includes('/spending-claims?') && r.url().includes('sort=amount'));
      await page.locator('[data-test=claims] th', { hasText: '金额' }).click();
      await sorted;
      await page.waitForFunction(`document.querySelector('[data-test=claims] .el-table__body tr td.is-right')?.innerText.trim() === '99.99'`);
      expect(await amounts()).toEqual(['99.99', '300.00', '1,234.50']);
      const descending = page.waitForResponse((r) => r.url().includes('sort=-amount'));
      await page.locator('[data-test=claims] th', { hasText: '金额' }).click();
      await descending;
      await page.waitForFunction(`document.querySelector('[data-test=claims] .el-table__body tr td.is-right')?.innerText.trim() === '1,234.50'`);
      expect(await amounts()).toEqual(['1,234.50', '300.00', '99.99']);
    });
  }, 60_000);

  it('a treasurer draws up a budget in the form (amounts typed as 8000.5, totals live) and submits it', async () => {
    const treasurerA = await newUser(t, w.centre.id, 'union_treasurer', { unionId: w.unionA.id });
    await inBrowser(browser, 'budget-form', async (page) => {
      await loginAs(page, base, treasurerA.username, PASSWORD);
      await openFromMenu(page, '预算管理', /\/budgets$/);
      await page.locator('[data-test=new-budget]').click();
      const rows = page.locator('[data-test=form-lines] .el-table__body tr');
      await rows.first().waitFor();
      const pickCategory = async (row: number, code: string) => {
        await rows.nth(row).locator('[data-test=line-category]').first().click();
        await page.locator('.el-select-dropdown__item:visible', { hasText: code }).first().click();
      };
      await pickCategory(0, '402');
      await rows.nth(0).locator('input[data-test=line-amount], [data-test=line-amount] input').first().fill('12000');
      await pickCategory(1, '501');
      const amount = rows.nth(1).locator('input[data-test=line-amount], [data-test=line-amount] input').first();
      await amount.fill('8000.5');
      await amount.blur();
      expect(await amount.inputValue()).toBe('8,000.50');
      expect(await page.locator('[data-test=form-income-total]').innerText()).toBe('12,000.00');
      expect(await page.locator('[data-test=form-expenditure-total]').innerText()).toBe('8,000.50');
      await screenshot(page, 'budgets-form');
      await page.locator('[data-test=save-draft]').click();
      await page.waitForSelector('[data-test=detail-status]:has-text("草稿")');
      await page.locator('[data-test=submit-budget]').click();
      await page.waitForSelector('[data-test=detail-status]:has-text("待审批")');
    });
    const [budget] = (await t.api.get(`${w.base}/budgets?unionId=${w.unionA.id}`, treasurerA.token)).body.items;
    expect(budget).toEqual(expect.objectContaining({ status: 'submitted', year: YEAR, incomeTotal: '12000.00', expenditureTotal: '8000.50', createdBy: treasurerA.id }));
    expect(budget.lines[1]).toEqual(expect.objectContaining({ kind: 'expenditure', fundType: 'basic', categoryCode: '501', originalAmount: '8000.50' }));
  }, 60_000);

  it('the positive list shows the items in force with their caps', async () => {
    await inBrowser(browser, 'positive-list', async (page) => {
      await loginAs(page, base, w.treasurer.username, PASSWORD);
      await openFromMenu(page, '正面清单', /\/positive-list$/);
      await page.waitForSelector('[data-test=items] .el-table__body tr');
      const rows = await page.locator('[data-test=items] .el-table__body tr').allInnerTexts();
      expect(rows).toHaveLength(2);
      const spring = rows.find((row) => row.includes('SPRING'))!;
      for (const part of ['春节慰问', '501', '20,000.00', '500.00', `${YEAR}-01-01`]) expect(spring).toContain(part);
      await screenshot(page, 'positive-list');
      expect(await page.locator('[data-test=new-item]').count()).toBe(0);
    });
    // the centre's staff put an item on the list
    await inBrowser(browser, 'positive-list-add', async (page) => {
      await loginAs(page, base, w.accountant.username, PASSWORD);
      await openFromMenu(page, '正面清单', /\/positive-list$/);
      await page.locator('[data-test=new-item]').click();
      const form = page.locator('[data-test=item-form]');
      await form.locator('input').nth(0).fill('BOOKS');
      await form.locator('input').nth(1).fill('职工书屋图书');
      await form.locator('.el-select').first().click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: '505' }).first().click();
      await form.locator('input').nth(3).fill('3000');
      await page.locator('[data-test=save-item]').click();
      const row = page.locator('[data-test=items] .el-table__body tr', { hasText: 'BOOKS' });
      await row.waitFor();
      expect(await row.innerText()).toContain('3,000.00');
      await screenshot(page, 'positive-list-staff');
    });
    const books = (await t.api.get(`${w.base}/positive-list`, w.treasurer.token)).body.find((i: { code: string }) => i.code === 'BOOKS');
    expect(books).toEqual(expect.objectContaining({ name: '职工书屋图书', categoryCode: '505', capPerEvent: '3000.00', capPerMemberYear: null }));
  }, 90_000);

  it('the budgets list is filtered and sorted by the API, 已退回 and 草稿 told apart, and exported as filtered', async () => {
    // four more unions' budgets of the year: a draft, one sent back, two waiting, each with its own income total
    for (let i = 0; i < 4; i += 1) {
      const union = await newUnion(t.api, w.accountant.token, w.centre.id, { parentUnionId: w.street.id, name: `预算列表测试工会${i}` });
      const draft = await t.api.post(`${w.base}/budgets`, w.accountant.token, {
        unionId: union.id, year: YEAR, lines: [
          { kind: 'income', categoryCode: '402', amount: `${(i + 1) * 1000}.00` },
          { kind: 'expenditure', fundType: 'basic', categoryCode: '501', amount: '100.00' },
        ],
      });
      expect(draft.status).toBe(201);
      if (i === 0) continue;
      expect((await t.api.post(`${w.base}/budgets/${draft.body.id}/submit`, w.accountant.token, {})).status).toBe(200);
      if (i === 1) expect((await t.api.post(`${w.base}/budgets/${draft.body.id}/return`, w.supervisor.token, { reason: '请补充项目依据' })).status).toBe(200);
    }
    const api = async (query: string) => {
      const response = await t.api.get(`${w.base}/budgets?year=${YEAR}&${query}`, w.supervisor.token);
      expect(response.status).toBe(200);
      return response.body as { items: Array<{ unionName: string }>; total: number };
    };
    const unionsOf = (body: { items: Array<{ unionName: string }> }) => body.items.map((b) => b.unionName);

    await inBrowser(browser, 'budgets-list-api', async (page) => {
      const budgetsAsked = (test: (url: URL) => boolean) =>
        page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/budgets') && r.request().method() === 'GET' && test(new URL(r.url())));
      const rowsShown = () => page.locator('[data-test=budgets] .el-table__body tr.el-table__row');
      const shownUnions = async () => (await rowsShown().allInnerTexts()).map((row) => row.split('\t')[0].trim());
      const waitForRows = (count: number) => page.waitForFunction(`document.querySelectorAll('[data-test=budgets] .el-table__body tr.el-table__row').length === ${count}`);

      await loginAs(page, base, w.supervisor.username, PASSWORD);
      await openFromMenu(page, '预算管理', /\/budgets$/);
      const everything = await api('');
      await waitForRows(everything.items.length);
      expect(await shownUnions()).toEqual(unionsOf(everything));
      expect(await page.locator('.el-pagination__total').innerText()).toContain(String(everything.total));

      const byIncome = budgetsAsked((url) => url.searchParams.get('sort') === 'incomeTotal');
      await page.locator('[data-test=budgets] th', { hasText: '收入预算合计' }).locator('.sort-caret.ascending').click();
      await byIncome;
      const sorted = await api('sort=incomeTotal');
      expect(unionsOf(sorted)[0]).toBe('预算列表测试工会0');
      await page.waitForFunction(`document.querySelector('[data-test=budgets] .el-table__body tr.el-table__row')?.innerText.includes('预算列表测试工会0')`);
      expect(await shownUnions()).toEqual(unionsOf(sorted));

      const returned = budgetsAsked((url) => url.searchParams.get('status') === 'draft' && url.searchParams.get('returned') === 'true');
      await choose(page, 'status', '已退回');
      await returned;
      await waitForRows(1);
      expect(await shownUnions()).toEqual(['预算列表测试工会1']);
      expect(await rowsShown().first().locator('[data-test=budget-status]').innerText()).toBe('已退回');

      const drafts = budgetsAsked((url) => url.searchParams.get('status') === 'draft' && url.searchParams.get('returned') === 'false');
      await choose(page, 'status', '草稿');
      await drafts;
      const apiDrafts = await api('status=draft&returned=false&sort=incomeTotal');
      await waitForRows(apiDrafts.items.length);
      expect(await shownUnions()).toEqual(unionsOf(apiDrafts));
      for (const tag of await rowsShown().locator('[data-test=budget-status]').allInnerTexts()) expect(tag).toBe('草稿');

      const waiting = budgetsAsked((url) => url.searchParams.get('status') === 'submitted');
      await choose(page, 'status', '待审批');
      await waiting;
      const apiWaiting = await api('status=submitted&sort=incomeTotal');
      await waitForRows(apiWaiting.items.length);
      const [file] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export]').click()]);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(readFileSync((await file.path())!) as unknown as ExcelJS.Buffer);
      const exported: string[] = [];
      workbook.worksheets[0].eachRow((row, n) => {
        if (n > 1) exported.push(`${row.getCell(1).value} ${row.getCell(3).value}`);
      });
      expect(exported).toEqual(unionsOf(apiWaiting).map((name) => `${name} 待审批`));
    }, { acceptDownloads: true });
  }, 90_000);
});
