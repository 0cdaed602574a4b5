import type { DuesStatementModel } from './models.js';
import { formatAmount, periodLabel } from './pdf/format.js';
import { duesKindLabel } from './pdf/labels.js';
import { COLOURS, createReportCanvas, type ReportCanvas, type ReportMeta } from './pdf/report-canvas.js';
import { ReportTable, type TableColumn } from './pdf/table.js';

/** 工会经费拨缴对账单: an enterprise's payroll declared, dues assessed, paid and owed, period by period; portrait. */
export const DUES_STATEMENT_LAYOUT = 'portrait' as const;

const COLUMNS: TableColumn[] = [
  { title: '所属期', width: 10.5, align: 'center' },
  { title: '工资总额', width: 13.75, money: true },
  { title: '应缴经费', width: 14.5, money: true },
  { title: '已缴金额', width: 14.5, money: true },
  { title: '欠缴金额', width: 14.5, money: true },
  { title: '款项性质', width: 10, align: 'center' },
  { title: '缴款记录\n（到账日期 金额）', width: 22.25 },
];

export function drawDuesStatement(canvas: ReportCanvas, model: DuesStatementModel): void {
  canvas.fields([
    ['缴费单位', model.enterpriseName],
    ['统一社会信用代码', model.uscc],
    ['对账年度', `${model.year} 年`],
    ['金额单位', '元'],
  ]);
  canvas.gap(4);
  const table = new ReportTable(canvas, COLUMNS, { continuedLabel: `${model.enterpriseName} ${model.year} 年对账单（续）` }).start();
  for (const period of model.periods) {
    table.row([
      periodLabel(period.period),
      period.payrollDeclared == null ? '未申报' : formatAmount(period.payrollDeclared),
      formatAmount(period.assessed),
      formatAmount(period.paid),
      formatAmount(period.owed),
      duesKindLabel(period.kind),
      // The ideographic space sets the date off; the plain space after it is where a receipt too long for one line
      // breaks (line breaking allows no break before a minus sign), so an amount is never split across lines.
      period.receipts.map((receipt) => `${receipt.receivedOn}　 ${formatAmount(receipt.amount)}`).join('\n'),
    ]);
  }
  table.totals(['合计', '', formatAmount(model.totalAssessed), formatAmount(model.totalPaid), formatAmount(model.totalOwed), '', '']);
  table.end();
  canvas.fields([
    ['本年应缴合计', `${formatAmount(model.totalAssessed)} 元`],
    ['本年已缴合计', `${formatAmount(model.totalPaid)} 元`],
    ['尚欠缴', `${formatAmount(model.totalOwed)} 元`],
    ['预缴结余（多缴留抵以后期间）', `${formatAmount(model.credit)} 元`],
  ]);
  canvas.gap(6);
  canvas.paragraph(
    '说明：应缴经费按职工工资总额和拨缴比例计算；“建会筹备金”为尚未建立工会的单位所缴经费，由托管中心代为保管。' +
      '本对账单由系统根据托管中心账簿生成，如对所列金额有异议，请持缴款凭证与托管中心核对。',
    { size: 8.5, colour: COLOURS.muted },
  );
}

export function renderDuesStatement(model: DuesStatementModel, meta: ReportMeta): PDFKit.PDFDocument {
  const canvas = createReportCanvas(meta, { layout: DUES_STATEMENT_LAYOUT });
  drawDuesStatement(canvas, model);
  canvas.finish();
  return canvas.doc;
}
