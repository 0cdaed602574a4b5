import { newCentre, newUnion, newUser } from './fixtures.js';
import type { TestApp } from './test-app.js';

export type Line = {
  unionId: string;
  accountCode: string;
  debit?: string;
  credit?: string;
  budgetLineId?: string;
  positiveListItemId?: string;
  headcount?: number;
};

/** A centre with its staff, two grassroots unions under a street union, and `firstPeriod` open. */
export async function newLedgerWorld(t: TestApp, firstPeriod = '2025-11') {
  const centre = await newCentre(t);
  const accountant = await newUser(t, centre.id, 'centre_accountant');
  const supervisor = await newUser(t, centre.id, 'centre_supervisor');
  const street = await newUnion(t.api, accountant.token, centre.id, { kind: 'street' });
  const unionA = await newUnion(t.api, accountant.token, centre.id, { parentUnionId: street.id });
  const unionB = await newUnion(t.api, accountant.token, centre.id, { parentUnionId: street.id });
  const opened = await t.api.post(`/centres/${centre.id}/periods`, accountant.token, { period: firstPeriod });
  if (opened.status !== 201) throw new Error(`open period: ${opened.status} ${JSON.stringify(opened.body)}`);
  const base = `/centres/${centre.id}`;

  /** Prepared by the accountant, approved by the supervisor, posted by the accountant. */
  async function post(date: string, memo: string, lines: Line[]) {
    const draft = await t.api.post(`${base}/entries`, accountant.token, { date, memo, lines });
    if (draft.status !== 201) return draft;
    const approved = await t.api.post(`${base}/entries/${draft.body.id}/approve`, supervisor.token, {});
    if (approved.status !== 200) return approved;
    return t.api.post(`${base}/entries/${draft.body.id}/post`, accountant.token, {});
  }

  /** Dues received into a union's bank sub-account (a manual entry until the dues context exists). */
  const receive = (unionId: string, amount: string, date = `${firstPeriod}-05`) =>
    post(date, '收到拨缴经费', [
      { unionId, accountCode: '102', debit: amount },
      { unionId, accountCode: '40201', credit: amount },
    ]);

  /** A union spends from its bank sub-account on staff activities (职工活动支出). */
  const spend = (unionId: string, amount: string, date = `${firstPeriod}-20`) =>
    post(date, '职工活动支出', [
      { unionId, accountCode: '501', debit: amount },
      { unionId, accountCode: '102', credit: amount },
    ]);

  return { centre, accountant, supervisor, street, unionA, unionB, base, post, receive, spend };
}
