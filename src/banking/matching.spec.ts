import { formatMoney, money } from '../common/money.js';
import { matchStatement, reconcile } from './matching.js';

const line = (key: string, date: string, amount: string, reference: string | null = null) => ({ key, date, amount: money(amount), reference });
const item = (entryId: string, date: string, amount: string, reference: string | null = null) => ({ entryId, date, amount: money(amount), reference });

describe('bank matching and reconciliation', () => {
  it('matches by reference first, then by amount within the window, closest date first', () => {
    const pairs = matchStatement(
      [line('L1', '2026-03-05', '100.00', 'REF-9'), line('L2', '2026-03-06', '100.00'), line('L3', '2026-03-20', '55.00')],
      [item('E1', '2026-03-06', '100.00'), item('E2', '2026-03-01', '100.00', 'REF-9'), item('E3', '2026-03-01', '55.00')],
    );
    expect(pairs).toEqual([{ key: 'L1', entryId: 'E2' }, { key: 'L2', entryId: 'E1' }]);
  });

  it('never matches an amount of the other sign', () => {
    expect(matchStatement([line('L1', '2026-03-05', '-100.00')], [item('E1', '2026-03-05', '100.00')])).toEqual([]);
  });

  it('clears a whole imported batch with one bank line of its total', () => {
    const batch = (id: string, amount: string) => ({ ...item(id, '2026-03-20', amount), batch: 'file-1' });
    const pairs = matchStatement([line('BULK', '2026-03-21', '300.00')], [batch('E1', '100.00'), batch('E2', '150.00'), batch('E3', '50.00'), item('E4', '2026-03-21', '999.00')]);
    expect(pairs.map((p) => p.entryId).sort()).toEqual(['E1', 'E2', 'E3']);
    expect(matchStatement([line('BULK', '2026-03-21', '299.99')], [batch('E1', '100.00'), batch('E2', '200.00')])).toEqual([]);
  });

  it('reconciles a bank fee and a cheque in transit to a difference of zero', () => {
    // book: 1000 received, 300 paid by cheque not yet cleared → 700; bank: 1000 in, 5 fee out → 995
    const result = reconcile(money('700.00'), money('995.00'), [item('CHQ', '2026-03-28', '-300.00')], [line('FEE', '2026-03-31', '-5.00')]);
    expect(formatMoney(result.adjustedBank)).toBe('695.00');
    expect(formatMoney(result.adjustedBook)).toBe('695.00');
    expect(formatMoney(result.difference)).toBe('0.00');
    expect(result.paymentsInTransit.map((i) => i.entryId)).toEqual(['CHQ']);
    expect(result.bankDebitsNotBooked.map((l) => l.key)).toEqual(['FEE']);
  });
});
