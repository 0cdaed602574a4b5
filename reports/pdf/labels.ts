/** The Chinese words the layouts print for the service's codes; an unknown code is printed as it is. */

const ENGAGEMENT_KINDS: Record<string, string> = {
  internal: '内部审计',
  state: '国家审计',
  social: '社会审计',
  member_supervision: '会员监督',
  member: '会员监督',
};

const BUDGET_STATUSES: Record<string, string> = { draft: '草稿', submitted: '已提交', approved: '已批准' };
const ADJUSTMENT_STATUSES: Record<string, string> = { submitted: '待审批', approved: '已批准', rejected: '已驳回' };
const FUND_TYPES: Record<string, string> = { basic: '基本支出', project: '项目支出' };
const DUES_KINDS: Record<string, string> = { dues: '工会经费', preparation: '建会筹备金' };
const OUTCOMES: Record<string, string> = { ok: '成功', refused: '拒绝' };
const ROLES: Record<string, string> = {
  system_admin: '系统管理员',
  centre_accountant: '中心会计',
  centre_supervisor: '中心负责人',
  union_treasurer: '工会财务',
  union_chair: '工会主席',
  internal_auditor: '内审人员',
  state_auditor: '国家审计',
  social_auditor: '社会审计',
  member: '会员',
  enterprise: '企业',
};
const NORMAL_SIDES: Record<string, string> = { debit: '借', credit: '贷' };

const label = (labels: Record<string, string>) => (code: string | null | undefined) => (code == null ? '' : (labels[code] ?? code));

export const engagementKindLabel = label(ENGAGEMENT_KINDS);
export const budgetStatusLabel = label(BUDGET_STATUSES);
export const adjustmentStatusLabel = label(ADJUSTMENT_STATUSES);
export const fundTypeLabel = label(FUND_TYPES);
export const duesKindLabel = label(DUES_KINDS);
export const outcomeLabel = label(OUTCOMES);
export const roleLabel = label(ROLES);
export const normalSideLabel = label(NORMAL_SIDES);
