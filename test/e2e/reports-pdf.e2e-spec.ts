import { newBudgetWorld, TODAY, YEAR } from '../support/budget-fixtures.js';
import { newEnterprise, newUser } from '../support/fixtures.js';
import { pageFurnitureProblems, pdfText } from '../support/pdf-text.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const PERIOD = TODAY.slice(0, 7);
const MONTH_LABEL = `${PERIOD.slice(0, 4)}年${Number(PERIOD.slice(5, 7))}月`;

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
    expect(trial.text.replace(/\s+/g, ' ')).toContain(['合计', t1.openingDebit, t1.openingCredit, t1.periodDebit, t1.periodCredit, t1.closingDebit, t1.closingCredit].join(' '));
    expect(trial.text).toContain('102 银行存款');

    const ledgerJson = (await t.api.get(`${w.base}/reports/account-ledger?accountCode=102&from=${PERIOD}&to=${PERIOD}&unionId=${union}`, w.accountant.token)).body;
    const ledger = await download(`${w.base}/reports/account-ledger?accountCode=102&from=${PERIOD}&to=${PERIOD}&unionId=${union}&format=pdf`, w.accountant.token);
    expect(ledger.pages[0].lines[0]).toBe('明细账');
    expect(ledger.text).toContain(ledgerJson.closingBalance);
    expect(ledger.text).toContain(ledgerJson.periodDebit);

    const incomeJson = (await t.api.get(`${w.base}/reports/income-expenditure?period=${PERIOD}&unionId=${union}`, w.accountant.token)).body;
    const income = await download(`${w.base}/reports/income-expenditure?period=${PERIOD}&unionId=${union}&format=pdf`, w.accountant.token);
    expect(income.text).toContain('收入支出表');
    expect(income.text).toContain(incomeJson.totalIncome.yearToDate);
    expect(income.text).toContain(incomeJson.totalExpenditure.yearToDate);

    const sheetJson = (await t.api.get(`${w.base}/reports/balance-sheet?period=${PERIOD}&unionId=${union}`, w.accountant.token)).body;
    const sheet = await download(`${w.base}/reports/balance-sheet?period=${PERIOD}&unionId=${union}&format=pdf`, w.accountant.token);
    expect(sheet.text).toContain('资产负债表');
    expect(sheet.text).toContain(sheetJson.totalAssets.periodEnd);

    const executionJson = await w.execution();
    const execution = await download(`${w.base}/unions/${union}/budget-execution?year=${YEAR}&format=pdf`, w.treasurer.token);
    expect(execution.text).toContain('预算执行情况表');
    expect(execution.text).toContain(executionJson.expenditure.spent);
    expect(execution.text).toContain('职工活动支出');

    // 财务公开 for the union's members: what came in and went out, and the fund balance it leaves
    const member = await newUser(t, w.centre.id, 'member', { unionId: union });
    const disclosureJson = (await t.api.get(`${w.base}/reports/disclosure/${union}?from=${PERIOD}&to=${PERIOD}`, member.token)).body;
    expect(disclosureJson).toEqual(expect.objectContaining({ totalIncome: '50000.00', totalExpenditure: '3600.00', fundBalanceStart: '0.00', fundBalanceEnd: '46400.00' }));
    const disclosure = await download(`${w.base}/reports/disclosure/${union}?from=${PERIOD}&to=${PERIOD}&format=pdf`, member.token);
    expect(disclosure.text).toContain('职工活动支出');
    expect(disclosure.text).toContain('46400.00');
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
    for (const value of [statementJson.totalAssessed, statementJson.totalPaid, statementJson.totalOwed]) expect(statement.text).toContain(value);

    const reconciliation = (await t.api.get(`${w.base}/reports/bank-reconciliation?asOf=${TODAY}`, w.accountant.token)).body;
    const printed = await download(`${w.base}/reports/bank-reconciliation?asOf=${TODAY}&format=pdf`, w.accountant.token);
    expect(printed.text).toContain('银行存款余额调节表');
    expect(printed.text).toContain(reconciliation.bookBalance);
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
    expect(flat).toContain(trialJson.totals.periodDebit);
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
