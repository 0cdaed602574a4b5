import { newBudgetWorld, TODAY, YEAR } from '../support/budget-fixtures.js';
import { newEnterprise, newUser } from '../support/fixtures.js';
import { formatAmount } from '../../reports/pdf/format.js';
import { pageFurnitureProblems, pdfText, printsAmount } from '../support/pdf-text.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PERIOD = TODAY.slice(0, 7);
const MONTH_LABEL = `${PERIOD.slice(0, 4)}年${Number(PERIOD.slice(5, 7))}月`;

/** A printed row: its label, then the JSON amounts as every PDF prints them ("46,400.00"). */
const printedRow = (label: string, ...amounts: string[]) => [label, ...amounts.map(formatAmount)].join(' ');

/** supertest gathers a binary body into a Buffer with this parser. */
const binary = (res: NodeJS.ReadableStream, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('printed reports (PDF, in Chinese) tie out to the JSON reports and to the trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function download(path: string, token: string) {
    const response = await t.api.http().get(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary as never);
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.body}`);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.pdf"; filename\*=UTF-8''/);
    return pdfText(response.body as Buffer);
  }

  async function headOf(centreId: string, token: string) {
    const verified = await t.api.get(`/centres/${centreId}/audit/verify`, token);
    return { seq: verified.body.headSeq as number, hash: verified.body.headHash as string };
  }

  async function world() {
    const w = await newBudgetWorld(t);
    const spring = await w.item({ code: 'SPRING', name: '春节慰问', categoryCode: '501' });
    const budget = await w.approvedBudget(w.federation.id, [
      { kind: 'income', categoryCode: '402', amount: '60000.00' },
      { kind: 'expenditure', fundType: 'basic', categoryCode: '501', amount: '30000.00' },
    ]);
    await w.spendByClaim({ payee: '杭州某某商贸有限公司', amount: '3600.00', positiveListItemId: spring.id, budgetLineId: budget.lines[1].id, purpose: '春节慰问品' });
    return { ...w, spring, budget };
  }

  it('prints the ledger reports with the JSON report’s totals, the header and the chain head on every page', async () => {
    const w = await world();
    const union = w.federation.id;
    const head = await headOf(w.centre.id, w.supervisor.token);

    const trialJson = (await t.api.get(`${w.base}/reports/trial-balance?from=${PERIOD}&to=${PERIOD}&unionId=${union}`, w.accountant.token)).body;
    const trial = await download(`${w.base}/reports/trial-balance?from=${PERIOD}&to=${PERIOD}&unionId=${union}&format=pdf`, w.accountant.token);
    const furniture = { centreName: expect.any(String), periodLabel: MONTH_LABEL, chainHead: head };
    const centreName = (await t.api.get(`/centres/${w.centre.id}`, w.accountant.token)).body.name;
    expect(pageFurnitureProblems(trial, { ...furniture, title: '科目余额表', centreName, unionName: (await t.api.get(`${w.base}/unions/${union}`, w.accountant.token)).body.name })).toEqual([]);
    const t1 = trialJson.totals;
    expect(trial.text.replace(/\s+/g, ' ')).toContain(printedRow('合计', t1.openingDebit, t1.openingCredit, t1.periodDebit, t1.periodCredit, t1.closingDebit, t1.closingCredit));
    const bank = trialJson.rows.find((row: { code: string }) => row.code === '102');
    expect(trial.pages[0].lines).toContain(
      printedRow('102 银行存款', bank.openingDebit, bank.openingCredit, bank.periodDebit, bank.periodCredit, bank.closingDebit, bank.closingCredit),
    );
    expect(trial.pages[0].lines).toContain('102 银行存款 0.00 0.00 50,000.00 3,600.00 46,400.00 0.00');

    const ledgerJson = (await t.api.get(`${w.base}/reports/account-ledger?accountCode=102&from=${PERIOD}&to=${PERIOD}&unionId=${union}`, w.accountant.token)).body;
    const ledger = await download(`${w.base}/reports/account-ledger?accountCode=102&from=${PERIOD}&to=${PERIOD}&unionId=${union}&format=pdf`, w.accountant.token);
    expect(ledger.pages[0].lines[0]).toBe('明细账');
    expect(ledger.pages.at(-1)!.lines).toContain(printedRow('本期合计', ledgerJson.periodDebit, ledgerJson.periodCredit, ledgerJson.closingBalance));
    for (const row of ledgerJson.rows) expect(printsAmount(ledger.text, row.balance)).toBe(true);

    const incomeJson = (await t.api.get(`${w.base}/reports/income-expenditure?period=${PERIOD}&unionId=${union}`, w.accountant.token)).body;
    const income = await download(`${w.base}/reports/income-expenditure?period=${PERIOD}&unionId=${union}&format=pdf`, w.accountant.token);
    expect(income.text).toContain('收入支出表');
    expect(income.pages[0].lines).toContain(printedRow('收入合计', incomeJson.totalIncome.month, incomeJson.totalIncome.yearToDate));
    expect(income.pages[0].lines).toContain(printedRow('支出合计', incomeJson.totalExpenditure.month, incomeJson.totalExpenditure.yearToDate));
    expect(income.pages[0].lines).toContain(printedRow('三、收支结余', incomeJson.surplus.month, incomeJson.surplus.yearToDate));

    const sheetJson = (await t.api.get(`${w.base}/reports/balance-sheet?period=${PERIOD}&unionId=${union}`, w.accountant.token)).body;
    const sheet = await download(`${w.base}/reports/balance-sheet?period=${PERIOD}&unionId=${union}&format=pdf`, w.accountant.token);
    expect(sheet.text).toContain('资产负债表');
    const assets = sheetJson.totalAssets;
    const claims = sheetJson.totalLiabilitiesAndNetAssets;
    expect(sheet.pages[0].lines).toContain(
      [printedRow('资产总计', assets.yearStart, assets.periodEnd), printedRow('负债和净资产总计', claims.yearStart, claims.periodEnd)].join(' '),
    );

    const executionJson = await w.execution();
    const execution = await download(`${w.base}/unions/${union}/budget-execution?year=${YEAR}&format=pdf`, w.treasurer.token);
    expect(execution.text).toContain('预算执行情况表');
    const spending = executionJson.expenditure;
    expect(execution.text).toContain(
      [printedRow('支出预算合计', spending.budget, spending.adjustedBudget, spending.committed, spending.spent, spending.available), `${spending.percentExecuted}%`].join(' '),
    );
    expect(execution.text).toContain('支出预算合计 30,000.00 30,000.00 0.00 3,600.00 26,400.00');
    expect(execution.text).toContain('职工活动支出');

    // 财务公开 for the union's members: what came in and went out, and the fund balance it leaves
    const member = await newUser(t, w.centre.id, 'member', { unionId: union });
    const disclosureJson = (await t.api.get(`${w.base}/reports/disclosure/${union}?from=${PERIOD}&to=${PERIOD}`, member.token)).body;
    expect(disclosureJson).toEqual(expect.objectContaining({ totalIncome: '50000.00', totalExpenditure: '3600.00', fundBalanceStart: '0.00', fundBalanceEnd: '46400.00' }));
    const disclosure = await download(`${w.base}/reports/disclosure/${union}?from=${PERIOD}&to=${PERIOD}&format=pdf`, member.token);
    expect(disclosure.text).toContain('职工活动支出');
    expect(disclosure.text).toContain('期末经费结余 46,400.00 元');
    expect(disclosure.pages[0].lines).toContain(
      [disclosureJson.fundBalanceStart, disclosureJson.totalIncome, disclosureJson.totalExpenditure, disclosureJson.fundBalanceEnd].map(formatAmount).join(' '),
    );
    // a member of another union does not see it
    const stranger = await newUser(t, w.centre.id, 'member', { unionId: w.unionA.id });
    expect((await t.api.get(`${w.base}/reports/disclosure/${union}?from=${PERIOD}&to=${PERIOD}`, stranger.token)).status).toBe(404);
  });

  it('prints the enterprise’s dues statement and the bank reconciliation', async () => {
    const w = await world();
    const enterprise = await newEnterprise(t.api, w.accountant.token, w.centre.id, { unionId: w.unionA.id });
    await t.api.post(`${w.base}/enterprises/${enterprise.id}/payroll-declarations`, w.accountant.token, { period: PERIOD, totalPayroll: '500000.00', headcount: 30 });
    await t.api.post(`${w.base}/dues-receipts`, w.accountant.token, { receivedOn: TODAY, amount: '6000.00', channel: 'enterprise', enterpriseId: enterprise.id });
    const login = await newUser(t, w.centre.id, 'enterprise', { enterpriseId: enterprise.id });
    const statementJson = (await t.api.get(`${w.base}/enterprises/${enterprise.id}/dues-statement?year=${YEAR}`, login.token)).body;
    const statement = await download(`${w.base}/enterprises/${enterprise.id}/dues-statement?year=${YEAR}&format=pdf`, login.token);
    expect(statement.text).toContain('工会经费拨缴对账单');
    expect(statement.text).toContain(enterprise.uscc);
    expect(statement.pages[0].lines).toContain(printedRow('合计', statementJson.totalAssessed, statementJson.totalPaid, statementJson.totalOwed));
    expect(statement.pages[0].lines).toContain(`${MONTH_LABEL} 500,000.00 10,000.00 6,000.00 4,000.00 工会经费 ${TODAY} 6,000.00`);

    const reconciliation = (await t.api.get(`${w.base}/reports/bank-reconciliation?asOf=${TODAY}`, w.accountant.token)).body;
    const printed = await download(`${w.base}/reports/bank-reconciliation?asOf=${TODAY}&format=pdf`, w.accountant.token);
    expect(printed.text).toContain('银行存款余额调节表');
    expect(printed.pages[0].lines).toContain(
      [printedRow('单位银行存款日记账余额', reconciliation.bookBalance), printedRow('银行对账单余额', reconciliation.bankBalance)].join(' '),
    );
    expect(printsAmount(printed.text, reconciliation.bookBalance)).toBe(true);
    expect((await t.api.get(`${w.base}/reports/bank-reconciliation?asOf=${TODAY}&format=xml`, w.accountant.token)).status).toBe(400);
  });

  it('builds an engagement’s audit package for its auditor, tied to the trail', async () => {
    const w = await world();
    const auditor = await newUser(t, w.centre.id, 'internal_auditor');
    const engagement = (await t.api.post(`${w.base}/audit-engagements`, w.supervisor.token, {
      kind: 'internal', title: `${YEAR}年度联合会经费审计`, auditorUserIds: [auditor.id], unionIds: [w.federation.id],
      periodFrom: `${YEAR}-01`, periodTo: `${YEAR}-12`, validFrom: TODAY, validUntil: `${YEAR + 1}-12-31`,
    })).body;
    const trialJson = (await t.api.get(`${w.base}/reports/trial-balance?from=${YEAR}-01&to=${YEAR}-12&unionId=${w.federation.id}`, w.accountant.token)).body;
    const head = await headOf(w.centre.id, w.supervisor.token);

    const pkg = await download(`${w.base}/audit-engagements/${engagement.id}/package`, auditor.token);
    const flat = pkg.text.replace(/\s+/g, ' ');
    for (const part of ['审计资料包', '内部审计', `${YEAR}年度联合会经费审计`, '科目余额表', '分户明细账', '凭证清单', '预算执行情况', '冲销凭证', '预算调整', '审计记录摘录']) {
      expect(flat).toContain(part);
    }
    const totals = trialJson.totals;
    expect(flat).toContain(
      printedRow('合计', totals.openingDebit, totals.openingCredit, totals.periodDebit, totals.periodCredit, totals.closingDebit, totals.closingCredit),
    );
    const bank = trialJson.rows.find((row: { code: string }) => row.code === '102');
    expect(flat).toContain(printedRow('102 银行存款', bank.openingDebit, bank.openingCredit, bank.periodDebit, bank.periodCredit, bank.closingDebit, bank.closingCredit));
    expect(flat).toContain('102 银行存款 0.00 0.00 50,000.00 3,600.00 46,400.00 0.00');
    expect(pkg.pageCount).toBeGreaterThan(5);
    // the download itself is a read on the trail, appended before the package took the head: the footer prints the
    // record of this very read, the one after the head before the download
    const { rows } = await t.sql.query(`SELECT seq, hash, detail FROM audit_record WHERE actor_user_id = $1 AND action = 'audit.read'`, [auditor.id]);
    expect(rows.map((r) => r.detail.path)).toEqual([`/api/v1/centres/${w.centre.id}/audit-engagements/${engagement.id}/package`]);
    expect(Number(rows[0].seq)).toBe(head.seq + 1);
    expect(flat).toContain(`审计链 #${head.seq + 1} · ${rows[0].hash}`);
    // and it is the head an auditor's verification shows next
    const verified = (await t.api.get(`${w.base}/audit/verify`, auditor.token)).body;
    expect({ seq: verified.headSeq, hash: verified.headHash }).toEqual({ seq: head.seq + 1, hash: rows[0].hash });
  });
});
