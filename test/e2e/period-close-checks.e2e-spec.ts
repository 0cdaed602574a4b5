import { newEnterprise, newUnion, newUser } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

/**
 * GET periods/{period}/close-checks: the checks the closing makes, seen before closing (the console's 会计期间与结账
 * shows them and closes only when all pass); and the `sort` of the unions' and enterprises' lists.
 */
describe('period close checks and the organisation lists’ order', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  type Check = { code: string; name: string; passed: boolean; detail: string };
  const byCode = (checks: Check[]) => new Map(checks.map((c) => [c.code, c]));

  it('shows each check as the closing would make it, and the closing agrees', async () => {
    const w = await newLedgerWorld(t, '2025-11');
    expect((await t.api.post(`${w.base}/periods`, w.accountant.token, { period: '2025-12' })).status).toBe(201);
    await w.receive(w.unionA.id, '100.00');
    const draft = await t.api.post(`${w.base}/entries`, w.accountant.token, {
      date: '2025-11-10', memo: '未过账', lines: [{ unionId: w.unionA.id, accountCode: '102', debit: '1' }, { unionId: w.unionA.id, accountCode: '40201', credit: '1' }],
    });
    expect(draft.status).toBe(201);

    // December: November is still open, and the year-end carry-forward is announced
    const december = await t.api.get(`${w.base}/periods/2025-12/close-checks`, w.accountant.token);
    expect(december.status).toBe(200);
    expect(december.body).toEqual(expect.objectContaining({ period: '2025-12', status: 'open', yearEnd: true, canClose: false }));
    const decChecks = byCode(december.body.checks);
    expect(december.body.checks.map((c: Check) => c.code)).toEqual(['period_open', 'earlier_closed', 'no_pending', 'trial_balance', 'year_end']);
    expect(decChecks.get('earlier_closed')).toEqual(expect.objectContaining({ passed: false, name: '以前期间均已结账' }));
    expect(decChecks.get('earlier_closed')!.detail).toContain('2025-11');
    expect(decChecks.get('year_end')).toEqual(expect.objectContaining({ passed: true }));
    expect(decChecks.get('year_end')!.detail).toContain('1 个工会');
    expectProblem(await t.api.post(`${w.base}/periods/2025-12/close`, w.supervisor.token, {}), 409, 'LEDGER.PERIOD_ORDER');

    // November: the draft holds it open
    const november = await t.api.get(`${w.base}/periods/2025-11/close-checks`, w.supervisor.token);
    expect(november.body).toEqual(expect.objectContaining({ yearEnd: false, canClose: false }));
    const novChecks = byCode(november.body.checks);
    expect(novChecks.get('no_pending')).toEqual(expect.objectContaining({ passed: false, detail: '本期尚有 1 张凭证未记账（待审核 1 张，已审核待记账 0 张）。' }));
    expect(novChecks.get('trial_balance')).toEqual(expect.objectContaining({ passed: true, detail: '截至本期末借方累计 100.00，贷方累计 100.00，借贷相等。' }));
    expectProblem(await t.api.post(`${w.base}/periods/2025-11/close`, w.supervisor.token, {}), 409, 'LEDGER.PERIOD_HAS_PENDING_ENTRIES');

    // the draft discarded: every check passes, and the closing goes through
    expect((await t.api.delete(`${w.base}/entries/${draft.body.id}`, w.accountant.token)).status).toBe(204);
    const ready = await t.api.get(`${w.base}/periods/2025-11/close-checks`, w.supervisor.token);
    expect(ready.body.canClose).toBe(true);
    expect(ready.body.checks.every((c: Check) => c.passed)).toBe(true);
    const closed = await t.api.post(`${w.base}/periods/2025-11/close`, w.supervisor.token, {});
    expect(closed.status).toBe(200);
    expect(closed.body.checks).toEqual(['earlier periods are closed', 'no draft or approved entry is left in the period', 'the trial balance balances']);

    // closed: the first check fails; December may close now
    const after = await t.api.get(`${w.base}/periods/2025-11/close-checks`, w.accountant.token);
    expect(after.body).toEqual(expect.objectContaining({ status: 'closed', canClose: false }));
    expect(byCode(after.body.checks).get('period_open')!.passed).toBe(false);
    expect((await t.api.get(`${w.base}/periods/2025-12/close-checks`, w.accountant.token)).body.canClose).toBe(true);
    // reading the checks changed nothing
    const periods = await t.api.get(`${w.base}/periods`, w.accountant.token);
    expect(periods.body.map((p: { period: string; status: string }) => `${p.period} ${p.status}`)).toEqual(['2025-11 closed', '2025-12 open']);
  });

  it('is for the centre’s staff, of a period that exists, in the right form', async () => {
    const w = await newLedgerWorld(t, '2025-11');
    const treasurer = await newUser(t, w.centre.id, 'union_treasurer', { unionId: w.unionA.id });
    expectProblem(await t.api.get(`${w.base}/periods/2025-11/close-checks`, treasurer.token), 403);
    expectProblem(await t.api.get(`${w.base}/periods/2025-10/close-checks`, w.accountant.token), 404);
    expectProblem(await t.api.get(`${w.base}/periods/2025-13/close-checks`, w.accountant.token), 400);
  });

  it('lists unions and enterprises in the order asked for', async () => {
    const w = await newLedgerWorld(t, '2025-11');
    await newUnion(t.api, w.accountant.token, w.centre.id, { parentUnionId: w.street.id, memberCount: 500 });
    const codes = async (sort?: string) =>
      (await t.api.get(`${w.base}/unions?pageSize=200${sort ? `&sort=${sort}` : ''}`, w.accountant.token)).body.items.map(
        (u: { code: string; memberCount: number }) => u,
      );
    const byCodeAsc = await codes();
    expect(byCodeAsc.map((u: { code: string }) => u.code)).toEqual([...byCodeAsc.map((u: { code: string }) => u.code)].sort());
    const byMembers = await codes('-memberCount');
    expect(byMembers[0].memberCount).toBe(500);
    const byCodeDesc = await codes('-code');
    expect(byCodeDesc.map((u: { code: string }) => u.code)).toEqual(byCodeAsc.map((u: { code: string }) => u.code).reverse());
    expectProblem(await t.api.get(`${w.base}/unions?sort=secret`, w.accountant.token), 400);

    await newEnterprise(t.api, w.accountant.token, w.centre.id, { name: '甲 测试企业' });
    await newEnterprise(t.api, w.accountant.token, w.centre.id, { name: '乙 测试企业' });
    const names = async (sort: string) =>
      (await t.api.get(`${w.base}/enterprises?sort=${sort}&q=${encodeURIComponent('测试企业')}`, w.accountant.token)).body.items.map((e: { name: string }) => e.name);
    const ascending = await names('name');
    expect(await names('-name')).toEqual([...ascending].reverse());
    const newest = await names('-createdAt');
    expect(newest[0]).toBe('乙 测试企业');
  });
});
