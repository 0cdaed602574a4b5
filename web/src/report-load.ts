import { ref } from 'vue';
import { loadAuditReach } from './audit-reach';
import { formatAmount } from './money';
import type { PeriodReach } from './report-period';
import { reportError, saveReportFile } from './report-files';

export type ReportFormat = 'pdf' | 'csv';

/**
 * What every report screen does with its API: the auditor's reach read first (so the pickers open on a month the API
 * answers), the report read again when the screen asks (loading, and the error in Chinese), and the API's PDF or CSV
 * saved. The screen keeps its own pickers and says when to read (watch) and how to begin (start).
 */
export function useReport<R>(options: {
  /** The report, read with the screen's current query. */
  read: () => Promise<{ data?: R; error?: unknown }>;
  /** The API's file of the report in a format. */
  readFile: (format: ReportFormat) => Promise<{ data?: Blob; error?: unknown; response: Response }>;
  /** The file's name when the API does not give one. */
  fileName: (format: ReportFormat) => string;
  /** Said when the report cannot be read, e.g. '无法读取资产负债表'. */
  failure: string;
  /** Whether the screen has all it needs to ask (besides having started). */
  canRead?: () => boolean;
}) {
  const reach = ref<PeriodReach | null>(null);
  const report = ref<R | null>(null);
  const loading = ref(false);
  const downloading = ref<ReportFormat | null>(null);
  const error = ref<string | null>(null);
  const ready = ref(false);

  async function load() {
    if (!ready.value || (options.canRead && !options.canRead())) return;
    loading.value = true;
    error.value = null;
    const { data, error: problem } = await options.read();
    loading.value = false;
    report.value = (data ?? null) as R | null;
    if (!data) error.value = reportError(problem, options.failure, reach.value);
  }

  async function download(format: ReportFormat) {
    downloading.value = format;
    const result = await options.readFile(format);
    downloading.value = null;
    saveReportFile(result, options.fileName(format), reach.value);
  }

  /**
   * Opens the screen: what it reads first (before), then the auditor's reach, which moves the pickers into it
   * (reached), then the report.
   */
  async function start(reached: (reach: PeriodReach) => void, before?: () => Promise<unknown>) {
    if (before) await before();
    reach.value = await loadAuditReach();
    if (reach.value) reached(reach.value);
    ready.value = true;
    await load();
  }

  return { reach, report, loading, downloading, error, ready, load, download, start };
}

/**
 * An el-table summary-method for a totals row the API gave (an amount per column property): '合计' first, then each
 * column's total formatted, blank where there is none. Never sums made here.
 */
export function totalsSummary(totals: () => Record<string, string> | undefined) {
  return ({ columns }: { columns: Array<{ property?: string }> }): string[] => {
    const values = totals();
    return columns.map((column, index) => (index === 0 ? '合计' : values && column.property && values[column.property] ? formatAmount(values[column.property]) : ''));
  };
}
