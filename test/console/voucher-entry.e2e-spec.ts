import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { describeInBrowser, keyLine, newConsolePage, SHOTS, startConsole } from '../support/console-browser.js';
import type { TestApp } from '../support/test-app.js';

/**
 * The console in a real browser (Debian's chromium driven by playwright-core) against the app on a test database:
 * login, the role menus, a two-union voucher keyed with the keyboard only, an unbalanced one refused with the
 * per-union reason, the supervisor sending a voucher back with a reason and approving another, and the session ending
 * on a 401. Screenshots go to test/console/screenshots/ (not committed).
 */
// page scripts are strings: the suite's TypeScript has no DOM library
const LOADED = "!document.querySelector('.voucher-entry > .el-loading-mask')";

describeInBrowser('web console in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let world: Awaited<ReturnType<typeof newLedgerWorld>>;

  beforeAll(async () => {
    ({ t, base, browser } = await startConsole());
    world = await newLedgerWorld(t, '2025-11');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const newPage = () => newConsolePage(browser);

  async function login(page: Page, username: string, password: string) {
    await page.locator('input[name=username]').fill(username);
    await page.locator('input[name=password]').fill(password);
    await page.keyboard.press('Enter');
  }

  const menuTexts = (page: Page) => page.locator('[data-test=menu] .el-menu-item').allInnerTexts();

  it('keys a two-union voucher with the keyboard only; the supervisor, with another menu, sends one back and approves it', async () => {
    const page = await newPage();
    try {
      await journey(page);
    } catch (error) {
      await page.screenshot({ path: join(SHOTS, 'failure.png'), fullPage: true, animations: 'disabled' }).catch(() => undefined);
      throw error;
    }
  }, 120_000);

  async function journey(page: Page) {
    await page.goto(`${base}/vouchers/new`);
    await page.waitForURL(/\/login\?next=/);

    // a wrong password: the problem's code, in Chinese
    await login(page, world.accountant.username, 'not-the-password');
    await page.waitForSelector('[data-test=login-error]');
    expect(await page.locator('[data-test=login-error]').innerText()).toContain('用户名或密码错误');
    await page.screenshot({ path: join(SHOTS, '01-login-error.png'), animations: 'disabled' });

    const started = performance.now();
    await login(page, world.accountant.username, PASSWORD);
    await page.waitForURL(/\/vouchers\/new$/);
    await page.waitForSelector('[data-test=lines] [data-test=union]');
    await page.waitForFunction(LOADED);
    const firstScreenMs = performance.now() - started;
    console.log(`console: first screen after login (voucher entry with unions and accounts loaded) in ${firstScreenMs.toFixed(0)} ms`);

    const accountantMenu = await menuTexts(page);
    expect(accountantMenu).toContain('凭证录入');
    expect(accountantMenu).not.toContain('凭证审核');

    // the date field has the focus: from here on, the keyboard only
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2025-11-15');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('收到两家企业11月拨缴经费');
    await page.keyboard.press('Tab');
    await keyLine(page, world.unionA.code, '102', '1234.5', '');
    await keyLine(page, world.unionA.code, '40201', '', '1234.5');
    await keyLine(page, world.unionB.name, '102', '800', '');
    await keyLine(page, world.unionB.code, '40201', '', '800', true);
    await page.keyboard.press('Tab'); // leaves the last amount: it is formatted

    expect(await page.locator('[data-test=line-1] [data-cell=debit] input').inputValue()).toBe('1,234.50');
    expect(await page.locator('[data-test=line-4] [data-cell=credit] input').inputValue()).toBe('800.00');
    expect(await page.locator('[data-test=total-debit]').innerText()).toBe('2,034.50');
    expect(await page.locator('[data-test=total-credit]').innerText()).toBe('2,034.50');
    const unionTotals = await page.locator('[data-test=union-totals] .el-table__body tr').allInnerTexts();
    expect(unionTotals).toHaveLength(2);
    expect(unionTotals[0]).toContain(world.unionA.code);
    expect(unionTotals[0]).toContain('1,234.50');
    expect(unionTotals[1]).toContain('800.00');
    expect(await page.locator('[data-test=reasons]').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, '02-voucher-balanced.png'), fullPage: true, animations: 'disabled' });

    // the next stop of Tab is the submit button (row buttons are out of the tab order)
    expect(await page.evaluate("document.activeElement?.closest('[data-test=submit]') !== null")).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/vouchers$/);
    await page.waitForSelector('[data-test=entries] .el-table__body tr');
    await page.screenshot({ path: join(SHOTS, '03-voucher-list.png'), animations: 'disabled' });

    const saved = await t.api.get(`${world.base}/entries?status=draft`, world.accountant.token);
    expect(saved.body.items).toHaveLength(1);
    const [entry] = saved.body.items;
    expect(entry).toEqual(expect.objectContaining({ date: '2025-11-15', memo: '收到两家企业11月拨缴经费', totalDebit: '2034.50' }));
    expect(entry.lines.map((l: { unionId: string; accountCode: string; debit: string; credit: string }) => [l.unionId, l.accountCode, l.debit, l.credit])).toEqual([
      [world.unionA.id, '102', '1234.50', '0.00'],
      [world.unionA.id, '40201', '0.00', '1234.50'],
      [world.unionB.id, '102', '800.00', '0.00'],
      [world.unionB.id, '40201', '0.00', '800.00'],
    ]);

    // balanced in total but not per union: cannot be submitted, and the totals say which union and by how much
    await page.goto(`${base}/vouchers/new`);
    await page.waitForSelector('[data-test=lines] [data-test=union]');
    await page.waitForFunction(LOADED);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2025-11-20');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('错把甲工会的收入记到乙工会');
    await page.keyboard.press('Tab');
    await keyLine(page, world.unionA.code, '102', '100', '');
    await keyLine(page, world.unionB.code, '40201', '', '100', true);
    await page.keyboard.press('Tab');
    expect(await page.locator('[data-test=total-debit]').innerText()).toBe('100.00');
    expect(await page.locator('[data-test=total-credit]').innerText()).toBe('100.00');
    expect(await page.locator('[data-test=submit]').isDisabled()).toBe(true);
    const reasons = await page.locator('[data-test=reasons]').innerText();
    expect(reasons).toContain(`分户不平（${world.unionA.code}`);
    expect(reasons).toContain(`分户不平（${world.unionB.code}`);
    expect(reasons).toContain('借方 100.00，贷方 0.00，差额 100.00');
    expect(await page.locator('[data-test=union-totals]').innerText()).toContain('不平');
    await page.screenshot({ path: join(SHOTS, '04-voucher-unbalanced.png'), fullPage: true, animations: 'disabled' });

    // a second draft, prepared through the API, that the supervisor will send back
    const second = await t.api.post(`${world.base}/entries`, world.accountant.token, {
      date: '2025-11-18', memo: '待退回的凭证',
      lines: [
        { unionId: world.unionA.id, accountCode: '102', debit: '50.00' },
        { unionId: world.unionA.id, accountCode: '40201', credit: '50.00' },
      ],
    });
    expect(second.status).toBe(201);

    // the supervisor, in a browser session of their own: another menu, and the vouchers waiting for approval
    const supervisorPage = await newPage();
    await supervisorPage.goto(`${base}/`);
    await login(supervisorPage, world.supervisor.username, PASSWORD);
    await supervisorPage.waitForSelector('[data-test=menu]');
    const supervisorMenu = await menuTexts(supervisorPage);
    expect(supervisorMenu).toContain('凭证审核');
    expect(supervisorMenu).not.toContain('凭证录入');
    expect(supervisorMenu).not.toEqual(accountantMenu);
    await supervisorPage.screenshot({ path: join(SHOTS, '05-supervisor-home.png'), animations: 'disabled' });
    await supervisorPage.locator('[data-test=menu] .el-menu-item', { hasText: '凭证审核' }).click();
    await supervisorPage.waitForSelector('[data-test=approvals] .el-table__body [data-test=approve]');
    await supervisorPage.screenshot({ path: join(SHOTS, '06-approval-queue.png'), animations: 'disabled' });
    const row = (memo: string) => supervisorPage.locator('[data-test=approvals] .el-table__body tr', { hasText: memo });
    await row('待退回的凭证').locator('[data-test=reject]').click();
    await supervisorPage.locator('.el-message-box input').fill('摘要不清，请补充附件');
    await supervisorPage.locator('.el-message-box .el-button--primary').click();
    await row('待退回的凭证').waitFor({ state: 'detached' });
    const rejected = await t.api.get(`${world.base}/entries/${second.body.id}`, world.accountant.token);
    expect(rejected.body).toEqual(expect.objectContaining({ status: 'draft', rejectionReason: '摘要不清，请补充附件' }));
    await row('收到两家企业11月拨缴经费').locator('[data-test=approve]').click();
    await supervisorPage.waitForSelector('text=没有待审核的凭证');
    const approved = await t.api.get(`${world.base}/entries/${entry.id}`, world.accountant.token);
    expect(approved.body.status).toBe('approved');

    // a token the service no longer accepts ends the session: back to the login page, with the reason
    await page.evaluate(`(() => {
      const stored = JSON.parse(sessionStorage.getItem('dcl.console.session'));
      sessionStorage.setItem('dcl.console.session', JSON.stringify({ ...stored, token: 'expired.or.revoked' }));
    })()`);
    await page.goto(`${base}/vouchers`);
    await page.waitForURL(/\/login\?next=(\/|%2F)vouchers$/);
    expect(await page.locator('.el-alert').first().innerText()).toContain('请重新登录');
    await page.screenshot({ path: join(SHOTS, '07-session-ended.png'), animations: 'disabled' });
  }
});
