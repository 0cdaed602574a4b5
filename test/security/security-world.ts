import type request from 'supertest';
import { TODAY, YEAR } from '../support/budget-fixtures.js';
import { newEnterprise, newUnion, newUser, validUscc } from '../support/fixtures.js';
import { newLedgerWorld } from '../support/ledger-fixtures.js';
import type { TestApp } from '../support/test-app.js';

/**
 * The world the security suites attack: two centres, each with a street union over unions A and B, and a real object
 * of every kind in three scopes: union A of centre 1 ("own": the callers' union), union B of centre 1 ("other union")
 * and union A of centre 2 ("other centre"). Callers are one user of every role of centre 1, union-bound ones in union
 * A, auditors under engagements covering union A only.
 */

export const ROLES = [
  'system_admin', 'centre_accountant', 'centre_supervisor', 'union_treasurer', 'union_chair', 'member',
  'internal_auditor', 'state_auditor', 'social_auditor', 'enterprise',
] as const;
export type RoleName = (typeof ROLES)[number];

export type ScopeName = 'own' | 'otherUnion' | 'otherCentre';
export const SCOPES: ScopeName[] = ['own', 'otherUnion', 'otherCentre'];

/** The objects of one scope; every id a request of the matrix or the fuzzer names comes from here. */
export interface ScopeObjects {
  centreId: string;
  unionId: string;
  /** an enterprise of the union */
  enterpriseId: string;
  /** one to delete */
  enterpriseToDeleteId: string;
  /** one with no union yet (found-union) */
  enterpriseWithoutUnionId: string;
  /** a union with nothing in it, to delete */
  unionToDeleteId: string;
  /** a member of the union who is none of the callers, to read and update */
  userId: string;
  /** an auditor of the centre who is on no engagement (named in new engagements) */
  spareAuditorId: string;
  entryDraftId: string;
  entryToApproveId: string;
  entryToRejectId: string;
  entryToDeleteId: string;
  entryApprovedId: string;
  entryPostedId: string;
  /** a posted bank movement (matching a statement line) */
  bankEntryId: string;
  receiptSuspenseId: string;
  statementId: string;
  itemId: string;
  budgetApprovedId: string;
  budgetLineId: string;
  budgetDraftId: string;
  budgetToReturnId: string;
  budgetToApproveId: string;
  adjustmentToApproveId: string;
  adjustmentToRejectId: string;
  claimToApproveId: string;
  claimToRefuseId: string;
  claimToWithdrawId: string;
  claimApprovedId: string;
  /** an engagement covering the union, per auditor kind (the callers' own ones in scope "own") */
  engagementIds: Record<'internal' | 'state' | 'social', string>;
  /** an engagement to close */
  engagementToCloseId: string;
  findingId: string;
  findingToCloseId: string;
  /** an import run (uploaded through HTTP) of the centre */
  importRunId: string;
  period: string;
}

export interface SecurityWorld {
  centre1: string;
  centre2: string;
  tokens: Record<RoleName, string>;
  /** the staff of centre 2, whose own objects are scope "otherCentre" (for suites that work both centres at once) */
  centre2Tokens: Partial<Record<RoleName, string>>;
  users: Record<RoleName, { id: string; username: string }>;
  scopes: Record<ScopeName, ScopeObjects>;
  /** every id of each scope, to find leaks in answers */
  idsOf: Record<ScopeName, Set<string>>;
}

const PERIOD = TODAY.slice(0, 7);
const inAYear = `${YEAR + 1}-12-31`;

export const BUDGET_LINES = [
  { kind: 'income', categoryCode: '402', amount: '60000.00' },
  { kind: 'expenditure', fundType: 'basic', categoryCode: '501', amount: '30000.00' },
];

function ok(response: request.Response, what: string, status = [200, 201]) {
  if (!status.includes(response.status)) throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** One centre with its staff and union-bound people, and the objects of two of its unions. */
async function buildCentre(t: TestApp, withCallers: boolean) {
  const w = await newLedgerWorld(t, PERIOD);
  const api = t.api;
  const { base, accountant, supervisor } = w;
  const callers = withCallers ? {
    union_treasurer: await newUser(t, w.centre.id, 'union_treasurer', { unionId: w.unionA.id }),
    union_chair: await newUser(t, w.centre.id, 'union_chair', { unionId: w.unionA.id }),
    member: await newUser(t, w.centre.id, 'member', { unionId: w.unionA.id }),
    internal_auditor: await newUser(t, w.centre.id, 'internal_auditor'),
    state_auditor: await newUser(t, w.centre.id, 'state_auditor'),
    social_auditor: await newUser(t, w.centre.id, 'social_auditor'),
  } : undefined;
  const item = ok(await api.post(`${base}/positive-list`, accountant.token, {
    code: 'SEC-ITEM', name: '职工文体活动', categoryCode: '501', capPerMemberYear: '5000.00', effectiveFrom: `${YEAR}-01-01`,
  }), 'item');
  const spareAuditor = await newUser(t, w.centre.id, 'internal_auditor');
  const statement = ok(await api.post(`${base}/bank-statements`, accountant.token, {
    sourceName: 'sec.csv', lines: [{ date: TODAY, amount: '-7.00', balance: '-7.00', reference: 'SEC-1' }],
  }), 'statement');

  async function objectsOf(union: { id: string }, people: { treasurer: { token: string; id: string }; chair: { token: string }; viceChair: { token: string } }) {
    const unionId = union.id;
    const enterprise = await newEnterprise(api, accountant.token, w.centre.id, { unionId });
    const enterpriseToDelete = await newEnterprise(api, accountant.token, w.centre.id, { unionId });
    const enterpriseWithoutUnion = await newEnterprise(api, accountant.token, w.centre.id);
    const unionToDelete = await newUnion(api, accountant.token, w.centre.id, { parentUnionId: w.street.id });
    const user = await t.api.post(`/centres/${w.centre.id}/users`, t.adminToken, {
      username: `sec-m-${unionId.slice(0, 8)}`, displayName: '会员', role: 'member', password: 'a-password-for-tests', unionId,
    });
    ok(await api.post(`${base}/enterprises/${enterprise.id}/payroll-declarations`, accountant.token, { period: PERIOD, totalPayroll: '100000.00' }), 'declare');
    ok(await w.receive(unionId, '50000.00', TODAY), 'receive');
    // other income received: no budget line needed once the union's budget is approved
    const lines = (amount: string) => [
      { unionId, accountCode: '102', debit: amount },
      { unionId, accountCode: '403', credit: amount },
    ];
    const draft = async (memo: string) => ok(await api.post(`${base}/entries`, accountant.token, { date: TODAY, memo, lines: lines('10.00') }), 'entry').id as string;
    const entryDraftId = await draft('草稿');
    const entryToApproveId = await draft('待审核');
    const entryToRejectId = await draft('待退回');
    const entryToDeleteId = await draft('待删除');
    const entryApprovedId = await draft('已审核');
    ok(await api.post(`${base}/entries/${entryApprovedId}/approve`, supervisor.token, {}), 'approve');
    const posted = ok(await w.spend(unionId, '20.00', TODAY), 'spend');
    // after the statement's import, so its line (-7.00) is left for matching by hand
    const bankEntry = ok(await w.spend(unionId, '7.00', TODAY), 'spend');

    // budgets: approved this year (claims and adjustments), a draft, and two submitted ones in later years
    const budget = async (year: number, steps: Array<'submit' | 'approve'>) => {
      let body = ok(await api.post(`${base}/budgets`, accountant.token, { unionId, year, lines: BUDGET_LINES }), 'budget');
      if (steps.includes('submit')) body = ok(await api.post(`${base}/budgets/${body.id}/submit`, accountant.token, {}), 'submit');
      if (steps.includes('approve')) body = ok(await api.post(`${base}/budgets/${body.id}/approve`, supervisor.token, {}), 'approve');
      return body as { id: string; lines: Array<{ id: string; categoryCode: string }> };
    };
    const approvedBudget = await budget(YEAR, ['submit', 'approve']);
    const budgetLineId = approvedBudget.lines.find((l) => l.categoryCode === '501')!.id;
    const budgetDraft = await budget(YEAR + 1, []);
    const budgetToReturn = await budget(YEAR + 2, ['submit']);
    const budgetToApprove = await budget(YEAR + 3, ['submit']);
    const adjustment = async () => ok(await api.post(`${base}/budgets/${approvedBudget.id}/adjustments`, accountant.token, {
      reason: '调整', changes: [{ budgetLineId, change: '10.00' }],
    }), 'adjustment').id as string;
    const adjustmentToApproveId = await adjustment();
    const adjustmentToRejectId = await adjustment();

    const claim = async () => ok(await api.post(`${base}/spending-claims`, people.treasurer.token, {
      payee: '某某商店', amount: '10.00', positiveListItemId: item.id, budgetLineId, purpose: '职工活动', memberCount: 1,
    }), 'claim').id as string;
    const claimToApproveId = await claim();
    const claimToRefuseId = await claim();
    const claimToWithdrawId = await claim();
    const claimApprovedId = await claim();
    ok(await api.post(`${base}/spending-claims/${claimApprovedId}/approve`, people.chair.token, {}), 'approve claim');

    return {
      centreId: w.centre.id, unionId, enterpriseId: enterprise.id, enterpriseToDeleteId: enterpriseToDelete.id,
      enterpriseWithoutUnionId: enterpriseWithoutUnion.id, unionToDeleteId: unionToDelete.id, userId: ok(user, 'user').id,
      spareAuditorId: spareAuditor.id,
      entryDraftId, entryToApproveId, entryToRejectId, entryToDeleteId, entryApprovedId, entryPostedId: posted.id, bankEntryId: bankEntry.id,
      itemId: item.id, budgetApprovedId: approvedBudget.id, budgetLineId, budgetDraftId: budgetDraft.id, budgetToReturnId: budgetToReturn.id,
      budgetToApproveId: budgetToApprove.id, adjustmentToApproveId, adjustmentToRejectId,
      claimToApproveId, claimToRefuseId, claimToWithdrawId, claimApprovedId, period: PERIOD,
    };
  }

  // the people who raise and approve the claims of each union (the callers themselves in union A of centre 1)
  const peopleOf = async (unionId: string, own: boolean) => ({
    treasurer: own && callers ? callers.union_treasurer : await newUser(t, w.centre.id, 'union_treasurer', { unionId }),
    chair: own && callers ? callers.union_chair : await newUser(t, w.centre.id, 'union_chair', { unionId }),
    viceChair: await newUser(t, w.centre.id, 'union_chair', { unionId }),
  });
  const a = await objectsOf(w.unionA, await peopleOf(w.unionA.id, true));
  const b = withCallers ? await objectsOf(w.unionB, await peopleOf(w.unionB.id, false)) : undefined;

  // centre-level objects: a receipt in suspense (the statement with an unmatched line is above)
  const receipt = ok(await api.post(`${base}/dues-receipts`, accountant.token, { receivedOn: TODAY, amount: '100.00', channel: 'enterprise', payerName: '某公司' }), 'receipt');

  // engagements: for each auditor kind, one covering union A (the callers' ones in centre 1) and one covering union B
  // (other auditors); findings on each union
  const openEngagement = async (kind: 'internal' | 'state' | 'social', auditorId: string, unionId: string) =>
    ok(await api.post(`${base}/audit-engagements`, kind === 'state' ? t.adminToken : supervisor.token, {
      kind, title: '年度审计', auditorUserIds: [auditorId], unionIds: [unionId], periodFrom: `${YEAR - 1}-01`, periodTo: `${YEAR}-12`,
      validFrom: TODAY, validUntil: inAYear,
    }), 'engagement') as { id: string };
  const auditorsOf = async (unionId: string, callerAuditors?: Record<string, { id: string; token: string }>) => {
    const auditors: Record<string, { id: string; token: string }> = {};
    const engagementIds: Record<string, string> = {};
    for (const kind of ['internal', 'state', 'social'] as const) {
      auditors[kind] = callerAuditors?.[`${kind}_auditor`] ?? await newUser(t, w.centre.id, `${kind}_auditor`);
      engagementIds[kind] = (await openEngagement(kind, auditors[kind].id, unionId)).id;
    }
    const finding = async () => ok(await api.post(`${base}/audit-engagements/${engagementIds.internal}/findings`, auditors.internal.token, {
      unionId, title: '签收记录不全', opinion: '慰问品发放表缺少签收',
    }), 'finding').id as string;
    const engagementToCloseId = (await openEngagement('internal', auditors.internal.id, unionId)).id;
    return { engagementIds: engagementIds as ScopeObjects['engagementIds'], engagementToCloseId, findingId: await finding(), findingToCloseId: await finding() };
  };
  const upload = await t.api.http().post(`/api/v1${base}/imports`).set('Authorization', `Bearer ${accountant.token}`).field('kind', 'payroll')
    .attach('file', Buffer.from(`统一社会信用代码,所属期,职工工资总额\r\n${validUscc()},${PERIOD},1000.00\r\n`, 'utf8'), { filename: 'payroll.csv', contentType: 'text/csv' });
  const shared = { receiptSuspenseId: receipt.id, statementId: statement.id, importRunId: ok(upload, 'import', [202]).id as string };
  const own = { ...a, ...shared, ...(await auditorsOf(w.unionA.id, callers)) };
  const other = b ? { ...b, ...shared, ...(await auditorsOf(w.unionB.id)) } : undefined;
  return { w, callers, own, other };
}

export async function buildSecurityWorld(t: TestApp): Promise<SecurityWorld> {
  const one = await buildCentre(t, true);
  const two = await buildCentre(t, false);
  const enterpriseUser = await newUser(t, one.w.centre.id, 'enterprise', { enterpriseId: one.own.enterpriseId });
  const callers = one.callers!;
  const users = {
    system_admin: { id: '', username: 'admin', token: t.adminToken },
    centre_accountant: one.w.accountant,
    centre_supervisor: one.w.supervisor,
    ...callers,
    enterprise: enterpriseUser,
  } as Record<RoleName, { id: string; username: string; token: string }>;
  const scopes: Record<ScopeName, ScopeObjects> = { own: one.own, otherUnion: one.other!, otherCentre: two.own };
  const idsOf = {} as Record<ScopeName, Set<string>>;
  for (const scope of SCOPES) {
    const o = scopes[scope];
    const ids = new Set<string>();
    for (const [key, value] of Object.entries(o)) {
      // centre-level objects are shared by the two unions of a centre: only the other centre's count as foreign
      const centreLevel = ['centreId', 'itemId', 'receiptSuspenseId', 'statementId', 'importRunId', 'spareAuditorId', 'period', 'enterpriseWithoutUnionId'].includes(key);
      if (centreLevel && scope !== 'otherCentre') continue;
      if (typeof value === 'string') ids.add(value);
      else if (value && typeof value === 'object') for (const v of Object.values(value)) ids.add(v as string);
    }
    ids.delete(PERIOD);
    idsOf[scope] = ids;
  }
  return {
    centre1: one.w.centre.id,
    centre2: two.w.centre.id,
    tokens: Object.fromEntries(ROLES.map((r) => [r, users[r].token])) as Record<RoleName, string>,
    centre2Tokens: { centre_accountant: two.w.accountant.token, centre_supervisor: two.w.supervisor.token },
    users,
    scopes,
    idsOf,
  };
}

export { validUscc, TODAY, YEAR, PERIOD };
