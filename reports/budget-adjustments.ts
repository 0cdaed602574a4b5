import type { BudgetAdjustmentModel } from './models.js';
import { beijingTime, formatAmount, sumAmounts } from './pdf/format.js';
import { adjustmentStatusLabel } from './pdf/labels.js';
import { createReportCanvas, type ReportCanvas, type ReportMeta } from './pdf/report-canvas.js';
import { ReportTable, type TableColumn } from './pdf/table.js';

/** 预算调整清单: every budget adjustment asked for, its reason, decision and net change; landscape. */
export const BUDGET_ADJUSTMENTS_LAYOUT = 'landscape' as const;

const COLUMNS: TableColumn[] = [
  { title: '工会', width: 20 },
  { title: '年度', width: 5, align: 'center' },
  { title: '调整号', width: 5, align: 'center' },
  { title: '调整原因', width: 23 },
  { title: '内容', width: 8, align: 'center' },
  { title: '净调整额', width: 12, money: true },
  { title: '状态', width: 7, align: 'center' },
  { title: '申请时间', width: 12, align: 'center' },
  { title: '审批时间', width: 12, align: 'center' },
  { title: '形成版本', width: 8, align: 'center' },
];

/** The change to the budget's total an adjustment asks for: its line changes and the lines it adds. */
export function netAdjustment(adjustment: BudgetAdjustmentModel): string {
  return sumAmounts([...adjustment.changes.map((c) => c.change), ...adjustment.newLines.map((l) => l.amount)]);
}

export function drawBudgetAdjustments(canvas: ReportCanvas, adjustments: readonly BudgetAdjustmentModel[]): void {
  canvas.caption('预算调整申请及审批结果；净调整额为各行变动与新增行金额之和', '金额单位：元');
  if (adjustments.length === 0) {
    canvas.caption('本期无预算调整。', '', { keepWithNext: false });
    return;
  }
  const table = new ReportTable(canvas, COLUMNS, { continuedLabel: '预算调整（续）' }).start();
  for (const adjustment of adjustments) {
    const content = [
      adjustment.changes.length > 0 ? `调整 ${adjustment.changes.length} 行` : '',
      adjustment.newLines.length > 0 ? `新增 ${adjustment.newLines.length} 行` : '',
    ].filter(Boolean).join('\n');
    table.row([
      adjustment.unionName ?? '',
      adjustment.year == null ? '' : String(adjustment.year),
      String(adjustment.number),
      adjustment.reason,
      content,
      formatAmount(netAdjustment(adjustment)),
      adjustmentStatusLabel(adjustment.status),
      beijingTime(adjustment.requestedAt),
      adjustment.decidedAt ? beijingTime(adjustment.decidedAt) : '',
      adjustment.resultingVersion == null ? '' : `第 ${adjustment.resultingVersion} 版`,
    ]);
  }
  table.totals(['合计', '', '', `${adjustments.length} 项`, '', '', '', '', '', '']);
  table.end();
}

export function renderBudgetAdjustments(model: { adjustments: BudgetAdjustmentModel[] }, meta: ReportMeta): PDFKit.PDFDocument {
  const canvas = createReportCanvas(meta, { layout: BUDGET_ADJUSTMENTS_LAYOUT });
  drawBudgetAdjustments(canvas, model.adjustments);
  canvas.finish();
  return canvas.doc;
}
