import type { Browser, Page } from 'playwright-core';
import { newEnterprise, newUser, PASSWORD } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { cells, describeInBrowser, group, inBrowser, loginAs, openFromMenu, rows, screenshot, startConsole } from '../support/console-browser.js';
import type { TestApp } from '../support/test-app.js';

/**
 * The supervisor's screens of the centre in a real browser: 经费概览图表 (three charts, their tables equal to the API's
 * figures), 审计项目 (opening an internal audit that its auditor then sees in 我的审计项目) and 用户管理 (a new user who
 * can log in).
 */

const TODAY = new Date().toISOString().slice(0, 10);
const YEAR = Number(TODAY.slice(0, 4));
const MONTH = TODAY.slice(0, 7);

describeInBrowser('web console: overview charts, audit engagements and users', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let world: Awaited<ReturnType<typeof newLedgerWorld>>;

  beforeAll(async () => {
    ({ t, base, browser } = await startConsole());
    world = await newLedgerWorld(t, MONTH);
    const token = world.accountant.token;
    const withUnion = await newEnterprise(t.api, token, world.centre.id, { name: '杭州云帆网络科技有限公司', unionId: world.unionA.id });
    const preparing = await newEnterprise(t.api, token, world.centre.id, { name: '杭州拾光文化传媒有限公司' });
    const third = await newEnterprise(t.api, token, world.centre.id, { name: '杭州星辰电子商务有限公司' });
    // a history for the founding-rate chart: registered ten, six and three months ago; the union founded long before
    const registeredAgo: Array<[string, number]> = [[withUnion.id, 9], [preparing.id, 5], [third.id, 2]];
    for (const [id, months] of registeredAgo) {
      await t.sql.query(`UPDATE enterprise SET created_at = date_trunc('month', now()) - make_interval(months => $3) + interval '9 days' WHERE centre_id = $1 AND id = $2`, [world.centre.id, id, months]);
    }
    await t.sql.query(`UPDATE trade_union SET founded_on = '2018-09-20' WHERE centre_id = $1 AND id = $2`, [world.centre.id, world.unionA.id]);
    for (const [enterpriseId, totalPayroll, paid] of [[withUnion.id, '123456.78', '2000.00'], [preparing.id, '50000.00', '1000.00']]) {
      expect((await t.api.post(`${world.base}/enterprises/${enterpriseId}/payroll-declarations`, token, { period: MONTH, totalPayroll })).status).toBe(201);
      expect((await t.api.post(`${world.base}/dues-receipts`, token, { receivedOn: TODAY, amount: paid, channel: 'enterprise', enterpriseId })).status).toBe(201);
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const login = (page: Page, username: string) => loginAs(page, base, username, PASSWORD);
  const rowsOf = (page: Page, table: string) => rows(page, `[data-test=${table}] .el-table__body tr`);
  const footerOf = (page: Page, table: string) => cells(page.locator(`[data-test=${table}] .el-table__footer tr`));

  it('the supervisor sees the three charts drawn and tables equal to the API’s figures', async () => {
    const token = world.supervisor.token;
    const dues = (await t.api.get(`${world.base}/overview/dues-by-month?year=${YEAR}`, token)).body;
    const funds = (await t.api.get(`${world.base}/overview/preparation-funds?asOf=${TODAY}`, token)).body;
    expect(dues.totalAssessed).toBe('3469.14'); // 2469.14 + 1000.00
    expect(funds.totalHeld).toBe('1000.00');

    await inBrowser(browser, 'overview', async (page) => {
      await login(page, world.supervisor.username);
      await openFromMenu(page, '经费概览图表', /\/overview$/);
      await page.waitForSelector('[data-test=dues-table] .el-table__body tr');
      await page.waitForSelector('[data-test=funds-table] .el-table__body tr');
      await page.waitForSelector('[data-test=rate-table] .el-table__body tr');
      // ECharts draws on a canvas inside each chart
      await page.waitForFunction("document.querySelectorAll('[data-test=chart] canvas').length === 3");
      for (const box of await page.locator('[data-test=chart] canvas').all()) {
        const size = await box.boundingBox();
        expect(size!.width).toBeGreaterThan(300);
        expect(size!.height).toBeGreaterThan(150);
      }

      expect(await rowsOf(page, 'dues-table')).toEqual(dues.months.map((m: { month: string; assessed: string; collected: string }) => [m.month, group(m.assessed), group(m.collected)]));
      expect(await footerOf(page, 'dues-table')).toEqual(['全年合计', group(dues.totalAssessed), group(dues.totalCollected)]);
      expect(await page.locator('[data-test=dues-table] .el-table__body tr td').nth(1).getAttribute('class')).toContain('is-right');

      expect(await rowsOf(page, 'funds-table')).toEqual(
        funds.enterprises.map((e: { enterpriseName: string; uscc: string; held: string }) => [e.enterpriseName, e.uscc, group(e.held), '未建会']),
      );
      expect(await footerOf(page, 'funds-table')).toEqual(['合计', '', group(funds.totalHeld), '']);

      // the rate table follows its picker's default, the last twelve months; ask the API for what the page asked
      const rateRequest = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/overview/founding-rate')).at(-1)!);
      const rate = (await t.api.get(`${world.base}/overview/founding-rate${new URL(rateRequest).search}`, token)).body;
      expect(rate.months).toHaveLength(12);
      expect(rate.months.map((m: { ratePercent: string | null }) => m.ratePercent)).toEqual([
        null, null, '100.00', '100.00', '100.00', '100.00', '50.00', '50.00', '50.00', '33.33', '33.33', '33.33',
      ]);
      expect(rate.months.at(-1)).toEqual({ month: MONTH, enterprises: 3, withUnion: 1, ratePercent: '33.33' });
      expect(await rowsOf(page, 'rate-table')).toEqual(
        rate.months.map((m: { month: string; enterprises: number; withUnion: number; ratePercent: string | null }) => [
          m.month, String(m.enterprises), String(m.withUnion), m.ratePercent === null ? '—' : `${m.ratePercent}%`,
        ]),
      );

      // a tooltip prints the API's text, not a float
      const chart = page.locator('[data-test=dues-panel] [data-test=chart]');
      const area = (await chart.boundingBox())!;
      const monthIndex = Number(MONTH.slice(5)) - 1;
      await page.mouse.move(area.x + 70 + ((area.width - 90) * (monthIndex + 0.5)) / 12, area.y + area.height / 2);
      await page.waitForSelector(`text=应缴经费：${group(dues.months[monthIndex].assessed)} 元`);
      await screenshot(page, '21-overview');
      // the page scrolls inside the layout: one picture per panel below the first
      await page.locator('[data-test=funds-panel]').scrollIntoViewIfNeeded();
      await screenshot(page, '21-overview-funds');
      await page.locator('[data-test=rate-panel] [data-test=rate-table]').scrollIntoViewIfNeeded();
      await screenshot(page, '21-overview-rate');
    });
  }, 120_000);

  it('the supervisor opens an internal audit for an auditor, who then sees it in 我的审计项目', async () => {
    const auditor = await newUser(t, world.centre.id, 'internal_auditor');
    const title = `${YEAR}年度经费收支内部审计`;
    await inBrowser(browser, 'engagements', async (page) => {
      await login(page, world.supervisor.username);
      await openFromMenu(page, '审计项目', /\/audit\/engagements$/);
      await page.locator('[data-test=open-engagement]').click();
      const dialog = page.locator('[data-test=engagement-dialog]');
      await dialog.locator('input[name=engagement-title]').fill(title);
      await dialog.locator('input[name=engagement-firm]').fill('文新街道工会经费审查委员会');
      await dialog.locator('[data-test=new-auditors]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: auditor.username }).click();
      await dialog.locator('.el-dialog__title').click(); // closes the dropdown
      await dialog.locator('[data-test=new-unions]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: world.unionA.code }).click();
      await dialog.locator('.el-dialog__title').click();
      await screenshot(page, '22-engagement-open');
      await dialog.locator('[data-test=save-engagement]').click();
      await page.waitForSelector(`[data-test=engagements] .el-table__body tr:has-text("${title}")`);

      const rows = await page.locator('[data-test=engagements] .el-table__body tr').allInnerTexts();
      expect(rows).toHaveLength(1);
      for (const part of ['内部审计', title, auditor.username, world.unionA.code, `${YEAR}-01 至 ${YEAR}-12`, `${TODAY} 至 ${YEAR}-12-31`, '有效']) {
        expect(rows[0]).toContain(part);
      }
      const listed = (await t.api.get(`${world.base}/audit-engagements`, world.supervisor.token)).body;
      expect(listed).toEqual([expect.objectContaining({ kind: 'internal', title, auditorUserIds: [auditor.id], unionIds: [world.unionA.id], allUnions: false })]);

      // the state audit is the administrator's: offered, but not to the supervisor
      await page.locator('[data-test=open-engagement]').click();
      await dialog.locator('[data-test=new-kind]').click();
      expect(await page.locator('.el-select-dropdown__item:visible', { hasText: '国家审计' }).getAttribute('class')).toContain('is-disabled');
      await page.keyboard.press('Escape');
      await dialog.getByRole('button', { name: '取消' }).click();

      await page.locator('[data-test=findings]').first().click();
      await page.waitForSelector('[data-test=findings-dialog] >> text=该项目尚无审计意见');
      await page.locator('[data-test=findings-dialog] .el-dialog__headerbtn').click();
      await page.locator('[data-test=findings-dialog]').waitFor({ state: 'hidden' });
      await screenshot(page, '23-engagements');
    });

    await inBrowser(browser, 'auditor-sees-engagement', async (page) => {
      await login(page, auditor.username);
      await openFromMenu(page, '我的审计项目', /\/audit\/mine$/);
      await page.waitForSelector(`[data-test=engagements] .el-table__body tr:has-text("${title}")`);
      expect(await page.locator('[data-test=in-force]').first().innerText()).toBe('有效');
    });
  }, 120_000);

  it('the supervisor creates a union treasurer who can then log in, and deactivates them', async () => {
    const username = `caiwu.${Date.now().toString(36)}`;
    await inBrowser(browser, 'users', async (page) => {
      await login(page, world.supervisor.username);
      await openFromMenu(page, '用户管理', /\/users$/);
      await page.waitForSelector('[data-test=users] .el-table__body tr');
      await screenshot(page, '24-users');
      await page.locator('[data-test=create-user]').click();
      const dialog = page.locator('[data-test=user-dialog]');
      await dialog.locator('input[name=new-username]').fill(username);
      await dialog.locator('input[name=new-display-name]').fill('李晓梅');
      await dialog.locator('[data-test=new-role]').click();
      // the supervisor cannot grant the state auditor's role
      expect(await page.locator('.el-select-dropdown__item:visible', { hasText: '国家审计' }).count()).toBe(0);
      await page.locator('.el-select-dropdown__item:visible', { hasText: '工会财务' }).click();
      await dialog.locator('[data-test=new-union]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: world.unionA.code }).click();
      await dialog.locator('input[name=new-password]').fill(PASSWORD);
      await dialog.locator('input[name=new-password-confirm]').fill(`${PASSWORD}x`);
      await dialog.locator('[data-test=save-user]').click();
      expect(await dialog.locator('[data-test=form-error]').innerText()).toContain('两次输入的密码不一致');
      await dialog.locator('input[name=new-password-confirm]').fill(PASSWORD);
      await screenshot(page, '24-user-create');
      await dialog.locator('[data-test=save-user]').click();
      await page.waitForSelector(`[data-test=users] .el-table__body tr:has-text("${username}")`);
      const row = page.locator(`[data-test=users] .el-table__body tr:has-text("${username}")`);
      for (const part of ['李晓梅', '工会财务', world.unionA.code, '启用']) expect(await row.innerText()).toContain(part);

      // the role filter asks the API for that role only
      await page.locator('[data-test=role-filter]').click();
      await page.locator('.el-select-dropdown__item:visible', { hasText: '工会财务' }).click();
      await page.waitForFunction("[...document.querySelectorAll('[data-test=users] .el-table__body tr')].every((tr) => tr.textContent.includes('工会财务'))");
      await screenshot(page, '25-users-filtered');
    });

    await inBrowser(browser, 'new-user-logs-in', async (page) => {
      await login(page, username);
      expect(await page.locator('[data-test=user-name]').innerText()).toBe('李晓梅');
      const menu = await page.locator('[data-test=menu] .el-menu-item').allInnerTexts();
      expect(menu).toContain('分户账');
      expect(menu).not.toContain('用户管理');
    });

    await inBrowser(browser, 'deactivate', async (page) => {
      await login(page, world.supervisor.username);
      await openFromMenu(page, '用户管理', /\/users$/);
      const row = page.locator(`[data-test=users] .el-table__body tr:has-text("${username}")`);
      await row.locator('[data-test=deactivate]').click();
      await page.locator('.el-message-box').getByRole('button', { name: '停用' }).click();
      await row.locator('[data-test=reactivate]').waitFor();
      expect(await row.innerText()).toContain('停用');
    });
    const refused = await t.api.post('/auth/login', undefined, { username, password: PASSWORD });
    expect(refused.status).toBe(401);
  }, 120_000);
});
