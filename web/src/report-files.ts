import { ElMessage } from 'element-plus';
import { problemMessage } from './api/client';
import { filenameOf, saveBlob } from './api/download';
import type { PeriodReach } from './report-period';
import { unionScope } from './union-scope';

/** The union of the header's switcher as a report's query: none for the whole centre. */
export function unionQuery(): { unionId?: string } {
  return unionScope.selectedId ? { unionId: unionScope.selectedId } : {};
}

/** A report's error in Chinese; an auditor refused a period is told the months of the engagement too. */
export function reportError(problem: unknown, fallback: string, reach: PeriodReach | null): string {
  const message = problemMessage(problem, fallback);
  const code = (problem as { code?: string } | undefined)?.code;
  return code === 'AUTH.OUT_OF_ENGAGEMENT' && reach ? `${message}（审计期间：${reach.from} 至 ${reach.to}）` : message;
}

/** Saves a file the API answered (a report's PDF or CSV, an import's refused rows, an audit package), or says in Chinese why there is none. */
export function saveReportFile(
  result: { data?: Blob; error?: unknown; response: Response },
  fallbackName: string,
  reach: PeriodReach | null = null,
): void {
  if (!result.data) {
    ElMessage.error(reportError(result.error, '下载失败', reach));
    return;
  }
  saveBlob(result.data, filenameOf(result.response, fallbackName));
}
