import { clampPeriod, defaultDate, defaultPeriod, defaultRange, monthEnd, monthOf, reachOf } from '../../web/src/report-period.js';

describe('report periods (web/src/report-period.ts)', () => {
  const reach = { from: '2024-01', to: '2025-06' };

  it('takes the engagements in force together', () => {
    expect(reachOf([])).toBeNull();
    expect(reachOf([{ inForce: false, periodFrom: '2020-01', periodTo: '2020-12' }])).toBeNull();
    expect(
      reachOf([
        { inForce: true, periodFrom: '2025-01', periodTo: '2025-06' },
        { inForce: false, periodFrom: '2019-01', periodTo: '2030-12' },
        { inForce: true, periodFrom: '2024-01', periodTo: '2024-12' },
      ]),
    ).toEqual(reach);
  });

  it('keeps the first months inside the engagement', () => {
    expect(clampPeriod('2026-03', null)).toBe('2026-03');
    expect(clampPeriod('2026-03', reach)).toBe('2025-06');
    expect(clampPeriod('2023-03', reach)).toBe('2024-01');
    expect(defaultPeriod('2025-03', reach)).toBe('2025-03');
    expect(defaultRange('2026-03', null)).toEqual(['2026-01', '2026-03']);
    expect(defaultRange('2026-03', reach)).toEqual(['2025-01', '2025-06']);
    expect(defaultRange('2024-05', { from: '2024-03', to: '2024-12' })).toEqual(['2024-03', '2024-05']);
  });

  it('gives month ends and first dates', () => {
    expect(monthEnd('2024-02')).toBe('2024-02-29');
    expect(monthEnd('2025-02')).toBe('2025-02-28');
    expect(monthEnd('2025-12')).toBe('2025-12-31');
    expect(defaultDate('2026-03-15', reach)).toBe('2025-06-30');
    expect(defaultDate('2023-03-15', reach)).toBe('2024-01-01');
    expect(defaultDate('2025-03-15', reach)).toBe('2025-03-15');
    expect(monthOf(new Date(2026, 0, 31))).toBe('2026-01');
  });
});
