/**
 * The months a report asks for. Pure (tested by jest in test/console/report-period.spec.ts): no Vue, no DOM.
 * Periods are 'YYYY-MM' strings, which order as text.
 */

/** The months an auditor's engagements in force reach together (as the API's guard reads them). */
export interface PeriodReach {
  from: string;
  to: string;
}

/** The month of a date, in the browser's own calendar. */
export function monthOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

/** The engagements in force, taken together: the earliest month to the latest. Null when none is in force. */
export function reachOf(engagements: ReadonlyArray<{ inForce: boolean; periodFrom: string; periodTo: string }>): PeriodReach | null {
  const inForce = engagements.filter((engagement) => engagement.inForce);
  if (inForce.length === 0) return null;
  return {
    from: inForce.map((engagement) => engagement.periodFrom).sort()[0],
    to: inForce.map((engagement) => engagement.periodTo).sort().reverse()[0],
  };
}

/** A month moved into the reach (the nearest end of it when outside); unchanged without one. */
export function clampPeriod(period: string, reach: PeriodReach | null): string {
  if (!reach) return period;
  if (period < reach.from) return reach.from;
  if (period > reach.to) return reach.to;
  return period;
}

/** What a report shows first: this month, or the last month of the reach when that ends earlier. */
export function defaultPeriod(today: string, reach: PeriodReach | null): string {
  return clampPeriod(today, reach);
}

/** A range report's first months: January to the default month of the same year, kept in the reach. */
export function defaultRange(today: string, reach: PeriodReach | null): [string, string] {
  const to = defaultPeriod(today, reach);
  return [clampPeriod(`${to.slice(0, 4)}-01`, reach), to];
}

/** The last day of a month: '2026-02' → '2026-02-28'. */
export function monthEnd(period: string): string {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${period}-${String(day).padStart(2, '0')}`;
}

/** A date report's first day: today, or the last day of the reach when that ends earlier (or the first when later). */
export function defaultDate(today: string, reach: PeriodReach | null): string {
  if (!reach) return today;
  const month = today.slice(0, 7);
  if (month > reach.to) return monthEnd(reach.to);
  if (month < reach.from) return `${reach.from}-01`;
  return today;
}
