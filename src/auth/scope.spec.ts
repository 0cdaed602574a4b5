import type { Principal } from '../common/request-context.js';
import { asOfInScope } from './scope.js';

const staff: Principal = { userId: 'u', username: 'u', role: 'centre_accountant', centreId: 'c', unionId: null, enterpriseId: null };
const auditorOf = (periodFrom: string, periodTo: string): Principal => ({
  ...staff, role: 'state_auditor', audit: { engagementIds: ['e'], allUnions: true, unionIds: [], periodFrom, periodTo },
});
const refusal = (run: () => unknown) => {
  try {
    run();
    return 'none';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('asOfInScope: the day a point-in-time report is read at', () => {
  it('is the day asked for, else today, for the centre’s staff', () => {
    expect(asOfInScope(staff, undefined, '2026-11-26')).toBe('2026-11-26');
    expect(asOfInScope(staff, '2019-01-31', '2026-11-26')).toBe('2019-01-31');
  });

  it('for an auditor, defaults to the last day of months that ended (February of a leap year too), else today', () => {
    expect(asOfInScope(auditorOf('2025-01', '2025-12'), undefined, '2026-11-26')).toBe('2025-12-31');
    expect(asOfInScope(auditorOf('2024-01', '2024-02'), undefined, '2026-11-26')).toBe('2024-02-29');
    expect(asOfInScope(auditorOf('2026-01', '2026-12'), undefined, '2026-11-26')).toBe('2026-11-26');
  });

  it('refuses an auditor a day outside the months audited', () => {
    expect(refusal(() => asOfInScope(auditorOf('2025-01', '2025-12'), '2026-01-01', '2026-11-26'))).toBe('AUTH.OUT_OF_ENGAGEMENT');
    expect(refusal(() => asOfInScope(auditorOf('2025-01', '2025-12'), '2024-12-31', '2026-11-26'))).toBe('AUTH.OUT_OF_ENGAGEMENT');
    expect(refusal(() => asOfInScope(auditorOf('2027-01', '2027-12'), undefined, '2026-11-26'))).toBe('AUTH.OUT_OF_ENGAGEMENT');
    expect(asOfInScope(auditorOf('2025-01', '2025-12'), '2025-06-30', '2026-11-26')).toBe('2025-06-30');
  });
});
