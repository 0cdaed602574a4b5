import type {
  AccountLedgerModel,
  AuditPackageModel,
  AuditTrailRecordModel,
  BalanceSheetModel,
  BankReconciliationModel,
  BudgetExecutionModel,
  DuesStatementModel,
  IncomeExpenditureModel,
  JournalEntryModel,
  LedgerRowModel,
  MemberDisclosureModel,
  ScopeUnionModel,
  TrialBalanceModel,
  TrialBalanceRowModel,
} from './models.js';
import { fromFen, toFen } from './pdf/format.js';
import type { ReportMeta } from './pdf/report-canvas.js';

/**
 * Hand-built report models with Chinese names: the layout tests render them, and they show a service what each model
 * holds. Amounts add up the way the service's would (totals are the sums of their lines).
 */

export const SAMPLE_CENTRE = '杭州市西湖区文新街道工会经费托管服务中心';
export const SAMPLE_CHAIN_HASH = 'd073c97d36af53bc25b989686cec5aa86a2a345faee76a1621523b5e6938337e';

export const SAMPLE_UNIONS: ScopeUnionModel[] = [
  { id: '7f1c2a4e-0000-4000-8000-000000000101', code: 'WX-101', name: '杭州云帆网络科技有限公司工会' },
  { id: '7f1c2a4e-0000-4000-8000-000000000105', code: 'WX-105', name: '杭州拾光文化传媒有限公司工会' },
  { id: '7f1c2a4e-0000-4000-8000-000000000001', code: 'WX-001', name: '文新街道联合工会' },
];

export function sampleMeta(title: string, overrides: Partial<ReportMeta> = {}): ReportMeta {
  return {
    title,
    centreName: SAMPLE_CENTRE,
    unionName: SAMPLE_UNIONS[0].name,
    periodLabel: '2026年1月—2026年11月',
    generatedAt: '2026-11-26T08:00:00.000Z',
    chainHead: { seq: 1280, hash: SAMPLE_CHAIN_HASH },
    ...overrides,
  };
}

const amount = (fen: bigint) => fromFen(fen);
const sum = (values: string[]) => fromFen(values.reduce((total, value) => total + toFen(value), 0n));

/** code, name, level, then opening, period and closing debit and credit: a balanced year to November. */
const TRIAL_BALANCE_ROWS: Array<[string, string, number, string, string, string, string, string, string]> = [
  ['101', '库存现金', 1, '1200.00', '0.00', '3000.00', '3339.50', '860.50', '0.00'],
  ['102', '银行存款', 1, '356000.00', '0.00', '158220.00', '80096.83', '434123.17', '0.00'],
  ['112', '应收上级经费', 1, '0.00', '0.00', '12000.00', '0.00', '12000.00', '0.00'],
  ['113', '其他应收款', 1, '500.00', '0.00', '0.00', '500.00', '0.00', '0.00'],
  ['211', '应付上级经费', 1, '0.00', '42000.00', '50000.00', '59234.17', '0.00', '51234.17'],
  ['21101', '应付上级经费-市总工会', 2, '0.00', '25200.00', '30000.00', '35540.50', '0.00', '30740.50'],
  ['21102', '应付上级经费-区总工会', 2, '0.00', '16800.00', '20000.00', '23693.67', '0.00', '20493.67'],
  ['301', '工会资金', 1, '0.00', '315700.00', '0.00', '0.00', '0.00', '315700.00'],
  ['401', '会费收入', 1, '0.00', '0.00', '0.00', '20460.00', '0.00', '20460.00'],
  ['402', '拨缴经费收入', 1, '0.00', '0.00', '0.00', '122760.00', '0.00', '122760.00'],
  ['403', '上级补助收入', 1, '0.00', '0.00', '0.00', '15000.00', '0.00', '15000.00'],
  ['501', '职工活动支出', 1, '0.00', '0.00', '63500.00', '0.00', '63500.00', '0.00'],
  ['502', '维权支出', 1, '0.00', '0.00', '4800.00', '0.00', '4800.00', '0.00'],
  ['503', '业务支出', 1, '0.00', '0.00', '9870.50', '0.00', '9870.50', '0.00'],
];

/** A trial balance over the sample chart; `extraAccounts` more (empty) sub-accounts of 113 make it long. */
export function sampleTrialBalance(extraAccounts = 0): TrialBalanceModel {
  const rows: TrialBalanceRowModel[] = TRIAL_BALANCE_ROWS.map(
    ([code, name, level, openingDebit, openingCredit, periodDebit, periodCredit, closingDebit, closingCredit]) => ({
      code,
      name,
      level,
      openingDebit,
      openingCredit,
      periodDebit,
      periodCredit,
      closingDebit,
      closingCredit,
    }),
  );
  for (let index = 0; index < extraAccounts; index += 1) {
    rows.splice(4 + index, 0, {
      code: `113${String(index + 1).padStart(2, '0')}`,
      name: `其他应收款-备用金（第${index + 1}组）`,
      level: 2,
      openingDebit: '0.00',
      openingCredit: '0.00',
      periodDebit: '0.00',
      periodCredit: '0.00',
      closingDebit: '0.00',
      closingCredit: '0.00',
    });
  }
  const firstLevel = rows.filter((row) => row.level === 1);
  const total = (key: keyof Omit<TrialBalanceRowModel, 'code' | 'name' | 'level'>) => sum(firstLevel.map((row) => row[key]));
  const totals = {
    openingDebit: total('openingDebit'),
    openingCredit: total('openingCredit'),
    periodDebit: total('periodDebit'),
    periodCredit: total('periodCredit'),
    closingDebit: total('closingDebit'),
    closingCredit: total('closingCredit'),
  };
  const balanced =
    totals.openingDebit === totals.openingCredit && totals.periodDebit === totals.periodCredit && totals.closingDebit === totals.closingCredit;
  return { from: '2026-01', to: '2026-11', rows, totals, balanced };
}

const MEMOS = ['收到杭州云帆网络科技有限公司2026年3月工会经费', '支付职工春节慰问品', '上解市总工会经费', '支付职工篮球赛场地费', '收到会员会费', '购买职工书屋图书'];
const SPENDING_MEMOS = ['支付职工春节慰问品', '支付职工篮球赛场地费', '购买职工书屋图书', '支付困难职工帮扶金'];

/** A bank-account ledger of `rows` postings with a running balance. */
export function sampleAccountLedger(rows = 12): AccountLedgerModel {
  let balance = 5_000_000n;
  let debit = 0n;
  let credit = 0n;
  const ledgerRows: LedgerRowModel[] = [];
  for (let index = 0; index < rows; index += 1) {
    const inflow = index % 3 !== 1;
    const fen = BigInt(((index * 7919) % 50_000) + 1_000) * 100n + BigInt(index % 100);
    if (inflow) {
      debit += fen;
      balance += fen;
    } else {
      credit += fen;
      balance -= fen;
    }
    const month = String((index % 11) + 1).padStart(2, '0');
    ledgerRows.push({
      date: `2026-${month}-${String((index % 27) + 1).padStart(2, '0')}`,
      entryNumber: index + 1,
      period: `2026-${month}`,
      memo: MEMOS[index % MEMOS.length],
      debit: amount(inflow ? fen : 0n),
      credit: amount(inflow ? 0n : fen),
      balance: amount(balance),
    });
  }
  return {
    account: { code: '102', name: '银行存款', normalSide: 'debit' },
    from: '2026-01',
    to: '2026-11',
    openingBalance: '50000.00',
    rows: ledgerRows,
    periodDebit: amount(debit),
    periodCredit: amount(credit),
    closingBalance: amount(balance),
  };
}

export function sampleBalanceSheet(): BalanceSheetModel {
  const assets = [
    { code: '101', name: '库存现金', yearStart: '1200.00', periodEnd: '860.50' },
    { code: '102', name: '银行存款', yearStart: '356000.00', periodEnd: '412345.67' },
    { code: '112', name: '应收上级经费', yearStart: '0.00', periodEnd: '12000.00' },
    { code: '113', name: '其他应收款', yearStart: '500.00', periodEnd: '0.00' },
  ];
  const liabilities = [{ code: '211', name: '应付上级经费', yearStart: '42000.00', periodEnd: '51234.17' }];
  const netAssets = [
    { code: '301', name: '工会资金', yearStart: '315700.00', periodEnd: '373972.00' },
    { code: '302', name: '专项资金', yearStart: '0.00', periodEnd: '0.00' },
  ];
  const total = (lines: Array<{ yearStart: string; periodEnd: string }>) => ({
    yearStart: sum(lines.map((l) => l.yearStart)),
    periodEnd: sum(lines.map((l) => l.periodEnd)),
  });
  return {
    period: '2026-11',
    assets,
    totalAssets: total(assets),
    liabilities,
    totalLiabilities: total(liabilities),
    netAssets,
    totalNetAssets: total(netAssets),
    totalLiabilitiesAndNetAssets: total([...liabilities, ...netAssets]),
    balanced: true,
  };
}

export function sampleIncomeExpenditure(): IncomeExpenditureModel {
  const income = [
    { code: '401', name: '会费收入', month: '1860.00', yearToDate: '20460.00' },
    { code: '402', name: '拨缴经费收入', month: '11160.00', yearToDate: '122760.00' },
    { code: '403', name: '上级补助收入', month: '0.00', yearToDate: '15000.00' },
  ];
  const expenditure = [
    { code: '501', name: '职工活动支出', month: '8200.00', yearToDate: '63500.00' },
    { code: '502', name: '维权支出', month: '0.00', yearToDate: '4800.00' },
    { code: '503', name: '业务支出', month: '1250.50', yearToDate: '9870.50' },
  ];
  const total = (lines: Array<{ month: string; yearToDate: string }>) => ({
    month: sum(lines.map((l) => l.month)),
    yearToDate: sum(lines.map((l) => l.yearToDate)),
  });
  const totalIncome = total(income);
  const totalExpenditure = total(expenditure);
  return {
    period: '2026-11',
    income,
    totalIncome,
    expenditure,
    totalExpenditure,
    surplus: {
      month: fromFen(toFen(totalIncome.month) - toFen(totalExpenditure.month)),
      yearToDate: fromFen(toFen(totalIncome.yearToDate) - toFen(totalExpenditure.yearToDate)),
    },
  };
}

export function sampleBudgetExecution(unionName = SAMPLE_UNIONS[0].name): BudgetExecutionModel {
  return {
    unionName,
    year: 2026,
    status: 'approved',
    version: 2,
    lines: [
      { lineNo: 1, kind: 'income', fundType: null, categoryCode: '401', categoryName: '会费收入', projectName: null, budget: '20000.00', adjustedBudget: '20000.00', committed: '0.00', spent: '20460.00', available: null, percentExecuted: '102.30' },
      { lineNo: 2, kind: 'income', fundType: null, categoryCode: '402', categoryName: '拨缴经费收入', projectName: null, budget: '120000.00', adjustedBudget: '120000.00', committed: '0.00', spent: '122760.00', available: null, percentExecuted: '102.30' },
      { lineNo: 3, kind: 'expenditure', fundType: 'basic', categoryCode: '501', categoryName: '职工活动支出', projectName: null, budget: '80000.00', adjustedBudget: '76000.00', committed: '3000.00', spent: '63500.00', available: '9500.00', percentExecuted: '83.55' },
      { lineNo: 4, kind: 'expenditure', fundType: 'project', categoryCode: '501', categoryName: '职工活动支出', projectName: '职工书屋建设', budget: '0.00', adjustedBudget: '4000.00', committed: '0.00', spent: '3870.50', available: '129.50', percentExecuted: '96.76' },
      { lineNo: 5, kind: 'expenditure', fundType: 'basic', categoryCode: '502', categoryName: '维权支出', projectName: null, budget: '10000.00', adjustedBudget: '10000.00', committed: '0.00', spent: '4800.00', available: '5200.00', percentExecuted: '48.00' },
    ],
    income: { budget: '140000.00', adjustedBudget: '140000.00', committed: '0.00', spent: '143220.00', available: null, percentExecuted: '102.30' },
    expenditure: { budget: '90000.00', adjustedBudget: '90000.00', committed: '3000.00', spent: '72170.50', available: '14829.50', percentExecuted: '80.19' },
  };
}

export function sampleDuesStatement(): DuesStatementModel {
  const periods = ['2026-01', '2026-02', '2026-03', '2026-04'].map((period, index) => {
    const assessed = index === 3 ? '18600.00' : '18000.00';
    const paid = index === 3 ? '6000.00' : '18000.00';
    return {
      period,
      payrollDeclared: index === 3 ? '930000.00' : '900000.00',
      assessed,
      paid,
      owed: fromFen(toFen(assessed) - toFen(paid)),
      kind: 'dues',
      receipts:
        index === 3
          ? [{ receivedOn: '2026-05-12', amount: '6000.00' }]
          : [
              { receivedOn: `2026-0${index + 2}-10`, amount: '10000.00' },
              { receivedOn: `2026-0${index + 2}-25`, amount: '8000.00' },
            ],
    };
  });
  return {
    enterpriseName: '杭州云帆网络科技有限公司',
    uscc: '91330106MA2GL8XX1K',
    year: 2026,
    periods,
    totalAssessed: sum(periods.map((p) => p.assessed)),
    totalPaid: sum(periods.map((p) => p.paid)),
    totalOwed: sum(periods.map((p) => p.owed)),
    credit: '0.00',
  };
}

export function sampleBankReconciliation(): BankReconciliationModel {
  return {
    asOf: '2026-11-30',
    accountNo: '33050161672700000123',
    bankName: '中国建设银行杭州文新支行',
    bookBalance: '412345.67',
    bankBalance: '398765.67',
    depositsInTransit: [{ date: '2026-11-29', amount: '18600.00', ref: '6a1d0c7e-3f11-4c59-9a43-5b7b2d1c0a11', reference: '云帆公司11月经费' }],
    paymentsInTransit: [{ date: '2026-11-30', amount: '-5000.00', ref: '0b5e6a2f-9d44-4e0b-8a7e-1c2d3e4f5a6b', reference: '支付职工篮球赛场地费' }],
    bankCreditsNotBooked: [{ date: '2026-11-30', amount: '25.00', ref: 'stmt-2026-11:41', reference: '结息' }],
    bankDebitsNotBooked: [{ date: '2026-11-28', amount: '-5.00', ref: 'stmt-2026-11:38', reference: '手续费' }],
    adjustedBookBalance: '412365.67',
    adjustedBankBalance: '412365.67',
    difference: '0.00',
    reconciled: true,
  };
}

export function sampleMemberDisclosure(): MemberDisclosureModel {
  const income = [
    { category: '会费收入', code: '401', amount: '20460.00', note: '会员 186 人' },
    { category: '拨缴经费收入', code: '402', amount: '122760.00', note: '行政按工资总额 2% 拨缴的留成部分' },
    { category: '上级补助收入', code: '403', amount: '15000.00', note: '区总工会职工书屋补助' },
  ];
  const expenditure = [
    { category: '职工活动支出', code: '501', amount: '63500.00', note: '春节慰问、篮球赛、读书活动' },
    { category: '维权支出', code: '502', amount: '4800.00', note: '困难职工帮扶 3 人' },
    { category: '业务支出', code: '503', amount: '9870.50', note: '会员培训、办公用品' },
  ];
  const totalIncome = sum(income.map((l) => l.amount));
  const totalExpenditure = sum(expenditure.map((l) => l.amount));
  const fundBalanceStart = '315700.00';
  return {
    unionName: SAMPLE_UNIONS[0].name,
    periodFrom: '2026-01',
    periodTo: '2026-11',
    income,
    totalIncome,
    expenditure,
    totalExpenditure,
    fundBalanceStart,
    fundBalanceEnd: fromFen(toFen(fundBalanceStart) + toFen(totalIncome) - toFen(totalExpenditure)),
    publishedOn: '2026-12-05',
    contact: '经审委员会 王丽 0571-8888 1234',
  };
}

/** `count` two- or three-line entries, made one at a time as they are asked for. */
export function* sampleJournalEntries(count: number): Generator<JournalEntryModel> {
  for (let index = 0; index < count; index += 1) {
    const union = SAMPLE_UNIONS[index % SAMPLE_UNIONS.length];
    const fen = BigInt(((index * 104_729) % 900_000) + 10_000);
    const split = index % 4 === 0;
    const lines = split
      ? [
          { unionId: union.id, accountCode: '102', accountName: '银行存款', debit: fromFen(fen), credit: '0.00' },
          { unionId: union.id, accountCode: '402', accountName: '拨缴经费收入', debit: '0.00', credit: fromFen(fen - fen / 2n) },
          { unionId: union.id, accountCode: '21101', accountName: '应付上级经费-市总工会', debit: '0.00', credit: fromFen(fen / 2n) },
        ]
      : [
          { unionId: union.id, accountCode: '501', accountName: '职工活动支出', debit: fromFen(fen), credit: '0.00' },
          { unionId: union.id, accountCode: '102', accountName: '银行存款', debit: '0.00', credit: fromFen(fen) },
        ];
    const month = String((Math.floor(index / Math.max(1, Math.ceil(count / 11))) % 11) + 1).padStart(2, '0');
    const memo = split ? `收到${union.name.replace(/工会$/, '')}工会经费` : SPENDING_MEMOS[index % SPENDING_MEMOS.length];
    yield { number: index + 1, date: `2026-${month}-${String((index % 27) + 1).padStart(2, '0')}`, memo, lines };
  }
}

const ACTIONS = ['entry.post', 'entry.approve', 'union.update', 'budget.approve', 'auth.login', 'POST /api/v1/centres/{id}/entries'];

/** `count` audit records in chain order, made one at a time as they are asked for. */
export function* sampleAuditTrail(count: number, firstSeq = 1): Generator<AuditTrailRecordModel> {
  for (let index = 0; index < count; index += 1) {
    const seq = firstSeq + index;
    const refused = index % 9 === 8;
    yield {
      seq,
      occurredAt: new Date(Date.UTC(2026, 10, 1, 1, 0, 0) + index * 97_000).toISOString(),
      actorUsername: index % 5 === 0 ? null : ['kuaiji', 'zhuguan', 'wangli'][index % 3],
      actorRole: index % 5 === 0 ? null : ['centre_accountant', 'centre_supervisor', 'union_treasurer'][index % 3],
      action: ACTIONS[index % ACTIONS.length],
      objectType: refused ? null : 'journal_entry',
      objectId: refused ? null : `3f6c${String(seq).padStart(4, '0')}-8d2e-4b7a-9c1d-5e6f7a8b9c0d`,
      outcome: refused ? 'refused' : 'ok',
      hash: (SAMPLE_CHAIN_HASH.slice(8) + SAMPLE_CHAIN_HASH.slice(0, 8)).replace(/^..../, seq.toString(16).padStart(4, '0')),
    };
  }
}

async function* later<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

/** A whole engagement; its long parts come from async generators, as a service's cursors would. */
export function sampleAuditPackage(options: { journalEntries?: number; trailRecords?: number } = {}): AuditPackageModel {
  return {
    engagement: {
      kind: 'social',
      kindName: null,
      title: '2026年度工会经费收支审计',
      firm: '浙江天平会计师事务所',
      allUnions: false,
      periodFrom: '2026-01',
      periodTo: '2026-11',
      validFrom: '2026-11-20',
      validUntil: '2026-12-31',
    },
    auditors: [
      { name: '陈审计', organisation: '浙江天平会计师事务所', role: '项目负责人' },
      { name: '刘晓燕', organisation: '浙江天平会计师事务所', role: '审计员' },
    ],
    unions: SAMPLE_UNIONS,
    trialBalance: sampleTrialBalance(),
    unionLedgers: later(
      SAMPLE_UNIONS.map((union, index) => ({
        unionId: union.id,
        unionCode: union.code,
        unionName: union.name,
        accounts: index === 2 ? [] : [sampleAccountLedger(8 + index * 4)],
      })),
    ),
    journal: later(sampleJournalEntries(options.journalEntries ?? 40)),
    budgetExecutions: [sampleBudgetExecution(), sampleBudgetExecution(SAMPLE_UNIONS[1].name)],
    reversals: [
      { number: 37, date: '2026-06-18', memo: '冲销 第 35 号凭证：重复登记的慰问品支出', totalDebit: '-2400.00', reversesEntryId: '2b8f3c1d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', reversesEntryNumber: 35 },
      { number: 88, date: '2026-09-02', memo: '冲销 错记科目的场地费', totalDebit: '-1500.00', reversesEntryId: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f' },
    ],
    budgetAdjustments: [
      {
        unionName: SAMPLE_UNIONS[0].name,
        year: 2026,
        number: 1,
        reason: '新增职工书屋项目，压减职工活动支出',
        status: 'approved',
        changes: [{ change: '-4000.00' }],
        newLines: [{ amount: '4000.00' }],
        requestedAt: '2026-05-06T02:30:00.000Z',
        decidedAt: '2026-05-08T06:10:00.000Z',
        resultingVersion: 2,
      },
      {
        unionName: SAMPLE_UNIONS[1].name,
        year: 2026,
        number: 1,
        reason: '追加年终慰问预算',
        status: 'rejected',
        changes: [{ change: '6000.00' }],
        newLines: [],
        requestedAt: '2026-10-15T01:00:00.000Z',
        decidedAt: '2026-10-16T03:20:00.000Z',
        resultingVersion: null,
      },
    ],
    auditTrail: later(sampleAuditTrail(options.trailRecords ?? 60, 1221)),
  };
}
