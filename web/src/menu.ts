/**
 * The console's menu, and which role may use each screen: the same roles as the API's `x-roles` (README, Roles).
 * Pure (tested by jest in test/console/menu.spec.ts); the router's guard and the layout's menu both read it.
 */

export const ROLES = [
  'system_admin',
  'centre_accountant',
  'centre_supervisor',
  'union_treasurer',
  'union_chair',
  'internal_auditor',
  'state_auditor',
  'social_auditor',
  'member',
  'enterprise',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  system_admin: '系统管理员',
  centre_accountant: '托管中心会计',
  centre_supervisor: '托管中心负责人',
  union_treasurer: '工会财务',
  union_chair: '工会主席',
  internal_auditor: '内部审计（经审会）',
  state_auditor: '国家审计',
  social_auditor: '社会审计',
  member: '职工会员',
  enterprise: '企业',
};

export const AUDITORS: readonly Role[] = ['internal_auditor', 'state_auditor', 'social_auditor'];
const CENTRE_STAFF: Role[] = ['centre_accountant', 'centre_supervisor'];

export interface MenuItem {
  /** The route's path, also the menu index. */
  path: string;
  title: string;
  roles: readonly Role[];
  /**
   * The screen's component, `web/src/views/<view>.vue`. The router takes it when the file is there (screens.ts); a
   * screen whose file is not written yet shows a "not built yet" page.
   */
  view: string;
}

export interface MenuGroup {
  title: string;
  items: MenuItem[];
}

const UNION_OFFICERS: Role[] = ['union_treasurer', 'union_chair'];
const LEDGER_READERS: Role[] = [...CENTRE_STAFF, ...AUDITORS, ...UNION_OFFICERS];

export const MENU: MenuGroup[] = [
  {
    title: '中心概览',
    items: [{ path: '/overview', title: '经费概览图表', roles: ['system_admin', ...CENTRE_STAFF, ...AUDITORS], view: 'CentreOverview' }],
  },
  {
    title: '凭证',
    items: [
      { path: '/vouchers/new', title: '凭证录入', roles: ['centre_accountant'], view: 'VoucherEntry' },
      { path: '/approvals', title: '凭证审核', roles: ['centre_supervisor'], view: 'ApprovalQueue' },
      { path: '/vouchers', title: '凭证列表', roles: [...CENTRE_STAFF, ...AUDITORS], view: 'VoucherList' },
    ],
  },
  {
    title: '账簿与报表',
    items: [
      { path: '/reports/trial-balance', title: '科目余额表', roles: LEDGER_READERS, view: 'ReportTrialBalance' },
      { path: '/reports/account-ledger', title: '明细账', roles: LEDGER_READERS, view: 'ReportAccountLedger' },
      { path: '/reports/balance-sheet', title: '资产负债表', roles: LEDGER_READERS, view: 'ReportBalanceSheet' },
      { path: '/reports/income-expenditure', title: '收入支出表', roles: LEDGER_READERS, view: 'ReportIncomeExpenditure' },
      { path: '/reports/cash-position', title: '资金头寸', roles: [...CENTRE_STAFF, ...AUDITORS], view: 'ReportCashPosition' },
      { path: '/periods', title: '会计期间与结账', roles: CENTRE_STAFF, view: 'Periods' },
    ],
  },
  {
    title: '工会分户',
    items: [
      { path: '/union/account', title: '分户账', roles: [...UNION_OFFICERS, ...CENTRE_STAFF, ...AUDITORS], view: 'UnionAccount' },
      { path: '/disclosure', title: '财务公开', roles: ['member', ...UNION_OFFICERS], view: 'Disclosure' },
    ],
  },
  {
    title: '经费收缴',
    items: [
      { path: '/dues/receipts', title: '拨缴收款', roles: CENTRE_STAFF, view: 'DuesReceipts' },
      { path: '/dues/arrears', title: '欠缴查询', roles: CENTRE_STAFF, view: 'DuesArrears' },
      { path: '/imports', title: '数据导入', roles: ['centre_accountant'], view: 'Imports' },
      { path: '/bank/reconciliation', title: '银行对账', roles: CENTRE_STAFF, view: 'BankReconciliation' },
      { path: '/dues/statement', title: '拨缴对账单', roles: ['enterprise'], view: 'DuesStatement' },
    ],
  },
  {
    title: '预算与支出',
    items: [
      { path: '/budgets', title: '预算管理', roles: [...CENTRE_STAFF, ...UNION_OFFICERS, ...AUDITORS], view: 'Budgets' },
      { path: '/spending-claims', title: '经费支出申请', roles: [...CENTRE_STAFF, ...UNION_OFFICERS, ...AUDITORS], view: 'SpendingClaims' },
      { path: '/positive-list', title: '正面清单', roles: [...CENTRE_STAFF, ...UNION_OFFICERS], view: 'PositiveList' },
    ],
  },
  {
    title: '审计监督',
    items: [
      { path: '/audit/engagements', title: '审计项目', roles: ['system_admin', 'centre_supervisor'], view: 'AuditEngagements' },
      { path: '/audit/mine', title: '我的审计项目', roles: AUDITORS, view: 'MyEngagements' },
    ],
  },
  {
    title: '系统',
    items: [
      { path: '/organisation', title: '工会与企业', roles: CENTRE_STAFF, view: 'Organisation' },
      { path: '/users', title: '用户管理', roles: ['system_admin', 'centre_supervisor'], view: 'Users' },
    ],
  },
];

/** The menu a role sees: only the screens it may use, and no empty group. */
export function menuFor(role: Role): MenuGroup[] {
  return MENU.map((group) => ({ ...group, items: group.items.filter((item) => item.roles.includes(role)) })).filter(
    (group) => group.items.length > 0,
  );
}

export function menuItem(path: string): MenuItem | undefined {
  for (const group of MENU) for (const item of group.items) if (item.path === path) return item;
  return undefined;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
