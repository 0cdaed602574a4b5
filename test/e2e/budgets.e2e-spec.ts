import { randomUUID } from 'node:crypto';
import { newBudgetWorld, TODAY, YEAR } from '../support/budget-fixtures.js';
import { newUser } from '../support/fixtures.js';
import { createTestApp, expectProblem, type TestApp } from '../support/test-app.js';

const BASIC_LINES = [
  { kind: 'income', categoryCode: '402', amount: '60000.00' },
  { kind: 'income', categoryCode: '403', amount: '5000.00' },
  { kind: 'expenditure', fundType: 'basic', categoryCode: '501', amount: '30000.00' },
  { kind: 'expenditure', fundType: 'basic', categoryCode: '502', amount: '5000.00' },
  { kind: 'expenditure', fundType: 'project', categoryCode: '505', projectName: '职工书屋', purpose: '购置图书与书架', amount: '8000.00' },
];

const lineOf = (budget: { lines: Array<{ id: string; categoryCode: string; fundType: string | null }> }, code: string, fundType = 'basic') =>
  budget.lines.find((l) => l.categoryCode === code && l.fundType === fundType)!.id;

describe('budgets, the positive list and spending under budget control', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('drafts, returns, approves and adjusts a budget, keeping every version', async () => {
    const w = await newBudgetWorld(t);
    const draft = await t.api.post(`${w.base}/budgets`, w.treasurer.token, { unionId: w.federation.id, year: YEAR, lines: BASIC_LINES });
    expect(draft.status).toBe(201);
    expect(draft.body).toEqual(expect.objectContaining({ status: 'draft', version: 0, incomeTotal: '65000.00', expenditureTotal: '43000.00' }));

    // a second budget for the same union and year is refused; an expenditure line needs its fund type
    expectProblem(await t.api.post(`${w.base}/budgets`, w.accountant.token, { unionId: w.federation.id, year: YEAR, lines: BASIC_LINES }), 409, 'BUDGET.EXISTS');
    const noFund = await t.api.post(`${w.base}/budgets`, w.accountant.token, {
      unionId: w.unionA.id, year: YEAR, lines: [{ kind: 'expenditure', categoryCode: '501', amount: '1.00' }],
    });
    expect(expectProblem(noFund, 400).errors[0].field).toBe('lines.0.fundType');
    expectProblem(await t.api.post(`${w.base}/budgets`, w.accountant.token, {
      unionId: w.unionA.id, year: YEAR, lines: [{ kind: 'expenditure', fundType: 'basic', categoryCode: '402', amount: '1.00' }],
    }), 422, 'BUDGET.NOT_A_CATEGORY');

    // the union submits; the supervisor sends it back with a reason; the union corrects and submits again
    expectProblem(await t.api.post(`${w.base}/budgets/${draft.body.id}/approve`, w.supervisor.token, {}), 409, 'BUDGET.WRONG_STATUS');
    expect((await t.api.post(`${w.base}/budgets/${draft.body.id}/submit`, w.treasurer.token, {})).body.status).toBe('submitted');
    const returned = await t.api.post(`${w.base}/budgets/${draft.body.id}/return`, w.supervisor.token, { reason: '项目支出依据不足' });
    expect(returned.body).toEqual(expect.objectContaining({ status: 'draft', returnedReason: '项目支出依据不足' }));
    const corrected = await t.api.call('put', `${w.base}/budgets/${draft.body.id}`, w.treasurer.token, {
      lines: BASIC_LINES.map((l) => (l.categoryCode === '505' ? { ...l, amount: '6000.00' } : l)),
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.expenditureTotal).toBe('41000.00');
    await t.api.post(`${w.base}/budgets/${draft.body.id}/submit`, w.chair.token, {});
    // the treasurer may not approve; the supervisor does
    expectProblem(await t.api.post(`${w.base}/budgets/${draft.body.id}/approve`, w.treasurer.token, {}), 403);
    const approved = await t.api.post(`${w.base}/budgets/${draft.body.id}/approve`, w.supervisor.token, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual(expect.objectContaining({ status: 'approved', version: 1 }));
    const budget = approved.body;

    // after approval the draft's door is shut: lines change only by adjustment
    expectProblem(await t.api.call('put', `${w.base}/budgets/${budget.id}`, w.treasurer.token, { lines: BASIC_LINES }), 409, 'BUDGET.WRONG_STATUS');
    const direct = await t.sql.query('UPDATE budget_line SET original_amount = 1 WHERE centre_id = $1 AND budget_id = $2', [w.centre.id, budget.id]).catch((e) => e);
    expect(String(direct.message)).toMatch(/changes only its adjusted amount/);

    const line501 = lineOf(budget, '501');
    const line502 = lineOf(budget, '502');
    const adjustment = await t.api.post(`${w.base}/budgets/${budget.id}/adjustments`, w.treasurer.token, {
      reason: '新增困难帮扶项目，压减职工活动支出',
      changes: [{ budgetLineId: line501, change: '-2000.00' }, { budgetLineId: line502, change: '1500.00' }],
      newLines: [{ kind: 'expenditure', fundType: 'project', categoryCode: '502', projectName: '困难职工帮扶', purpose: '节日走访困难职工', amount: '3000.00' }],
    });
    expect(adjustment.status).toBe(201);
    expect(adjustment.body).toEqual(expect.objectContaining({ status: 'submitted', number: 1, resultingVersion: null }));
    // whoever asked cannot approve; the supervisor can
    const asker = await t.api.post(`${w.base}/budgets/${budget.id}/adjustments`, w.accountant.token, { reason: '测试', changes: [{ budgetLineId: line502, change: '1.00' }] });
    expectProblem(await t.api.post(`${w.base}/budget-adjustments/${asker.body.id}/approve`, w.accountant.token, {}), 403);
    const rejected = await t.api.post(`${w.base}/budget-adjustments/${asker.body.id}/reject`, w.supervisor.token, { reason: '无必要' });
    expect(rejected.body).toEqual(expect.objectContaining({ status: 'rejected', rejectionReason: '无必要' }));

    const applied = await t.api.post(`${w.base}/budget-adjustments/${adjustment.body.id}/approve`, w.supervisor.token, {});
    expect(applied.status).toBe(200);
    expect(applied.body).toEqual(expect.objectContaining({ status: 'approved', resultingVersion: 2 }));
    const after = (await t.api.get(`${w.base}/budgets/${budget.id}`, w.treasurer.token)).body;
    expect(after.version).toBe(2);
    expect(after.lines.find((l: { id: string }) => l.id === line501)).toEqual(expect.objectContaining({ originalAmount: '30000.00', adjustedAmount: '28000.00' }));
    expect(after.lines.find((l: { projectName: string | null }) => l.projectName === '困难职工帮扶')).toEqual(
      expect.objectContaining({ originalAmount: '0.00', adjustedAmount: '3000.00', addedByAdjustment: adjustment.body.id }),
    );
    expect(after.expenditureTotal).toBe('43500.00');

    const versions = (await t.api.get(`${w.base}/budgets/${budget.id}/versions`, w.chair.token)).body;
    expect(versions.map((v: { version: number; expenditureTotal: string; reason: string | null }) => [v.version, v.expenditureTotal, v.reason])).toEqual([
      [1, '41000.00', null],
      [2, '43500.00', '新增困难帮扶项目，压减职工活动支出'],
    ]);
    expect(versions[0].lines.find((l: { lineId: string }) => l.lineId === line501).amount).toBe('30000.00');
    expect(versions[1].lines.find((l: { lineId: string }) => l.lineId === line501).amount).toBe('28000.00');
    const adjustments = (await t.api.get(`${w.base}/budgets/${budget.id}/adjustments`, w.treasurer.token)).body;
    expect(adjustments.map((a: { status: string }) => a.status)).toEqual(['approved', 'rejected']);

    // another union's people do not see it
    const stranger = await newUser(t, w.centre.id, 'union_treasurer', { unionId: w.unionA.id });
    expectProblem(await t.api.get(`${w.base}/budgets/${budget.id}`, stranger.token), 404);
    expect((await t.api.get(`${w.base}/budgets`, stranger.token)).body).toEqual(expect.objectContaining({ items: [], total: 0 }));
  });

  it('runs a claim from the treasurer through the chair to the accountant, and execution shows it', async () => {
    const w = await newBudgetWorld(t);
    const spring = await w.item({ code: 'SPRING', name: '春节慰问', categoryCode: '501', capPerMemberYear: '500.00', capPerEvent: '20000.00' });
    const budget = await w.approvedBudget(w.federation.id, BASIC_LINES);
    const line501 = lineOf(budget, '501');

    const raised = await w.raise({
      payee: '杭州某某商贸有限公司', amount: '3600.00', positiveListItemId: spring.id, budgetLineId: line501,
      purpose: `${YEAR}年春节职工慰问品`, attachments: ['发票 No.04412345', '慰问名单.xlsx'], memberCount: 12,
    });
    expect(raised.status).toBe(201);
    expect(raised.body).toEqual(expect.objectContaining({
      status: 'submitted', amount: '3600.00', accountCode: '501', itemCode: 'SPRING', number: `${YEAR}-0001`, raisedBy: w.treasurer.id,
      attachments: ['发票 No.04412345', '慰问名单.xlsx'],
    }));

    // four eyes: the treasurer cannot approve (role), nor can a chair approve a claim they raised themselves
    expectProblem(await w.approve(raised.body.id, w.treasurer.token), 403);
    const ownClaim = await w.raise({ payee: '某某体育用品店', amount: '100.00', positiveListItemId: spring.id, budgetLineId: line501, purpose: '慰问', memberCount: 1 }, w.chair.token);
    expectProblem(await w.approve(ownClaim.body.id, w.chair.token), 403, 'SPENDING.FOUR_EYES');
    expect((await w.approve(ownClaim.body.id, w.viceChair.token)).body.approvedBy).toBe(w.viceChair.id);
    // the centre cannot pay before the union approves
    expectProblem(await w.pay(raised.body.id), 409, 'SPENDING.WRONG_STATUS');

    const approved = await w.approve(raised.body.id);
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual(expect.objectContaining({ status: 'approved', approvedBy: w.chair.id }));
    let execution = await w.execution();
    expect(execution.lines.find((l: { lineId: string }) => l.lineId === line501)).toEqual(
      expect.objectContaining({ budget: '30000.00', adjustedBudget: '30000.00', committed: '3700.00', spent: '0.00', available: '26300.00', percentExecuted: '0.00' }),
    );

    const pay = () => t.api.post(`${w.base}/spending-claims/${raised.body.id}/post`, w.accountant.token, { date: TODAY }).set('Idempotency-Key', `pay-${raised.body.id}`);
    const paid = await pay();
    expect(paid.status).toBe(200);
    // a retried payment with the same key answers the first payment again, and pays nothing more
    const replayed = await pay();
    expect(replayed.status).toBe(200);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body.entryId).toBe(paid.body.entryId);
    expect(paid.body).toEqual(expect.objectContaining({ status: 'posted', postedBy: w.accountant.id, entryId: expect.any(String) }));
    const entry = (await t.api.get(`${w.base}/entries/${paid.body.entryId}`, w.accountant.token)).body;
    expect(entry).toEqual(expect.objectContaining({ source: 'spending', status: 'posted', totalDebit: '3600.00' }));
    expect(entry.lines).toEqual([
      expect.objectContaining({ unionId: w.federation.id, accountCode: '501', debit: '3600.00', budgetLineId: line501, positiveListItemId: spring.id, headcount: 12 }),
      expect.objectContaining({ unionId: w.federation.id, accountCode: '102', credit: '3600.00' }),
    ]);
    // paying twice is refused; the claim is final
    expectProblem(await w.pay(raised.body.id), 409, 'SPENDING.WRONG_STATUS');

    execution = await w.execution();
    expect(execution.lines.find((l: { lineId: string }) => l.lineId === line501)).toEqual(
      expect.objectContaining({ committed: '100.00', spent: '3600.00', available: '26300.00', percentExecuted: '12.00' }),
    );
    expect(execution.income).toEqual(expect.objectContaining({ adjustedBudget: '65000.00', spent: '50000.00', percentExecuted: '76.92' }));
    expect(execution.expenditure).toEqual(expect.objectContaining({ adjustedBudget: '43000.00', committed: '100.00', spent: '3600.00', available: '39300.00', percentExecuted: '8.37' }));

    // the chair refuses a claim at the union's step, the centre one at its step (giving the hold back)
    const toRefuse = await w.raise({ payee: 'A', amount: '50.00', positiveListItemId: spring.id, budgetLineId: line501, purpose: '慰问', memberCount: 1 });
    const refused = await t.api.post(`${w.base}/spending-claims/${toRefuse.body.id}/refuse`, w.chair.token, { reason: '不属于慰问范围' });
    expect(refused.body).toEqual(expect.objectContaining({ status: 'refused', refusedStep: 'union', refusalReason: '不属于慰问范围' }));
    const centreRefused = await t.api.post(`${w.base}/spending-claims/${ownClaim.body.id}/refuse`, w.accountant.token, { reason: '附件不全' });
    expect(centreRefused.body).toEqual(expect.objectContaining({ status: 'refused', refusedStep: 'centre' }));
    expect((await w.execution()).lines.find((l: { lineId: string }) => l.lineId === line501).committed).toBe('0.00');

    // the treasurer sees the union's claims; the roll-up of federations shows the federation
    const claims = (await t.api.get(`${w.base}/spending-claims?status=posted`, w.treasurer.token)).body;
    expect(claims.items.map((c: { id: string }) => c.id)).toEqual([raised.body.id]);
    const rollup = (await t.api.get(`${w.base}/budget-execution?year=${YEAR}`, w.supervisor.token)).body;
    expect(rollup.rows).toEqual([expect.objectContaining({ unionId: w.federation.id, status: 'approved', expenditure: expect.objectContaining({ spent: '3600.00' }) })]);
    expect(rollup.expenditure).toEqual(expect.objectContaining({ adjustedBudget: '43000.00', spent: '3600.00', percentExecuted: '8.37' }));

    // every step is on the audit trail
    const { rows } = await t.sql.query(
      `SELECT action FROM audit_record WHERE centre_id = $1 AND object_id = $2 ORDER BY seq`, [w.centre.id, raised.body.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['claim.raise', 'claim.approve', 'claim.post']);
  });

  it('refuses claims that break a cap, overdraw the budget or the cash, name an item off the list or the wrong category', async () => {
    const w = await newBudgetWorld(t, '4000.00');
    const spring = await w.item({ code: 'SPRING', name: '春节慰问', categoryCode: '501', capPerMemberYear: '500.00', capPerEvent: '20000.00' });
    const birthday = await w.item({ code: 'BIRTHDAY', name: '生日慰问', categoryCode: '501', capPerPersonOccasion: '300.00' });
    const hardship = await w.item({ code: 'HARDSHIP', name: '困难帮扶', categoryCode: '502' });
    const retired = await w.item({ code: 'OLD', name: '已停止的项目', categoryCode: '501' });
    await t.api.post(`${w.base}/positive-list/${retired.id}/versions`, w.accountant.token, {
      name: '已停止的项目', categoryCode: '501', effectiveFrom: `${YEAR}-01-02`, withdrawn: true,
    });
    const budget = await w.approvedBudget(w.federation.id, BASIC_LINES);
    const line501 = lineOf(budget, '501');
    const line502 = lineOf(budget, '502');
    const claim = (over: Record<string, unknown>) => ({ payee: '某某商店', amount: '100.00', positiveListItemId: spring.id, budgetLineId: line501, purpose: '慰问', memberCount: 10, ...over });

    // caps: per member per year (500 × 10 members), per person per occasion (300 × 4), per event
    const perMember = expectProblem(await w.raise(claim({ amount: '5000.01' })), 422, 'BUDGET.CAP_EXCEEDED');
    expect(perMember).toEqual(expect.objectContaining({ cap: 'per_member_year', limit: '5000.00', requested: '5000.01' }));
    expect(perMember.detail).toMatch(/500\.00 per member per year × 10 members = 5000\.00/);
    const perPerson = expectProblem(await w.raise(claim({ positiveListItemId: birthday.id, amount: '1200.01', memberCount: 4 })), 422, 'BUDGET.CAP_EXCEEDED');
    expect(perPerson).toEqual(expect.objectContaining({ cap: 'per_person_occasion', limit: '1200.00' }));
    expect((await w.raise(claim({ positiveListItemId: birthday.id, amount: '1200.00', memberCount: 4 }))).status).toBe(201);
    expect(expectProblem(await w.raise(claim({ positiveListItemId: birthday.id, memberCount: undefined })), 422, 'BUDGET.HEADCOUNT_REQUIRED').errors[0].field).toBe('memberCount');
    // a yearly cap counts what the union spent and committed on the item before: 30 members × 500 = 15000 a year
    expect((await w.approve((await w.raise(claim({ amount: '3000.00', memberCount: 30 }))).body.id)).status).toBe(200);
    const yearly = expectProblem(await w.raise(claim({ amount: '12000.01', memberCount: 30 })), 422, 'BUDGET.CAP_EXCEEDED');
    expect(yearly).toEqual(expect.objectContaining({ limit: '15000.00', requested: '15000.01' }));

    // budget overdraw: 502 has 5000
    const overdrawn = expectProblem(await w.raise(claim({ positiveListItemId: hardship.id, budgetLineId: line502, amount: '5000.01', memberCount: undefined })), 422, 'BUDGET.OVERDRAWN');
    expect(overdrawn).toEqual(expect.objectContaining({ budgetLineId: line502, available: '5000.00', requested: '5000.01' }));
    expect(overdrawn.detail).toMatch(/5000\.00 available/);

    // not on the list: unknown, or withdrawn from a date
    expect(expectProblem(await w.raise(claim({ positiveListItemId: randomUUID() })), 422, 'BUDGET.ITEM_NOT_ON_LIST').errors[0].field).toBe('positiveListItemId');
    expectProblem(await w.raise(claim({ positiveListItemId: retired.id })), 422, 'BUDGET.ITEM_NOT_ON_LIST');

    // wrong category: a 502 item against the 501 line, or posted to a 501 account
    const wrong = expectProblem(await w.raise(claim({ positiveListItemId: hardship.id, memberCount: undefined })), 422, 'BUDGET.WRONG_CATEGORY');
    expect(wrong.detail).toMatch(/not under expenditure category 501/);
    expectProblem(await w.raise(claim({ positiveListItemId: hardship.id, budgetLineId: line502, accountCode: '501', memberCount: undefined })), 422, 'BUDGET.WRONG_CATEGORY');

    // a union with an approved budget names a budget line
    expectProblem(await w.raise(claim({ budgetLineId: null })), 422, 'BUDGET.LINE_REQUIRED');

    // cash: the union has 4000 in the bank; a 4500 claim within budget and caps is approved but not paid
    const big = await w.raise(claim({ positiveListItemId: hardship.id, budgetLineId: line502, amount: '4500.00', memberCount: undefined }));
    expect((await w.approve(big.body.id)).status).toBe(200);
    const cash = expectProblem(await w.pay(big.body.id), 422, 'LEDGER.CASH_INSUFFICIENT');
    expect(cash.detail).toMatch(/has 4000\.00 in account 102; the entry takes 4500\.00/);
    // the refusal changed nothing: the claim is still approved and still holds its amount
    const still = (await t.api.get(`${w.base}/spending-claims/${big.body.id}`, w.accountant.token)).body;
    expect(still.status).toBe('approved');
    expect((await w.execution()).lines.find((l: { lineId: string }) => l.lineId === line502)).toEqual(expect.objectContaining({ committed: '4500.00', spent: '0.00' }));
  });

  it('holds manual journal entries of a budgeted union to the same control, and the database holds it too', async () => {
    const w = await newBudgetWorld(t);
    const sports = await w.item({ code: 'SPORTS', name: '文体活动', categoryCode: '501', capPerEvent: '5000.00' });
    const budget = await w.approvedBudget(w.federation.id, BASIC_LINES);
    const line501 = lineOf(budget, '501');
    const spend = (amount: string, extra: Record<string, unknown> = {}) =>
      w.post(TODAY, '职工篮球赛场地费', [
        { unionId: w.federation.id, accountCode: '501', debit: amount, ...extra },
        { unionId: w.federation.id, accountCode: '102', credit: amount },
      ]);

    expectProblem(await spend('100.00'), 422, 'BUDGET.LINE_REQUIRED');
    // the list covers 501, so the item is named too, and its cap per event holds
    expectProblem(await spend('100.00', { budgetLineId: line501 }), 422, 'BUDGET.ITEM_REQUIRED');
    expectProblem(await spend('5000.01', { budgetLineId: line501, positiveListItemId: sports.id }), 422, 'BUDGET.CAP_EXCEEDED');
    const posted = await spend('4000.00', { budgetLineId: line501, positiveListItemId: sports.id });
    expect(posted.status).toBe(200);
    // spending by a union without a budget is not held to one
    expectProblem(await w.spend(w.unionA.id, '0.01'), 422, 'LEDGER.CASH_INSUFFICIENT');

    // a reversal gives the budget back
    expect((await w.execution()).lines.find((l: { lineId: string }) => l.lineId === line501).spent).toBe('4000.00');
    const reversed = await t.api.post(`${w.base}/entries/${posted.body.id}/reverse`, w.supervisor.token, { date: TODAY });
    expect(reversed.status).toBe(201);
    expect((await w.execution()).lines.find((l: { lineId: string }) => l.lineId === line501).spent).toBe('0.00');

    // the database refuses what the app would, whoever writes: spending without a budget line, and an overdraw
    const raw = async (lines: Array<[string, string, string, string | null]>) => {
      const client = await t.sql.connect();
      try {
        await client.query('BEGIN');
        const entryId = randomUUID();
        for (const [index, [code, debit, credit, budgetLineId]] of lines.entries()) {
          await client.query(
            `INSERT INTO journal_line (centre_id, entry_id, line_no, union_id, account_id, debit, credit, budget_line_id)
             SELECT $1, $2, $3, $4, id, $6, $7, $8 FROM account WHERE code = $5 AND centre_id IS NULL`,
            [w.centre.id, entryId, index + 1, w.federation.id, code, debit, credit, budgetLineId],
          );
        }
        await client.query(
          `INSERT INTO journal_entry (centre_id, id, year, month, entry_date, status, source, memo, posted_by)
           VALUES ($1, $2, $3, $4, $5, 'posted', 'spending', '直接写库', $6)`,
          [w.centre.id, entryId, YEAR, Number(TODAY.slice(5, 7)), TODAY, w.accountant.id],
        );
        await client.query('COMMIT');
        return 'committed';
      } catch (error) {
        await client.query('ROLLBACK');
        return (error as { code: string }).code;
      } finally {
        client.release();
      }
    };
    expect(await raw([['501', '10.00', '0', null], ['102', '0', '10.00', null]])).toBe('P0B03');
    expect(await raw([['501', '30000.01', '0', line501], ['102', '0', '30000.01', null]])).toBe('23514');
    expect(await raw([['502', '10.00', '0', line501], ['102', '0', '10.00', null]])).toBe('P0B01');
    expect(await raw([['501', '10.00', '0', line501], ['102', '0', '10.00', null]])).toBe('committed');
    const [{ spent }] = (await t.sql.query('SELECT spent FROM budget_line WHERE id = $1', [line501])).rows;
    expect(spent).toBe('10.00');
    // and spent moves only with postings
    const tamper = await t.sql.query('UPDATE budget_line SET spent = 0 WHERE id = $1', [line501]).catch((e) => e);
    expect(tamper.code).toBe('P0A02');
  });

  it('never overspends a budget line when many claims are approved and paid at once', async () => {
    const w = await newBudgetWorld(t);
    const sports = await w.item({ code: 'SPORTS', name: '文体活动', categoryCode: '501' });
    const budget = await w.approvedBudget(w.federation.id, [{ kind: 'expenditure', fundType: 'basic', categoryCode: '501', amount: '1000.00' }]);
    const line = budget.lines[0].id;
    const claims = [];
    for (let i = 0; i < 12; i += 1) {
      const raised = await w.raise({ payee: `店铺${i}`, amount: '150.00', positiveListItemId: sports.id, budgetLineId: line, purpose: '文体活动' });
      expect(raised.status).toBe(201);
      claims.push(raised.body.id);
    }
    const approvals = await Promise.all(claims.map((id) => w.approve(id)));
    const approved = claims.filter((_, i) => approvals[i].status === 200);
    expect(approved).toHaveLength(6);
    for (const refused of approvals.filter((a) => a.status !== 200)) expect(refused.body.code).toBe('BUDGET.OVERDRAWN');

    // paid at once, together with manual spending racing for the same line
    const manual = () =>
      w.post(TODAY, '场地费', [
        { unionId: w.federation.id, accountCode: '501', debit: '60.00', budgetLineId: line, positiveListItemId: sports.id },
        { unionId: w.federation.id, accountCode: '102', credit: '60.00' },
      ]);
    const results = await Promise.all([...approved.map((id) => w.pay(id)), manual(), manual(), manual()]);
    expect(results.slice(0, 6).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const manualOk = results.slice(6).filter((r) => r.status === 200).length;
    expect(manualOk).toBe(1); // 1000 − 900 leaves room for one of 60
    const [row] = (await t.sql.query('SELECT adjusted_amount, committed, spent FROM budget_line WHERE id = $1', [line])).rows;
    expect(row).toEqual({ adjusted_amount: '1000.00', committed: '0.00', spent: '960.00' });
    const [{ total }] = (await t.sql.query(
      `SELECT sum(l.debit) AS total FROM journal_line l JOIN journal_entry e ON e.centre_id = l.centre_id AND e.id = l.entry_id
        WHERE l.budget_line_id = $1 AND e.status = 'posted'`, [line],
    )).rows;
    expect(total).toBe('960.00');
  });
});
