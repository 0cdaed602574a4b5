import type { BudgetExecutionLineModel, BudgetExecutionModel, BudgetExecutionTotalsModel } from './models.js';
import { formatAmount } from './pdf/format.js';
import { budgetStatusLabel, fundTypeLabel } from './pdf/labels.js';
import { createReportCanvas, type ReportCanvas, type ReportMeta } from './pdf/report-canvas.js';
import { ReportTable, type TableColumn } from './pdf/table.js';

/** 预算执行情况表: each budget line's original and adjusted budget, committed, spent, available and 执行率; landscape. */
export const BUDGET_EXECUTION_LAYOUT = 'landscape' as const;

const COLUMNS: TableColumn[] = [
  { title: '行号', width: 4, align: 'center' },
  { title: '科目编码', width: 6, align: 'center' },
  { title: '预算科目 / 项目', width: 23 },
  { title: '资金性质', width: 7, align: 'center' },
  { title: '年初预算', width: 11, money: true },
  { title: '调整后预算', width: 11, money: true },
  { title: '已占用', width: 11, money: true },
  { title: '已执行', width: 11, money: true },
  { title: '可用余额', width: 11, money: true },
  { title: '执行率', width: 7, money: true },
];

const percent = (value: string | null) => (value == null ? '—' : `${value}%`);
/** Income lines have no available amount (nothing is spent against them). */
const amountOrDash = (value: string | null) => (value == null ? '—' : formatAmount(value));

export interface BudgetExecutionOptions {
  /** A heading naming the union (the audit package prints one per union). */
  heading?: string;
}

export function drawBudgetExecution(canvas: ReportCanvas, model: BudgetExecutionModel, options: BudgetExecutionOptions = {}): void {
  if (options.heading) canvas.heading(options.heading, { size: 11 });
  canvas.caption(
    `工会：${model.unionName}　　预算年度：${model.year}　　预算状态：${budgetStatusLabel(model.status)}${model.version > 0 ? `（第 ${model.version} 版）` : ''}`,
    '金额单位：元',
  );
  const table = new ReportTable(canvas, COLUMNS, { continuedLabel: `${model.unionName} ${model.year} 年预算执行情况（续）` }).start();
  const line = (l: BudgetExecutionLineModel) =>
    table.row([
      String(l.lineNo),
      l.categoryCode,
      l.projectName ? `${l.categoryName}：${l.projectName}` : l.categoryName,
      fundTypeLabel(l.fundType),
      formatAmount(l.budget),
      formatAmount(l.adjustedBudget),
      l.kind === 'income' ? '—' : formatAmount(l.committed),
      formatAmount(l.spent),
      amountOrDash(l.available),
      percent(l.percentExecuted),
    ]);
  const totals = (title: string, t: BudgetExecutionTotalsModel, income: boolean) =>
    table.row(
      [
        '',
        '',
        { text: title, bold: true },
        '',
        formatAmount(t.budget),
        formatAmount(t.adjustedBudget),
        income ? '—' : formatAmount(t.committed),
        formatAmount(t.spent),
        amountOrDash(t.available),
        percent(t.percentExecuted),
      ],
      { bold: true },
    );
  table.span('一、收入预算（已执行为本年已取得的收入）', { bold: true });
  model.lines.filter((l) => l.kind === 'income').forEach(line);
  totals('收入预算合计', model.income, true);
  table.span('二、支出预算', { bold: true });
  model.lines.filter((l) => l.kind !== 'income').forEach(line);
  totals('支出预算合计', model.expenditure, false);
  table.end();
}

/** About the height the layout takes (a heading, a caption, the header and one line a row; long names wrap). */
export function budgetExecutionHeight(model: BudgetExecutionModel): number {
  const rows = model.lines.length + 4;
  return 30 + 20 + 38 + rows * 19;
}

export function renderBudgetExecution(model: BudgetExecutionModel, meta: ReportMeta): PDFKit.PDFDocument {
  const canvas = createReportCanvas(meta, { layout: BUDGET_EXECUTION_LAYOUT });
  drawBudgetExecution(canvas, model);
  canvas.finish();
  return canvas.doc;
}
