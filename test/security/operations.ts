import { BUDGET_LINES, PERIOD, type RoleName, type ScopeObjects, TODAY, validUscc, YEAR } from './security-world.js';

/**
 * How to call every operation of the OpenAPI document on the objects of a scope: which object each path parameter
 * names (when not the obvious one), the query, and a plausible valid body. The security suites fail when an
 * operation of the document is missing here, so a new endpoint must be added (and thereby attacked) on purpose.
 */
export interface OperationCall {
  /** path parameters that do not name the scope's obvious object */
  params?: (o: ScopeObjects, role: RoleName) => Record<string, string>;
  query?: (o: ScopeObjects) => Record<string, string>;
  body?: (o: ScopeObjects, role: RoleName) => unknown;
  /** a list whose union filter may name another union: an empty answer is fine, a leaked object is not */
  filter?: boolean;
  /** a multipart/form-data upload: its text fields and its file */
  upload?: (o: ScopeObjects) => { fields: Record<string, string>; file: { name: string; content: string } };
}

let serial = 0;
/** unique per call (codes, user names), short enough for every code field */
export const next = () => `${Date.now().toString(36).slice(-3)}${(serial++).toString(36)}`.toUpperCase();

const kindOf = (role: RoleName): 'internal' | 'state' | 'social' =>
  role === 'state_auditor' ? 'state' : role === 'social_auditor' ? 'social' : 'internal';
const nextPeriod = () => {
  const [y, m] = PERIOD.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};
const entryBody = (o: ScopeObjects) => ({
  date: TODAY, memo: '收到其他收入', lines: [
    { unionId: o.unionId, accountCode: '102', debit: '1.00' },
    { unionId: o.unionId, accountCode: '403', credit: '1.00' },
  ],
});
const span = { from: PERIOD, to: PERIOD };

/** The obvious object of each path parameter. */
export function defaultParam(name: string, o: ScopeObjects, role: RoleName): string {
  switch (name) {
    case 'centreId': return o.centreId;
    case 'unionId': return o.unionId;
    case 'enterpriseId': return o.enterpriseId;
    case 'userId': return o.userId;
    case 'entryId': return o.entryPostedId;
    case 'budgetId': return o.budgetApprovedId;
    case 'adjustmentId': return o.adjustmentToApproveId;
    case 'claimId': return o.claimApprovedId;
    case 'engagementId': return o.engagementIds[kindOf(role)];
    case 'findingId': return o.findingId;
    case 'itemId': return o.itemId;
    case 'receiptId': return o.receiptSuspenseId;
    case 'statementId': return o.statementId;
    case 'lineNo': return '1';
    case 'period': return o.period;
    case 'runId': return o.importRunId;
    default: throw new Error(`no object for path parameter ${name}`);
  }
}

const C = '/centres/{centreId}';

export const OPERATIONS: Record<string, OperationCall> = {
  'GET /health': {},
  [`GET ${C}/audit/verify`]: {},
  [`GET ${C}/audit/records`]: { query: () => ({ limit: '5' }) },
  'GET /platform/audit/verify': {},
  'GET /platform/audit/records': { query: () => ({ limit: '5' }) },
  [`POST ${C}/audit-engagements`]: {
    body: (o) => ({
      kind: 'internal', title: '专项审计', auditorUserIds: [o.spareAuditorId], unionIds: [o.unionId],
      periodFrom: PERIOD, periodTo: PERIOD, validFrom: TODAY, validUntil: `${YEAR + 1}-06-30`,
    }),
  },
  [`GET ${C}/audit-engagements`]: {},
  [`GET ${C}/audit-engagements/{engagementId}`]: {},
  [`POST ${C}/audit-engagements/{engagementId}/close`]: { params: (o) => ({ engagementId: o.engagementToCloseId }), body: () => ({ reason: '审计工作已完成' }) },
  [`POST ${C}/audit-engagements/{engagementId}/findings`]: { body: (o) => ({ unionId: o.unionId, title: '账实不符', opinion: '现金日记账与实有现金不符' }) },
  // a union's people get the findings about their union of any engagement of the centre (test/e2e/engagements)
  [`GET ${C}/audit-engagements/{engagementId}/findings`]: { filter: true },
  [`POST ${C}/audit-findings/{findingId}/rectifications`]: { body: () => ({ response: '已补齐签收记录', completed: false }) },
  [`POST ${C}/audit-findings/{findingId}/close`]: { params: (o) => ({ findingId: o.findingToCloseId }) },
  'POST /auth/login': { body: () => ({ username: `nobody-${next()}`.toLowerCase(), password: 'not-the-password' }) },
  'GET /auth/me': {},
  // a wrong current password: the route is exercised without ending the caller's token
  'POST /auth/password': { body: () => ({ currentPassword: 'not-my-password', newPassword: 'a-new-password-123' }) },
  [`POST ${C}/users`]: {
    body: (o) => ({ username: `sec-${next()}`.toLowerCase(), displayName: '新会员', role: 'member', password: 'a-password-for-tests', unionId: o.unionId }),
  },
  [`GET ${C}/users`]: {},
  [`GET ${C}/users/{userId}`]: {},
  [`PATCH ${C}/users/{userId}`]: { body: () => ({ displayName: '改名的会员' }) },
  'POST /centres': {
    body: () => ({ code: `C-${next()}`, name: '新的托管服务中心', bankAccountNo: '33050161672700001234', bankName: '中国建设银行杭州文新支行' }),
  },
  'GET /centres': {},
  [`GET ${C}`]: {},
  [`PATCH ${C}`]: { body: () => ({ bankName: '中国建设银行杭州分行' }) },
  [`POST ${C}/unions`]: { body: () => ({ code: `U-${next()}`, name: '新工会', kind: 'grassroots', memberCount: 3 }) },
  [`GET ${C}/unions`]: { query: (o) => ({ parentUnionId: o.unionId }), filter: true },
  [`GET ${C}/unions/{unionId}`]: {},
  [`PATCH ${C}/unions/{unionId}`]: { body: () => ({ memberCount: 13 }) },
  [`DELETE ${C}/unions/{unionId}`]: { params: (o) => ({ unionId: o.unionToDeleteId }) },
  [`POST ${C}/enterprises`]: { body: (o) => ({ name: `新企业 ${next()} 有限公司`, uscc: validUscc(), unionId: o.unionId }) },
  [`GET ${C}/enterprises`]: { query: (o) => ({ unionId: o.unionId }), filter: true },
  [`GET ${C}/enterprises/{enterpriseId}`]: {},
  [`PATCH ${C}/enterprises/{enterpriseId}`]: { body: (o) => ({ payrollContactName: '张会计', unionId: o.unionId }) },
  [`DELETE ${C}/enterprises/{enterpriseId}`]: { params: (o) => ({ enterpriseId: o.enterpriseToDeleteId }) },
  [`GET ${C}/accounts`]: {},
  [`POST ${C}/accounts`]: { body: () => ({ code: `504${String(10 + (serial++ % 90))}`, name: '其他支出-明细' }) },
  [`GET ${C}/periods`]: {},
  [`POST ${C}/periods`]: { body: () => ({ period: nextPeriod() }) },
  // drafts are left in the period, so closing is refused: the route is exercised without closing the world's month
  [`POST ${C}/periods/{period}/close`]: {},
  [`POST ${C}/entries`]: { body: entryBody },
  [`GET ${C}/entries`]: { query: (o) => ({ unionId: o.unionId }), filter: true },
  [`GET ${C}/entries/{entryId}`]: {},
  [`PUT ${C}/entries/{entryId}`]: { params: (o) => ({ entryId: o.entryDraftId }), body: entryBody },
  [`DELETE ${C}/entries/{entryId}`]: { params: (o) => ({ entryId: o.entryToDeleteId }) },
  [`POST ${C}/entries/{entryId}/approve`]: { params: (o) => ({ entryId: o.entryToApproveId }) },
  [`POST ${C}/entries/{entryId}/reject`]: { params: (o) => ({ entryId: o.entryToRejectId }), body: () => ({ reason: '附件不全' }) },
  [`POST ${C}/entries/{entryId}/post`]: { params: (o) => ({ entryId: o.entryApprovedId }) },
  [`POST ${C}/entries/{entryId}/reverse`]: { body: () => ({ memo: '冲销错账' }) },
  [`GET ${C}/reports/trial-balance`]: { query: (o) => ({ ...span, unionId: o.unionId }) },
  [`GET ${C}/reports/account-ledger`]: { query: (o) => ({ ...span, unionId: o.unionId, accountCode: '102' }) },
  [`GET ${C}/reports/balance-sheet`]: { query: (o) => ({ period: PERIOD, unionId: o.unionId }) },
  [`GET ${C}/reports/income-expenditure`]: { query: (o) => ({ period: PERIOD, unionId: o.unionId }) },
  [`GET ${C}/reports/disclosure/{unionId}`]: { query: () => span },
  [`GET ${C}/reports/balances`]: { query: (o) => ({ asOf: TODAY, unionId: o.unionId }) },
  [`GET ${C}/reports/cash-position`]: { query: () => ({ asOf: TODAY }) },
  [`GET ${C}/reports/export/hledger`]: { query: (o) => ({ ...span, unionId: o.unionId }) },
  [`GET ${C}/dues-rules`]: {},
  [`POST ${C}/dues-rules`]: {
    body: () => ({ effectiveFrom: `${YEAR + 1}-01-01`, rate: '0.02', retainedShare: '0.60', preparationTransferShare: '0.60', upwardShares: [{ levelName: '上级工会', share: '0.40' }] }),
  },
  [`POST ${C}/enterprises/{enterpriseId}/payroll-declarations`]: { body: () => ({ period: PERIOD, totalPayroll: '120000.00', headcount: 10 }) },
  [`GET ${C}/enterprises/{enterpriseId}/payroll-declarations`]: {},
  [`GET ${C}/enterprises/{enterpriseId}/dues-statement`]: { query: () => ({ year: String(YEAR) }) },
  [`POST ${C}/dues-receipts`]: { body: (o) => ({ receivedOn: TODAY, amount: '100.00', channel: 'enterprise', enterpriseId: o.enterpriseId }) },
  [`GET ${C}/dues-receipts`]: { query: (o) => ({ enterpriseId: o.enterpriseId }), filter: true },
  [`POST ${C}/dues-receipts/{receiptId}/assign`]: { body: (o) => ({ enterpriseId: o.enterpriseId }) },
  [`POST ${C}/remittances`]: { body: (o) => ({ date: TODAY, lines: [{ unionId: o.unionId, amount: '1.00' }] }) },
  [`GET ${C}/dues/arrears`]: { query: (o) => ({ asOf: TODAY, unionId: o.unionId, sort: '-owed', pageSize: '20' }), filter: true },
  [`POST ${C}/enterprises/{enterpriseId}/found-union`]: {
    params: (o) => ({ enterpriseId: o.enterpriseWithoutUnionId }),
    body: () => ({ unionCode: `F-${next()}`, unionName: '新建企业工会', foundedOn: TODAY, memberCount: 8 }),
  },
  [`POST ${C}/bank-statements`]: {
    body: () => ({ sourceName: `sec-${next()}.csv`, lines: [{ date: TODAY, amount: '-1.00', balance: '-31.00', reference: `FEE-${next()}` }] }),
  },
  [`GET ${C}/bank-statements`]: {},
  [`POST ${C}/bank-statements/{statementId}/lines/{lineNo}/match`]: { body: (o) => ({ entryId: o.bankEntryId }) },
  [`GET ${C}/reports/bank-reconciliation`]: { query: () => ({ asOf: TODAY }) },
  [`GET ${C}/positive-list`]: {},
  [`POST ${C}/positive-list`]: { body: () => ({ code: `P-${next()}`, name: '困难职工帮扶', categoryCode: '502', effectiveFrom: `${YEAR}-01-01` }) },
  [`GET ${C}/positive-list/{itemId}`]: {},
  [`POST ${C}/positive-list/{itemId}/versions`]: { body: () => ({ name: '职工文体活动', categoryCode: '501', capPerMemberYear: '4000.00', effectiveFrom: `${YEAR + 1}-01-01` }) },
  [`GET ${C}/budgets`]: { query: (o) => ({ unionId: o.unionId, sort: '-expenditureTotal', pageSize: '20' }), filter: true },
  [`POST ${C}/budgets`]: { body: (o) => ({ unionId: o.unionId, year: YEAR + 5, lines: BUDGET_LINES }) },
  [`GET ${C}/budgets/{budgetId}`]: {},
  [`PUT ${C}/budgets/{budgetId}`]: { params: (o) => ({ budgetId: o.budgetDraftId }), body: () => ({ memo: '修改', lines: BUDGET_LINES }) },
  [`POST ${C}/budgets/{budgetId}/submit`]: { params: (o) => ({ budgetId: o.budgetDraftId }) },
  [`POST ${C}/budgets/{budgetId}/return`]: { params: (o) => ({ budgetId: o.budgetToReturnId }), body: () => ({ reason: '依据不足' }) },
  [`POST ${C}/budgets/{budgetId}/approve`]: { params: (o) => ({ budgetId: o.budgetToApproveId }) },
  [`GET ${C}/budgets/{budgetId}/versions`]: {},
  [`GET ${C}/budgets/{budgetId}/adjustments`]: {},
  [`POST ${C}/budgets/{budgetId}/adjustments`]: { body: (o) => ({ reason: '追加', changes: [{ budgetLineId: o.budgetLineId, change: '5.00' }] }) },
  [`GET ${C}/budget-adjustments/{adjustmentId}`]: {},
  [`POST ${C}/budget-adjustments/{adjustmentId}/approve`]: {},
  [`POST ${C}/budget-adjustments/{adjustmentId}/reject`]: { params: (o) => ({ adjustmentId: o.adjustmentToRejectId }), body: () => ({ reason: '无必要' }) },
  [`GET ${C}/unions/{unionId}/budget-execution`]: { query: () => ({ year: String(YEAR) }) },
  [`GET ${C}/budget-execution`]: { query: () => ({ year: String(YEAR) }) },
  [`POST ${C}/spending-claims`]: {
    body: (o) => ({ unionId: o.unionId, payee: '某某商店', amount: '10.00', positiveListItemId: o.itemId, budgetLineId: o.budgetLineId, purpose: '职工活动', memberCount: 1 }),
  },
  [`GET ${C}/spending-claims`]: { query: (o) => ({ unionId: o.unionId }), filter: true },
  [`GET ${C}/spending-claims/{claimId}`]: {},
  [`POST ${C}/spending-claims/{claimId}/approve`]: { params: (o) => ({ claimId: o.claimToApproveId }) },
  [`POST ${C}/spending-claims/{claimId}/post`]: { body: () => ({ date: TODAY }) },
  [`POST ${C}/spending-claims/{claimId}/refuse`]: { params: (o) => ({ claimId: o.claimToRefuseId }), body: () => ({ reason: '超出标准' }) },
  [`POST ${C}/spending-claims/{claimId}/withdraw`]: { params: (o) => ({ claimId: o.claimToWithdrawId }) },
  [`GET ${C}/audit-engagements/{engagementId}/package`]: {},
  [`GET ${C}/periods/{period}/close-checks`]: {},
  [`GET ${C}/overview/dues-by-month`]: { query: () => ({ year: String(YEAR) }) },
  [`GET ${C}/overview/preparation-funds`]: { query: () => ({ asOf: TODAY }) },
  [`GET ${C}/overview/founding-rate`]: { query: () => span },
  [`POST ${C}/imports`]: {
    // an enterprise that is not there: a run starts and refuses its row
    upload: () => ({ fields: { kind: 'receipts', channel: 'enterprise' }, file: { name: 'receipts.csv', content: `统一社会信用代码,金额,入账日期\r\n${validUscc()},1.00,${TODAY}\r\n` } }),
  },
  [`GET ${C}/imports`]: {},
  [`GET ${C}/imports/{runId}`]: {},
  [`GET ${C}/imports/{runId}/refused`]: {},
};

/** The request an operation makes on a scope's objects as a role. */
export function requestFor(method: string, path: string, o: ScopeObjects, role: RoleName) {
  const call = OPERATIONS[`${method.toUpperCase()} ${path}`];
  if (!call) throw new Error(`no call for ${method.toUpperCase()} ${path}`);
  const overrides = call.params?.(o, role) ?? {};
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(overrides[name] ?? defaultParam(name, o, role)));
  const query = call.query?.(o);
  const search = query ? `?${new URLSearchParams(query).toString()}` : '';
  return { url: url + search, body: call.body?.(o, role), filter: call.filter === true, upload: call.upload?.(o) };
}
