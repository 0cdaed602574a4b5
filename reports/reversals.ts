import type { ReversalModel } from './models.js';
import { formatAmount, prefix, sumAmounts } from './pdf/format.js';
import { createReportCanvas, type ReportCanvas, type ReportMeta } from './pdf/report-canvas.js';
import { ReportTable, type TableColumn } from './pdf/table.js';

/** 冲销凭证清单: the reversing entries (红字冲销) of the period and the entries they reverse; portrait. */
export const REVERSALS_LAYOUT = 'portrait' as const;

const COLUMNS: TableColumn[] = [
  { title: '凭证号', width: 9, align: 'center' },
  { title: '日期', width: 12, align: 'center' },
  { title: '摘要', width: 44 },
  { title: '被冲销凭证', width: 15, align: 'center' },
  { title: '金额', width: 16, money: true },
];

export function drawReversals(canvas: ReportCanvas, reversals: readonly ReversalModel[]): void {
  canvas.caption('红字冲销凭证，金额为冲销凭证的借方合计', '金额单位：元');
  if (reversals.length === 0) {
    canvas.caption('本期无冲销凭证。', '', { keepWithNext: false });
    return;
  }
  const table = new ReportTable(canvas, COLUMNS, { continuedLabel: '冲销凭证（续）' }).start();
  for (const reversal of reversals) {
    const reversed = reversal.reversesEntryNumber != null ? String(reversal.reversesEntryNumber) : prefix(reversal.reversesEntryId, 8);
    table.row([reversal.number == null ? '未记账' : String(reversal.number), reversal.date, reversal.memo, reversed, formatAmount(reversal.totalDebit)]);
  }
  table.totals(['合计', '', `${reversals.length} 张`, '', formatAmount(sumAmounts(reversals.map((reversal) => reversal.totalDebit)))]);
  table.end();
}

export function renderReversals(model: { reversals: ReversalModel[] }, meta: ReportMeta): PDFKit.PDFDocument {
  const canvas = createReportCanvas(meta, { layout: REVERSALS_LAYOUT });
  drawReversals(canvas, model.reversals);
  canvas.finish();
  return canvas.doc;
}
