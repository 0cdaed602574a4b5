import { newUnion, newUser } from './fixtures.js';
import { newLedgerWorld } from './ledger-fixtures.js';
import type { TestApp } from './test-app.js';

/** Today and its period: claims are raised and approved today, so the world's open period is this month. */
export const TODAY = new Date().toISOString().slice(0, 10);
export const YEAR = Number(TODAY.slice(0, 4));

export interface ItemTerms {
  code: string;
  name: string;
  categoryCode: string;
  capPerMemberYear?: string;
  capPerEvent?: string;
  capPerPersonOccasion?: string;
  effectiveFrom?: string;
}

/**
 * A ledger world (this month open) with a federation (工会联合会, 30 members) that has a treasurer, two chairs and
 * money in the bank, and helpers for the positive list, budgets and claims.
 */
export async function newBudgetWorld(t: TestApp, cash = '50000.00') {
  const w = await newLedgerWorld(t, TODAY.slice(0, 7));
  const federation = await newUnion(t.api, w.accountant.token, w.centre.id, { kind: 'federation', parentUnionId: w.street.id, memberCount: 30 });
  const treasurer = await newUser(t, w.centre.id, 'union_treasurer', { unionId: federation.id });
  const chair = await newUser(t, w.centre.id, 'union_chair', { unionId: federation.id });
  const viceChair = await newUser(t, w.centre.id, 'union_chair', { unionId: federation.id });
  if (cash !== '0.00') {
    const received = await w.receive(federation.id, cash, TODAY);
    if (received.status !== 200) throw new Error(`receive: ${received.status} ${JSON.stringify(received.body)}`);
  }

  async function item(terms: ItemTerms): Promise<{ id: string; code: string }> {
    const response = await t.api.post(`${w.base}/positive-list`, w.accountant.token, { effectiveFrom: `${YEAR}-01-01`, ...terms });
    if (response.status !== 201) throw new Error(`item: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** Drafted by the treasurer, submitted, approved by the supervisor; answers the budget with its lines. */
  async function approvedBudget(unionId: string, lines: Array<Record<string, unknown>>, drafter = treasurer.token) {
    const draft = await t.api.post(`${w.base}/budgets`, drafter, { unionId, year: YEAR, lines });
    if (draft.status !== 201) throw new Error(`budget: ${draft.status} ${JSON.stringify(draft.body)}`);
    const submitted = await t.api.post(`${w.base}/budgets/${draft.body.id}/submit`, drafter, {});
    if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    const approved = await t.api.post(`${w.base}/budgets/${draft.body.id}/approve`, w.supervisor.token, {});
    if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${JSON.stringify(approved.body)}`);
    return approved.body as { id: string; lines: Array<{ id: string; categoryCode: string; fundType: string | null; projectName: string | null; kind: string }> };
  }

  const raise = (body: Record<string, unknown>, token = treasurer.token) => t.api.post(`${w.base}/spending-claims`, token, body);
  const approve = (claimId: string, token = chair.token) => t.api.post(`${w.base}/spending-claims/${claimId}/approve`, token, {});
  const pay = (claimId: string, body: Record<string, unknown> = {}) => t.api.post(`${w.base}/spending-claims/${claimId}/post`, w.accountant.token, body);

  /** Raised by the treasurer, approved by the chair, paid by the accountant; each step must pass. */
  async function spendByClaim(body: Record<string, unknown>) {
    const raised = await raise(body);
    if (raised.status !== 201) throw new Error(`raise: ${raised.status} ${JSON.stringify(raised.body)}`);
    const approved = await approve(raised.body.id);
    if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${JSON.stringify(approved.body)}`);
    const paid = await pay(raised.body.id);
    if (paid.status !== 200) throw new Error(`pay: ${paid.status} ${JSON.stringify(paid.body)}`);
    return paid.body;
  }

  const execution = async (unionId = federation.id) => {
    const response = await t.api.get(`${w.base}/unions/${unionId}/budget-execution?year=${YEAR}`, w.accountant.token);
    if (response.status !== 200) throw new Error(`execution: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  return { ...w, federation, treasurer, chair, viceChair, item, approvedBudget, raise, approve, pay, spendByClaim, execution };
}
