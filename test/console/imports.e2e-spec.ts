import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { newEnterprise, PASSWORD, validUscc } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { cells, describeInBrowser, inBrowser, loginAs, openFromMenu, screenshot, startConsole } from '../support/console-browser.js';
import type { TestApp } from '../support/test-app.js';

/**
 * 数据导入 in a real browser: the accountant uploads a receipts file with a couple of bad lines, watches the progress
 * bar reach 100%, reads the summary, downloads the refused rows and finds them there with their reasons.
 */

const TODAY = new Date().toISOString().slice(0, 10);
const MONTH = TODAY.slice(0, 7);

describeInBrowser('web console: imports (数据导入)', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ t, base, browser } = await startConsole());
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the accountant uploads a receipts file, watches it reach 100%, and downloads the refused rows with their reasons', async () => {
    const world = await newLedgerWorld(t, MONTH);
    const enterprises: Array<{ id: string; uscc: string }> = [];
    for (let i = 0; i < 3; i += 1) {
      const e = await newEnterprise(t.api, world.accountant.token, world.centre.id, { unionId: i % 2 === 0 ? world.unionA.id : world.unionB.id });
      await t.api.post(`${world.base}/enterprises/${e.id}/payroll-declarations`, world.accountant.token, { period: MONTH, totalPayroll: '500000.00' });
      enterprises.push(e);
    }
    const good = 240;
    const lines = ['统一社会信用代码,入库金额,入库日期,所属期,票证号'];
    for (let i = 0; i < good; i += 1) lines.push(`${enterprises[i % 3].uscc},${100 + (i % 9)}.50,${TODAY},${MONTH},SW-${i}`);
    const stranger = validUscc();
    lines.splice(51, 0, `${stranger},88.00,${TODAY},,SW-BAD-1`); // row 52 of the file
    lines.splice(121, 0, `${enterprises[0].uscc},-5.00,${TODAY},,SW-BAD-2`); // row 122
    const file = Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');

    await inBrowser(browser, 'imports', async (page) => {
      await loginAs(page, base, world.accountant.username, PASSWORD);
      await openFromMenu(page, '数据导入', /\/imports$/);
      await page.waitForSelector('[data-test=runs]');
      await page.locator('[data-test=kind] .el-radio-button', { hasText: '到账明细' }).click();
      await page.locator('[data-test=channel] .el-radio-button', { hasText: '税务代收' }).click();
      await page.locator('[data-test=upload] input[type=file]').setInputFiles({ name: '税务代收明细-本月.csv', mimeType: 'text/csv', buffer: file });
      await page.locator('[data-test=start-import]').click();

      // the bar is fed by polling the run: it only moves forward, and ends full
      const bar = page.locator('[data-test=progress]');
      await bar.waitFor();
      const seen: number[] = [];
      for (let i = 0; i < 600 && seen.at(-1) !== 100; i += 1) {
        seen.push(Number(await bar.getAttribute('aria-valuenow')));
        await page.waitForTimeout(100);
      }
      expect(seen.at(-1)).toBe(100);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      await page.waitForSelector('[data-test=summary]');
      expect(await page.locator('[data-test=run-status]').innerText()).toBe('已完成');
      expect(await page.locator('[data-test=processed]').innerText()).toBe(String(good + 2));
      expect(await page.locator('[data-test=applied]').innerText()).toBe(String(good));
      expect(await page.locator('[data-test=already]').innerText()).toBe('0');
      expect(await page.locator('[data-test=refused]').innerText()).toBe('2');

      // the history lists the run
      await page.locator('[data-test=runs] .el-table__body tr', { hasText: '税务代收明细-本月.csv' }).waitFor();
      expect(await page.locator('[data-test=runs] .el-table__body tr').count()).toBe(1);
      const row = await cells(page.locator('[data-test=runs] .el-table__body tr').first());
      expect(row.slice(1)).toEqual(['到账明细（税务代收）', '税务代收明细-本月.csv', '已完成', String(good + 2), String(good), '0', '2', world.accountant.username, '下载拒绝行']);
      await page.mouse.move(0, 0);
      await page.locator('.el-message').waitFor({ state: 'detached', timeout: 10_000 });
      await screenshot(page, 'imports');

      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=download-refused]').click()]);
      expect(download.suggestedFilename()).toBe('税务代收明细-本月.refused.csv');
      const bytes = readFileSync((await download.path())!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.toString('utf8').slice(1).split('\r\n')).toEqual([
        'uscc,amount,receivedOn,period,reference,row,reason',
        `${stranger},88.00,${TODAY},,SW-BAD-1,52,no enterprise of this centre has this uscc`,
        `${enterprises[0].uscc},-5.00,${TODAY},,SW-BAD-2,122,amount must be a positive amount with at most two decimals`,
        '',
      ]);

      const [exported] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=export]').click()]);
      expect(exported.suggestedFilename()).toBe('导入记录-第1页.xlsx');
      expect(readFileSync((await exported.path())!).subarray(0, 2).toString('latin1')).toBe('PK');
    }, { acceptDownloads: true });

    const { rows } = await t.sql.query('SELECT count(*)::int AS n FROM dues_receipt WHERE centre_id = $1', [world.centre.id]);
    expect(rows[0].n).toBe(good);
  }, 180_000);
});
