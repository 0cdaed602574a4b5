import createClient, { type Middleware } from 'openapi-fetch';
import { endSession, session } from '../session';
import type { paths } from './schema';
import { BUDGET_MESSAGES } from '../budget-problems';
import { ENGAGEMENT_HEADER, engagementHeader } from '../engagement-scope';

/** The typed API client: paths and bodies come from schema.d.ts, generated from the service's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: '' });

const auth: Middleware = {
  onRequest({ request }) {
    const token = session.current?.token;
    if (token && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${token}`);
    // an auditor's every request is made under the engagement chosen in the header (the API never merges two)
    const engagement = engagementHeader();
    if (engagement && !request.headers.has(ENGAGEMENT_HEADER)) request.headers.set(ENGAGEMENT_HEADER, engagement);
    return request;
  },
  onResponse({ request, response }) {
    // a 401 anywhere but the login itself means the token is no longer good: back to the login page
    if (response.status === 401 && !new URL(request.url).pathname.endsWith('/auth/login') && session.current) {
      endSession('登录已失效或已过期，请重新登录。');
    }
    return response;
  },
};
api.use(auth);

/** The RFC 9457 body every error of the service carries. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: Array<{ field: string; message: string }>;
}

const MESSAGES: Record<string, string> = {
  // budget control and spending claims (web/src/budget-problems.ts), first so that other lines append below
  ...BUDGET_MESSAGES,
  'AUTH.INVALID_CREDENTIALS': '用户名或密码错误。',
  'AUTH.TOO_MANY_ATTEMPTS': '登录尝试过于频繁，请稍后再试。',
  'AUTH.TOKEN_EXPIRED': '登录已过期，请重新登录。',
  'AUTH.TOKEN_INVALID': '登录已失效，请重新登录。',
  'AUTH.NO_ENGAGEMENT': '您当前没有有效的审计项目，无法查看。',
  'AUTH.OUT_OF_ENGAGEMENT': '所查期间不在审计项目范围内。',
  'AUTH.ENGAGEMENT_REQUIRED': '您有多个有效的审计项目，请先在页头选择本次查阅所依据的审计项目。',
  'AUTH.ENGAGEMENT_NOT_HELD': '所选审计项目已不在有效期内或已关闭，请重新选择审计项目。',
  'LEDGER.UNBALANCED': '借贷不平：借方合计与贷方合计不相等。',
  'LEDGER.TOTAL_TOO_LARGE': '凭证合计金额超出账簿可记录的最大金额。',
  'LEDGER.UNBALANCED_UNION': '分户不平：有工会的借方与贷方不相等（每个工会须各自平衡）。',
  'LEDGER.PERIOD_NOT_OPEN': '凭证日期所在会计期间未开启或已结账。',
  'LEDGER.CASH_INSUFFICIENT': '工会现金/银行存款余额不足。',
  'LEDGER.ACCOUNT_NOT_POSTABLE': '所选科目不是末级科目，不能记账。',
  'LEDGER.FOUR_EYES': '四眼原则：不能审核自己编制的凭证。',
  'COMMON.VALIDATION_FAILED': '填写的内容有误，请检查。',
  'AUTH.USERNAME_TAKEN': '该用户名已被使用，请换一个。',
  'AUTH.ROLE_NOT_GRANTABLE': '您无权授予或管理该角色（国家审计账号由系统管理员管理）。',
  'AUTH.SCOPE_MISMATCH': '角色与所属不符：工会财务、工会主席、职工会员须关联工会，企业账号须关联企业，其他角色不关联。',
  'AUTH.UNION_NOT_IN_CENTRE': '所选工会不属于本中心。',
  'AUTH.ENTERPRISE_NOT_IN_CENTRE': '所选企业不属于本中心。',
  'ENGAGEMENT.STATE_BY_ADMINISTRATOR': '国家审计项目由系统管理员开立和关闭。',
  'ENGAGEMENT.AUDITOR_ROLE': '审计人员须为本中心该审计类别对应角色的有效账号。',
  'ENGAGEMENT.UNKNOWN_UNION': '所选工会不属于本中心。',
  'ENGAGEMENT.CLOSED': '该审计项目已关闭。',
  'DUES.UNKNOWN_USCC': '找不到该统一社会信用代码的企业。',
  'DUES.NO_RULE': '该日期没有适用的经费拨缴规则（收款或建会划转筹备金均需要）。',
  'DUES.NO_STREET_UNION': '本中心尚未登记街道（乡镇）工会，无法挂账待查明款项或建会筹备金。',
  'DUES.RECEIPT_NOT_IN_SUSPENSE': '该笔收款已分配，不在待查明款项中。',
  'BANKING.ALREADY_MATCHED': '该银行流水或凭证已勾对过。',
  'BANKING.NOT_A_BANK_MOVEMENT': '所选凭证不是已记账的统一账户收支，或金额与银行流水不一致。',
  'COMMON.IDEMPOTENCY_KEY_REUSED': '重复提交的内容与首次不同，请关闭后重新填写。',
  'COMMON.PAYLOAD_TOO_LARGE': '提交的内容过大（对账单行数过多），请拆分后再导入。',
  'LEDGER.PERIOD_ORDER': '会计期间须按顺序开启和结账（或该期间已结账）。',
  'LEDGER.PERIOD_HAS_PENDING_ENTRIES': '该期间尚有未记账的凭证，不能结账。',
  'LEDGER.TRIAL_BALANCE_UNBALANCED': '试算不平衡，不能结账。',
  'ORG.USCC_TAKEN': '该统一社会信用代码已登记过企业。',
  'ORG.UNION_CODE_TAKEN': '工会编码已被使用。',
  'ORG.UNION_NAME_TAKEN': '工会名称已被使用。',
  'ORG.PARENT_KIND_NOT_ALLOWED': '所选上级工会的类型不允许作为该工会的上级。',
  'ORG.ENTERPRISE_UNION_NOT_GRASSROOTS': '企业只能隶属于基层工会。',
  'PREPARATION.ENTERPRISE_HAS_UNION': '该企业已建立工会。',
};

/** A problem as a Chinese sentence for the user: our own words for codes we know, else the service's title and detail. */
export function problemMessage(problem: unknown, fallback = '操作未完成。'): string {
  if (!problem || typeof problem !== 'object') return `${fallback}（网络或服务无响应）`;
  const { code, detail, title, status } = problem as Problem;
  if (code && MESSAGES[code]) return MESSAGES[code];
  if (code?.startsWith('BUDGET.')) return `预算控制未通过（${code}）：${detail ?? title ?? ''}`;
  if (status === 403) return '您的角色无权执行此操作。';
  if (status === 404) return '对象不存在或不在您的权限范围内。';
  if (status && status >= 500) return '服务暂时出错，请稍后再试。';
  return `${fallback}${code ? `（${code}）` : ''}${detail ? `：${detail}` : ''}`;
}

/** A fresh Idempotency-Key: one per form, so that a double submit is answered once. */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
