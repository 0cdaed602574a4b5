import { TODAY } from '../support/budget-fixtures.js';
import { newUser } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import { createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

const PERIOD = TODAY.slice(0, 7);
const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('audit engagements (四位一体)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function world() {
    const w = await newLedgerWorld(t, PERIOD);
    await w.receive(w.unionA.id, '1000.00', TODAY);
    await w.receive(w.unionB.id, '2000.00', TODAY);
    const internal = await newUser(t, w.centre.id, 'internal_auditor');
    const social = await newUser(t, w.centre.id, 'social_auditor');
    const state = await newUser(t, w.centre.id, 'state_auditor');
    const open = (token: string, body: Record<string, unknown>) =>
      t.api.post(`${w.base}/audit-engagements`, token, {
        title: '2026年度工会经费收支审计', periodFrom: PERIOD, periodTo: PERIOD, validFrom: TODAY, validUntil: dayOffset(30), ...body,
      });
    const reads = async (userId: string) =>
      (await t.sql.query(`SELECT detail FROM audit_record WHERE centre_id = $1 AND actor_user_id = $2 AND action = 'audit.read' ORDER BY seq`, [w.centre.id, userId])).rows.map(
        (r) => r.detail.path as string,
      );
    return { ...w, internal, social, state, open, reads };
  }

  it('gives an internal auditor its unions and months only, read only, and records every read', async () => {
    const w = await world();
    // without an engagement an auditor reaches nothing but their own account
    expectProblem(await t.api.get(`${w.base}/unions`, w.internal.token), 403, 'AUTH.NO_ENGAGEMENT');
    expect((await t.api.get('/auth/me', w.internal.token)).status).toBe(200);

    const opened = await w.open(w.supervisor.token, { kind: 'internal', auditorUserIds: [w.internal.id], unionIds: [w.unionA.id] });
    expect(opened.status).toBe(201);
    expect(opened.body).toEqual(expect.objectContaining({ kind: 'internal', kindName: '内部审计', inForce: true, unionIds: [w.unionA.id], periodFrom: PERIOD, periodTo: PERIOD }));

    const unions = await t.api.get(`${w.base}/unions`, w.internal.token);
    expect(unions.body.items.map((u: { id: string }) => u.id)).toEqual([w.unionA.id]);
    expectProblem(await t.api.get(`${w.base}/unions/${w.unionB.id}`, w.internal.token), 404);
    const entries = await t.api.get(`${w.base}/entries`, w.internal.token);
    expect(entries.body.total).toBe(1);
    expect(entries.body.items[0].lines.every((l: { unionId: string }) => l.unionId === w.unionA.id)).toBe(true);

    const trial = await t.api.get(`${w.base}/reports/trial-balance?from=${PERIOD}&to=${PERIOD}&unionId=${w.unionA.id}`, w.internal.token);
    expect(trial.status).toBe(200);
    expectProblem(await t.api.get(`${w.base}/reports/trial-balance?from=${PERIOD}&to=${PERIOD}&unionId=${w.unionB.id}`, w.internal.token), 404);
    const earlier = await t.api.get(`${w.base}/reports/trial-balance?from=2020-01&to=2020-12&unionId=${w.unionA.id}`, w.internal.token);
    expect(expectProblem(earlier, 403, 'AUTH.OUT_OF_ENGAGEMENT').detail).toMatch(/2020-01 is outside it/);
    // the centre's own records (the unified bank account, the whole trail) need an engagement of the whole centre
    expectProblem(await t.api.get(`${w.base}/bank-statements`, w.internal.token), 403, 'AUTH.OUT_OF_ENGAGEMENT');
    expectProblem(await t.api.get(`${w.base}/audit/records`, w.internal.token), 403, 'AUTH.OUT_OF_ENGAGEMENT');
    // read only
    expectProblem(await t.api.post(`${w.base}/entries`, w.internal.token, { date: TODAY, memo: 'x', lines: [] }), 403, 'AUTH.FORBIDDEN');

    // every successful read is on the trail, in order, with the engagement it was made under
    expect(await w.reads(w.internal.id)).toEqual([
      `/api/v1/centres/${w.centre.id}/unions`,
      `/api/v1/centres/${w.centre.id}/entries`,
      `/api/v1/centres/${w.centre.id}/reports/trial-balance?from=${PERIOD}&to=${PERIOD}&unionId=${w.unionA.id}`,
    ]);
    const [record] = (await t.sql.query(`SELECT detail FROM audit_record WHERE actor_user_id = $1 AND action = 'audit.read' LIMIT 1`, [w.internal.id])).rows;
    expect(record.detail.engagementIds).toEqual([opened.body.id]);
    expect((await t.api.get(`${w.base}/audit/verify`, w.supervisor.token)).body.ok).toBe(true);

    // closed early: access ends at once
    const closed = await t.api.post(`${w.base}/audit-engagements/${opened.body.id}/close`, w.supervisor.token, { reason: '审计工作已完成' });
    expect(closed.body).toEqual(expect.objectContaining({ status: 'closed', inForce: false, closeReason: '审计工作已完成' }));
    expectProblem(await t.api.get(`${w.base}/unions`, w.internal.token), 403, 'AUTH.NO_ENGAGEMENT');
    // and an engagement is never edited
    const edit = await t.sql.query(`UPDATE audit_engagement SET all_unions = true WHERE id = $1`, [opened.body.id]).catch((e) => e);
    expect(edit.code).toBe('P0A02');
  });

  it('reaches the whole centre under a state audit the administrator opens, and nothing once it has expired', async () => {
    const w = await world();
    expectProblem(await w.open(w.supervisor.token, { kind: 'state', auditorUserIds: [w.state.id], allUnions: true }), 403, 'ENGAGEMENT.STATE_BY_ADMINISTRATOR');
    // the auditor must hold the kind's role
    expectProblem(await w.open(t.adminToken, { kind: 'state', auditorUserIds: [w.internal.id], allUnions: true }), 422, 'ENGAGEMENT.AUDITOR_ROLE');
    expectProblem(await w.open(t.adminToken, { kind: 'state', auditorUserIds: [w.state.id] }), 400);

    const state = await w.open(t.adminToken, { kind: 'state', auditorUserIds: [w.state.id], allUnions: true, firm: '杭州市审计局' });
    expect(state.status).toBe(201);
    const unions = await t.api.get(`${w.base}/unions`, w.state.token);
    expect(unions.body.items).toHaveLength(3);
    expect((await t.api.get(`${w.base}/bank-statements`, w.state.token)).status).toBe(200);
    expect((await t.api.get(`${w.base}/reports/trial-balance?from=${PERIOD}&to=${PERIOD}`, w.state.token)).status).toBe(200);
    expect((await t.api.get(`${w.base}/audit/records`, w.state.token)).status).toBe(200);

    // a social audit that ended yesterday grants nothing; one that starts tomorrow neither
    await w.open(w.supervisor.token, {
      kind: 'social', auditorUserIds: [w.social.id], unionIds: [w.unionB.id], validFrom: dayOffset(-30), validUntil: dayOffset(-1),
    });
    expectProblem(await t.api.get(`${w.base}/unions`, w.social.token), 403, 'AUTH.NO_ENGAGEMENT');
    expectProblem(await t.api.get(`${w.base}/entries`, w.social.token), 403, 'AUTH.NO_ENGAGEMENT');
    const later = await w.open(w.supervisor.token, { kind: 'social', auditorUserIds: [w.social.id], unionIds: [w.unionB.id], validFrom: dayOffset(1) });
    expect(later.body.inForce).toBe(false);
    expectProblem(await t.api.get(`${w.base}/unions`, w.social.token), 403, 'AUTH.NO_ENGAGEMENT');
    expect(await w.reads(w.social.id)).toEqual([]);

    // member supervision (会员监督) is carried out by the union's audit committee (经审会, internal auditors)
    const committee = await newUser(t, w.centre.id, 'internal_auditor');
    const supervision = await w.open(w.supervisor.token, { kind: 'member_supervision', auditorUserIds: [committee.id], unionIds: [w.unionB.id] });
    expect(supervision.body).toEqual(expect.objectContaining({ kindName: '会员监督', inForce: true }));
    const seen = await t.api.get(`${w.base}/unions`, committee.token);
    expect(seen.body.items.map((u: { id: string }) => u.id)).toEqual([w.unionB.id]);
    const disclosure = await t.api.get(`${w.base}/reports/disclosure/${w.unionB.id}?from=${PERIOD}&to=${PERIOD}`, committee.token);
    expect(disclosure.body).toEqual(expect.objectContaining({ totalIncome: '2000.00', fundBalanceEnd: '2000.00' }));
    // the auditor still sees their own engagements' list (their account's own page)
    expect((await t.api.get('/auth/me', w.social.token)).status).toBe(200);
  });

  it('acts under one engagement per request: two engagements’ unions and months are never merged', async () => {
    const w = await world();
    const LAST_YEAR = String(Number(PERIOD.slice(0, 4)) - 1);
    // union A for this month, union B for last year: together they must not open union A's last year
    const first = (await w.open(w.supervisor.token, { kind: 'internal', auditorUserIds: [w.internal.id], unionIds: [w.unionA.id] })).body;
    const second = (await w.open(w.supervisor.token, {
      kind: 'internal', auditorUserIds: [w.internal.id], unionIds: [w.unionB.id], periodFrom: `${LAST_YEAR}-01`, periodTo: `${LAST_YEAR}-12`,
    })).body;
    const under = (engagement: string | undefined, path: string) => {
      const test = t.api.http().get(`/api/v1${w.base}${path}`).set('Authorization', `Bearer ${w.internal.token}`);
      return engagement === undefined ? test : test.set('X-Audit-Engagement', engagement);
    };
    const trial = (union: string, from: string, to: string) => `/reports/trial-balance?from=${from}&to=${to}&unionId=${union}`;

    // holding two, a request names the one it is made under; routes that name an engagement act under it
    const ambiguous = expectProblem(await under(undefined, '/unions'), 403, 'AUTH.ENGAGEMENT_REQUIRED');
    expect(ambiguous.errors).toEqual([expect.objectContaining({ field: 'X-Audit-Engagement' })]);
    expectProblem(await under(undefined, trial(w.unionA.id, PERIOD, PERIOD)), 403, 'AUTH.ENGAGEMENT_REQUIRED');
    expect((await under(undefined, '/audit-engagements')).body.map((e: { id: string }) => e.id).sort()).toEqual([first.id, second.id].sort());
    expect((await under(undefined, `/audit-engagements/${second.id}/findings`)).status).toBe(200);
    expect((await t.api.get('/auth/me', w.internal.token)).status).toBe(200);

    // under the first: union A, this month only
    expect((await under(first.id, '/unions')).body.items.map((u: { id: string }) => u.id)).toEqual([w.unionA.id]);
    expect((await under(first.id, trial(w.unionA.id, PERIOD, PERIOD))).status).toBe(200);
    expectProblem(await under(first.id, trial(w.unionA.id, `${LAST_YEAR}-01`, `${LAST_YEAR}-12`)), 403, 'AUTH.OUT_OF_ENGAGEMENT');
    expectProblem(await under(first.id, trial(w.unionB.id, PERIOD, PERIOD)), 404);
    // under the second: union B, last year only
    expect((await under(second.id, '/unions')).body.items.map((u: { id: string }) => u.id)).toEqual([w.unionB.id]);
    expect((await under(second.id, trial(w.unionB.id, `${LAST_YEAR}-01`, `${LAST_YEAR}-12`))).status).toBe(200);
    expectProblem(await under(second.id, trial(w.unionB.id, PERIOD, PERIOD)), 403, 'AUTH.OUT_OF_ENGAGEMENT');
    expectProblem(await under(second.id, trial(w.unionA.id, `${LAST_YEAR}-01`, `${LAST_YEAR}-12`)), 404);

    // an engagement that is not one of the auditor's in force is refused, whatever the header holds
    const others = (await w.open(w.supervisor.token, { kind: 'social', auditorUserIds: [w.social.id], allUnions: true })).body;
    for (const value of [others.id, '00000000-0000-0000-0000-000000000000', 'not-a-uuid', `${first.id},${second.id}`]) {
      expectProblem(await under(value, '/unions'), 403, 'AUTH.ENGAGEMENT_NOT_HELD');
    }

    // each read is recorded with the one engagement it was made under
    const { rows } = await t.sql.query(
      `SELECT detail FROM audit_record WHERE actor_user_id = $1 AND action = 'audit.read' AND detail->>'path' LIKE '%/unions' ORDER BY seq`, [w.internal.id],
    );
    expect(rows.map((r) => r.detail.engagementIds)).toEqual([[first.id], [second.id]]);

    // once the second is closed the first is the only one and needs no naming
    await t.api.post(`${w.base}/audit-engagements/${second.id}/close`, w.supervisor.token, { reason: '审计工作已完成' });
    expect((await under(undefined, '/unions')).body.items.map((u: { id: string }) => u.id)).toEqual([w.unionA.id]);
    expectProblem(await under(second.id, '/unions'), 403, 'AUTH.ENGAGEMENT_NOT_HELD');
  });

  it('reads point-in-time reports of an earlier year as of its last day, never later', async () => {
    const w = await world();
    const LAST_YEAR = String(Number(PERIOD.slice(0, 4)) - 1);
    await w.open(t.adminToken, {
      kind: 'state', auditorUserIds: [w.state.id], allUnions: true, periodFrom: `${LAST_YEAR}-01`, periodTo: `${LAST_YEAR}-12`,
    });
    // asked without a day: the engagement's last day (today would show this year's money)
    for (const path of ['/dues/arrears', '/reports/cash-position', '/overview/preparation-funds']) {
      const read = await t.api.get(`${w.base}${path}`, w.state.token);
      expect([path, read.status, read.body.asOf]).toEqual([path, 200, `${LAST_YEAR}-12-31`]);
      expectProblem(await t.api.get(`${w.base}${path}?asOf=${TODAY}`, w.state.token), 403, 'AUTH.OUT_OF_ENGAGEMENT');
      expect((await t.api.get(`${w.base}${path}?asOf=${LAST_YEAR}-06-30`, w.state.token)).body.asOf).toBe(`${LAST_YEAR}-06-30`);
    }
    // this year's receipts are not in last year's cash; the centre's staff still read today by default
    expect((await t.api.get(`${w.base}/reports/cash-position`, w.state.token)).body.totals.bank).toBe('0.00');
    const staff = (await t.api.get(`${w.base}/reports/cash-position`, w.accountant.token)).body;
    expect([staff.asOf, staff.totals.bank]).toEqual([TODAY, '3000.00']);
  });

  it('records findings, the union’s rectification and the auditor’s closing', async () => {
    const w = await world();
    const engagement = (await w.open(w.supervisor.token, { kind: 'internal', auditorUserIds: [w.internal.id], unionIds: [w.unionA.id] })).body;
    const treasurerA = await newUser(t, w.centre.id, 'union_treasurer', { unionId: w.unionA.id });
    const treasurerB = await newUser(t, w.centre.id, 'union_treasurer', { unionId: w.unionB.id });

    expectProblem(await t.api.post(`${w.base}/audit-engagements/${engagement.id}/findings`, w.internal.token, {
      unionId: w.unionB.id, title: 'x', opinion: 'y',
    }), 422, 'ENGAGEMENT.UNION_OUTSIDE_SCOPE');
    const finding = await t.api.post(`${w.base}/audit-engagements/${engagement.id}/findings`, w.internal.token, {
      unionId: w.unionA.id, title: '部分慰问品发放缺少签收记录', opinion: '春节慰问品发放表缺少12名会员签收', requirement: '补齐签收记录', dueOn: dayOffset(30),
    });
    expect(finding.status).toBe(201);
    expect(finding.body).toEqual(expect.objectContaining({ number: 1, status: 'open', unionId: w.unionA.id }));

    expect((await t.api.get(`${w.base}/audit-engagements/${engagement.id}/findings`, treasurerB.token)).body).toEqual([]);
    expectProblem(await t.api.post(`${w.base}/audit-findings/${finding.body.id}/rectifications`, treasurerB.token, { response: '无' }), 404);
    const responded = await t.api.post(`${w.base}/audit-findings/${finding.body.id}/rectifications`, treasurerA.token, {
      response: '已补齐签收记录，并制定发放管理办法', completed: true,
    });
    expect(responded.body).toEqual(expect.objectContaining({ status: 'responded', rectifications: [expect.objectContaining({ completed: true, respondedBy: treasurerA.id })] }));
    const closed = await t.api.post(`${w.base}/audit-findings/${finding.body.id}/close`, w.internal.token, {});
    expect(closed.body).toEqual(expect.objectContaining({ status: 'closed', closedBy: w.internal.id }));
    expectProblem(await t.api.post(`${w.base}/audit-findings/${finding.body.id}/rectifications`, treasurerA.token, { response: '再补充' }), 409, 'ENGAGEMENT.FINDING_CLOSED');

    const list = (await t.api.get(`${w.base}/audit-engagements/${engagement.id}/findings`, treasurerA.token)).body;
    expect(list.map((f: { title: string }) => f.title)).toEqual(['部分慰问品发放缺少签收记录']);
    const { rows } = await t.sql.query(`SELECT action FROM audit_record WHERE centre_id = $1 AND object_id = $2 ORDER BY seq`, [w.centre.id, finding.body.id]);
    expect(rows.map((r) => r.action)).toEqual(['engagement.finding', 'engagement.rectification', 'engagement.finding.close']);
  });
});
