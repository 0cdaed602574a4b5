import { newCentre, newUnion, newUser } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

const TODAY = new Date().toISOString().slice(0, 10);
const YEAR = Number(TODAY.slice(0, 4));

/** The budgets list as the console's 预算管理 table reads it: filtered, sorted and paged by the API, within one's reach. */
describe('budgets: the list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('filters by year, union, status and returned, sorts by every key both ways, pages, and keeps to each reader’s reach', async () => {
    const w = await newLedgerWorld(t);
    const union = (code: string, name: string) => newUnion(t.api, w.accountant.token, w.centre.id, { code, name, parentUnionId: w.street.id });
    const ua = await union('ZA', 'A 甲公司工会');
    const ub = await union('ZB', 'B 乙公司工会');
    const uc = await union('ZC', 'C 丙公司工会');
    const ok = (response: { status: number; body: { id: string } }, status = 200) => {
      expect([response.status, response.body]).toEqual([status, expect.anything()]);
      return response.body;
    };
    const draft = async (unionId: string, year: number, income: string, expenditure: string) =>
      ok(await t.api.post(`${w.base}/budgets`, w.accountant.token, {
        unionId, year, lines: [
          { kind: 'income', categoryCode: '402', amount: income },
          { kind: 'expenditure', fundType: 'basic', categoryCode: '501', amount: expenditure },
        ],
      }), 201) as { id: string; lines: Array<{ id: string; kind: string }> };
    const act = async (budgetId: string, step: 'submit' | 'approve' | 'return') =>
      ok(await t.api.post(`${w.base}/budgets/${budgetId}/${step}`, step === 'submit' ? w.accountant.token : w.supervisor.token, step === 'return' ? { reason: '依据不足' } : {}));

    // five budgets in which every key but the union's name and the year tells them apart
    const b1 = await draft(ua.id, YEAR, '60000.00', '30000.00'); // approved first
    await act(b1.id, 'submit');
    await act(b1.id, 'approve');
    const b2 = await draft(ub.id, YEAR, '10000.00', '8000.00'); // sent back: a draft again, with its reason
    await act(b2.id, 'submit');
    await act(b2.id, 'return');
    const b3 = await draft(uc.id, YEAR, '20000.00', '25000.00'); // waiting for approval
    await act(b3.id, 'submit');
    const b4 = await draft(ua.id, YEAR - 1, '5000.00', '1000.00'); // a draft never submitted
    const b5 = await draft(uc.id, YEAR + 1, '1000.00', '40000.00'); // approved, then adjusted to version 2
    await act(b5.id, 'submit');
    await act(b5.id, 'approve');
    const expenditureLine = b5.lines.find((l) => l.kind === 'expenditure')!.id;
    const adjustment = ok(await t.api.post(`${w.base}/budgets/${b5.id}/adjustments`, w.accountant.token, { reason: '追加', changes: [{ budgetLineId: expenditureLine, change: '2000.00' }] }), 201);
    ok(await t.api.post(`${w.base}/budget-adjustments/${adjustment.id}/approve`, w.supervisor.token, {}));

    const list = (query: string, token = w.accountant.token) => t.api.get(`${w.base}/budgets?${query}`, token);
    const ids = (body: { items: Array<{ id: string }> }) => body.items.map((b) => b.id);
    const [i1, i2, i3, i4, i5] = [b1.id, b2.id, b3.id, b4.id, b5.id];

    // newest year first, then the union's code, unless asked otherwise
    const all = (await list('')).body;
    expect(all).toEqual(expect.objectContaining({ page: 1, pageSize: 50, total: 5 }));
    expect(ids(all)).toEqual([i5, i1, i2, i3, i4]);
    expect(all.items[0]).toEqual(expect.objectContaining({
      unionId: uc.id, unionName: 'C 丙公司工会', year: YEAR + 1, status: 'approved', version: 2, incomeTotal: '1000.00', expenditureTotal: '42000.00',
    }));
    expect(all.items[0].lines).toHaveLength(2);
    expect(all.items[2]).toEqual(expect.objectContaining({ status: 'draft', returnedReason: '依据不足', submittedAt: null }));

    // equal keys keep the newest year first, then the union's code
    const orders: Record<string, [string[], string[]]> = {
      unionName: [[i1, i4, i2, i5, i3], [i5, i3, i2, i1, i4]],
      year: [[i4, i1, i2, i3, i5], [i5, i1, i2, i3, i4]],
      version: [[i2, i3, i4, i1, i5], [i5, i1, i2, i3, i4]],
      incomeTotal: [[i5, i4, i2, i3, i1], [i1, i3, i2, i4, i5]],
      expenditureTotal: [[i4, i2, i3, i1, i5], [i5, i1, i3, i2, i4]],
      // never submitted (or sent back) and never approved come last either way
      submittedAt: [[i1, i3, i5, i2, i4], [i5, i3, i1, i2, i4]],
      approvedAt: [[i1, i5, i2, i3, i4], [i5, i1, i2, i3, i4]],
    };
    for (const [key, [ascending, descending]] of Object.entries(orders)) {
      expect([key, ids((await list(`sort=${key}`)).body)]).toEqual([key, ascending]);
      expect([`-${key}`, ids((await list(`sort=-${key}`)).body)]).toEqual([`-${key}`, descending]);
    }

    const page = async (query: string) => {
      const body = (await list(query)).body;
      return { ids: ids(body), page: body.page, total: body.total };
    };
    expect(await page('sort=incomeTotal&pageSize=2&page=2')).toEqual({ ids: [i2, i3], page: 2, total: 5 });
    expect(await page('sort=incomeTotal&pageSize=2&page=3')).toEqual({ ids: [i1], page: 3, total: 5 });
    expect(await page('sort=incomeTotal&pageSize=2&page=4')).toEqual({ ids: [], page: 4, total: 5 });

    expect(await page(`year=${YEAR}`)).toEqual({ ids: [i1, i2, i3], page: 1, total: 3 });
    expect(await page(`unionId=${uc.id}`)).toEqual({ ids: [i5, i3], page: 1, total: 2 });
    expect(await page('status=draft')).toEqual({ ids: [i2, i4], page: 1, total: 2 });
    expect(await page('status=draft&returned=true')).toEqual({ ids: [i2], page: 1, total: 1 });
    expect(await page('status=draft&returned=false')).toEqual({ ids: [i4], page: 1, total: 1 });
    expect(await page('returned=false&sort=year')).toEqual({ ids: [i4, i1, i3, i5], page: 1, total: 4 });
    expect(await page(`status=approved&year=${YEAR}`)).toEqual({ ids: [i1], page: 1, total: 1 });
    expect(await page(`status=submitted&unionId=${ua.id}`)).toEqual({ ids: [], page: 1, total: 0 });

    for (const bad of ['sort=status', 'sort=-memo', 'sort=unionName,year', 'returned=yes', 'status=returned', 'year=1999', 'pageSize=0', 'kind=income']) {
      expectProblem(await list(bad), 400);
    }

    // a union's treasurer sees its own union's budgets only, whatever the filter names
    const treasurer = await newUser(t, w.centre.id, 'union_treasurer', { unionId: ua.id });
    expect((await list('sort=-incomeTotal', treasurer.token)).body).toEqual(expect.objectContaining({ total: 2, items: [expect.objectContaining({ id: i1 }), expect.objectContaining({ id: i4 })] }));
    expect((await list(`unionId=${uc.id}`, treasurer.token)).body).toEqual(expect.objectContaining({ items: [], total: 0 }));
    // an auditor sees the engagement's unions and years
    const seen = async (query: string, token: string) => {
      const { body } = await list(query, token);
      return { ids: ids(body), total: body.total };
    };
    const engage = async (scope: Record<string, unknown>, periodFrom: string, periodTo: string) => {
      const auditor = await newUser(t, w.centre.id, 'internal_auditor');
      ok(await t.api.post(`${w.base}/audit-engagements`, w.supervisor.token, {
        kind: 'internal', title: '预算审计', auditorUserIds: [auditor.id], periodFrom, periodTo, validFrom: TODAY, validUntil: `${YEAR + 1}-12-31`, ...scope,
      }), 201);
      return auditor;
    };
    const unionA = await engage({ unionIds: [ua.id] }, `${YEAR}-01`, `${YEAR}-12`);
    expect(await seen('sort=year', unionA.token)).toEqual({ ids: [i1], total: 1 });
    const wholeCentre = await engage({ allUnions: true }, `${YEAR - 1}-01`, `${YEAR}-12`);
    expect(await seen('sort=-expenditureTotal&pageSize=3', wholeCentre.token)).toEqual({ ids: [i1, i3, i2], total: 4 });
    const other = await newCentre(t);
    const stranger = await newUser(t, other.id, 'centre_accountant');
    expectProblem(await list('', stranger.token), 404);
  });
});
