/**
 * Why budget control or the claim workflow refused something, in Chinese, with the amounts the service names
 * (BUDGET.OVERDRAWN: budget, spent, committed, available, requested; BUDGET.CAP_EXCEEDED: cap, limit, requested).
 * Pure: no Vue, no DOM (tested by jest in test/console/budget-problems.spec.ts). client.ts takes BUDGET_MESSAGES into
 * its MESSAGES, so every screen's problemMessage speaks of these codes in the same words.
 */
import { formatAmount } from './money.js';

export const BUDGET_MESSAGES: Record<string, string> = {
  'BUDGET.UNKNOWN_LINE': '所选预算行不存在，或不是本预算的行。',
  'BUDGET.LINE_OF_OTHER_UNION': '所选预算行属于其他工会的预算：工会只能在本会预算内支出。',
  'BUDGET.LINE_OF_OTHER_YEAR': '所选预算行不属于支出所在年度的预算。',
  'BUDGET.NOT_APPROVED': '所选预算行所属预算尚未批准，不能据以支出。',
  'BUDGET.NOT_EXPENDITURE_LINE': '所选预算行是收入预算行，支出须对应支出预算行。',
  'BUDGET.ITEM_NOT_ON_LIST': '该事项不在中心的正面清单内（或在该日期已停止适用）。',
  'BUDGET.WRONG_CATEGORY': '支出科目与正面清单事项或预算行的支出类别不一致。',
  'BUDGET.LINE_REQUIRED': '本会已有批准的年度预算，支出须选择所用的预算行（预算控制）。',
  'BUDGET.ITEM_REQUIRED': '该支出类别须注明对应的正面清单事项。',
  'BUDGET.HEADCOUNT_REQUIRED': '该事项按人设有限额，请填写受益人数。',
  'BUDGET.HEADCOUNT_ABOVE_MEMBERS': '受益人数超过本会会员人数。',
  'BUDGET.CAP_EXCEEDED': '超过正面清单事项的开支标准（限额）。',
  'BUDGET.OVERDRAWN': '超出预算行的可用余额：须经批准的预算调整才能增加额度。',
  'BUDGET.ADJUSTMENT_BELOW_ZERO': '调整后的预算行金额不能小于零。',
  'BUDGET.ADJUSTMENT_BELOW_USED': '调整后的预算行金额不能低于已支出与已占用之和。',
  'BUDGET.NOT_A_CATEGORY': '预算行须为一级科目：收入用401–407，支出用501–508。',
  'BUDGET.EXISTS': '该工会该年度已有预算，请在已有预算上修改或申请调整。',
  'BUDGET.WRONG_STATUS': '预算当前状态不允许此操作（可能已被他人处理），请刷新后再试。',
  'BUDGET.ADJUSTMENT_WRONG_STATUS': '该调整申请已处理，只有待审批的调整申请可以批准或驳回。',
  'BUDGET.FOUR_EYES': '四眼原则：编制、提交预算或申请调整的人不能自己审批。',
  'BUDGET.ITEM_CODE_TAKEN': '正面清单中已有相同代码的事项。',
  'BUDGET.ITEM_VERSION_EXISTS': '该事项在同一生效日期已有版本。',
  'BUDGET.LINE_MISMATCH': '预算行与支出的工会、年度、审批状态或支出类别不符。',
  'BUDGET.APPROVED_IS_FINAL': '已批准的预算只能通过预算调整变更。',
  'SPENDING.WRONG_STATUS': '支出申请当前状态不允许此操作（可能已被他人处理），请刷新后再试。',
  'SPENDING.FOUR_EYES': '四眼原则：申请人不能审批或否决自己提出的支出申请，须由本会其他负责人审批。',
  'SPENDING.NOT_RAISER': '只有申请人本人可以撤回支出申请。',
  'SPENDING.ACCOUNT_NOT_EXPENDITURE': '所选科目不是本中心的支出科目（5xx）。',
  'SPENDING.ACCOUNT_NOT_POSTABLE': '所选支出科目下设明细科目，请选择末级科目。',
  'SPENDING.PAY_FROM_ACCOUNT': '付款科目须为可记账的库存现金或银行存款科目。',
  'SPENDING.WRONG_YEAR': '支付日期须在支出申请所属年度内。',
};

export const CAP_KINDS: Record<string, string> = {
  per_event: '每次活动限额',
  per_person_occasion: '每人每次限额（按受益人数计）',
  per_member_year: '每人每年限额（按受益人数计）',
};

export interface AmountFigure {
  label: string;
  /** Formatted: 1,234.50 */
  value: string;
}

export interface BudgetRefusal {
  code: string;
  message: string;
  /** The amounts the refusal names, in reading order; empty when it names none. */
  figures: AmountFigure[];
}

type ProblemBody = { code?: string; detail?: string; title?: string } & Record<string, unknown>;

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const money = (value: unknown) => formatAmount(text(value));

/**
 * A refusal as the form shows it: the Chinese sentence and the amounts it names. Undefined for a problem that is not
 * of budget control or the claim workflow (the caller then uses problemMessage).
 */
export function budgetRefusal(problem: unknown): BudgetRefusal | undefined {
  if (!problem || typeof problem !== 'object') return undefined;
  const body = problem as ProblemBody;
  const code = body.code ?? '';
  if (!code.startsWith('BUDGET.') && !code.startsWith('SPENDING.')) return undefined;
  const base = BUDGET_MESSAGES[code] ?? `未通过（${code}）：${body.detail ?? body.title ?? ''}`;
  switch (code) {
    case 'BUDGET.OVERDRAWN': {
      if (body.available === undefined) return { code, message: base, figures: [] };
      const figures = [
        { label: '调整后预算', value: money(body.budget) },
        { label: '已支出', value: money(body.spent) },
        { label: '已占用（已批未付）', value: money(body.committed) },
        { label: '可用余额', value: money(body.available) },
        { label: '本次申请', value: money(body.requested) },
      ];
      return {
        code,
        message: `超出预算：该预算行可用余额 ${money(body.available)} 元，本次申请 ${money(body.requested)} 元。须经批准的预算调整才能增加额度。`,
        figures,
      };
    }
    case 'BUDGET.CAP_EXCEEDED': {
      const cap = CAP_KINDS[text(body.cap)] ?? '开支标准';
      // a yearly cap counts what the union spent and committed on the item this year before
      const asked = body.cap === 'per_member_year' ? '本年累计（含本次）' : '本次申请';
      return {
        code,
        message: `超过正面清单开支标准：${cap} ${money(body.limit)} 元，${asked} ${money(body.requested)} 元。`,
        figures: [
          { label: cap, value: money(body.limit) },
          { label: asked, value: money(body.requested) },
        ],
      };
    }
    case 'BUDGET.ADJUSTMENT_BELOW_USED':
      return {
        code,
        message: `${base}调整后金额 ${money(body.amount)} 元，已支出 ${money(body.spent)} 元，已占用 ${money(body.committed)} 元。`,
        figures: [
          { label: '调整后金额', value: money(body.amount) },
          { label: '已支出', value: money(body.spent) },
          { label: '已占用', value: money(body.committed) },
        ],
      };
    case 'BUDGET.HEADCOUNT_ABOVE_MEMBERS':
      return { code, message: `受益人数 ${text(body.headcount)} 人，超过本会会员人数 ${text(body.members)} 人。`, figures: [] };
    default:
      return { code, message: base, figures: [] };
  }
}
