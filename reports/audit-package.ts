import { drawAccountLedger } from './account-ledger.js';
import { drawAuditTrailExtract } from './audit-trail-extract.js';
import { drawBudgetAdjustments } from './budget-adjustments.js';
import { budgetExecutionHeight, drawBudgetExecution } from './budget-execution.js';
import { drawJournalListing } from './journal-listing.js';
import type { AuditPackageModel } from './models.js';
import { beijingTime, dateLabel, periodRangeLabel } from './pdf/format.js';
import { engagementKindLabel } from './pdf/labels.js';
import { COLOURS, renderAsync, type ReportCanvas, type ReportMeta } from './pdf/report-canvas.js';
import { ReportTable } from './pdf/table.js';
import { drawReversals } from './reversals.js';
import { drawTrialBalance } from './trial-balance.js';

/**
 * 审计资料包: one PDF for an audit engagement — a cover, the scope, then the trial balance, each union's sub-ledger,
 * the journal listing, budget execution, reversals, budget adjustments and an extract of the audit trail. The
 * sections are the report layouts themselves, drawn into the one document; the PDF's bookmarks list them.
 */
export const AUDIT_PACKAGE_SECTIONS = [
  { title: '一、科目余额表', contents: '审计期间各科目期初余额、本期发生额和期末余额' },
  { title: '二、分户明细账', contents: '范围内每个工会各科目的明细账' },
  { title: '三、凭证清单', contents: '审计期间已记账凭证及其全部分录' },
  { title: '四、预算执行情况', contents: '范围内各工会年度预算的执行情况' },
  { title: '五、冲销凭证', contents: '红字冲销凭证及其冲销的原凭证' },
  { title: '六、预算调整', contents: '预算调整申请、原因及审批结果' },
  { title: '七、审计记录摘录', contents: '审计链记录（操作人、操作、对象、结果、哈希）' },
] as const;

export function kindName(model: AuditPackageModel): string {
  return model.engagement.kindName ?? engagementKindLabel(model.engagement.kind);
}

const COVER_INDENT = 70;

function drawCover(canvas: ReportCanvas, model: AuditPackageModel): void {
  const engagement = model.engagement;
  const { seq, hash } = canvas.meta.chainHead;
  canvas.doc.outline.addItem('封面');
  canvas.gap(70);
  canvas.heading(engagement.title, { size: 20, align: 'center' });
  canvas.gap(6);
  canvas.heading(`${kindName(model)} · 审计资料包`, { size: 15, align: 'center', colour: COLOURS.muted });
  canvas.gap(40);
  const auditors = model.auditors.map((auditor) => auditor.name).join('、') || '—';
  canvas.fields(
    [
      ['审计类型', kindName(model)],
      ['审计事项', engagement.title],
      ['审计单位', engagement.firm ?? '—'],
      ['审计人员', auditors],
      ['被审计单位', canvas.meta.centreName],
      ['审计范围', engagement.allUnions ? `托管中心全部工会（${model.unions.length} 个）` : `${model.unions.length} 个工会（见“审计范围”）`],
      ['审计期间', periodRangeLabel(engagement.periodFrom, engagement.periodTo)],
      ['授权有效期', `${dateLabel(engagement.validFrom)} 至 ${dateLabel(engagement.validUntil)}`],
      ['生成时间', `${beijingTime(canvas.meta.generatedAt)}（北京时间）`],
      ['审计链头', `第 ${seq} 条记录`],
    ],
    { columns: 1, size: 11, indent: COVER_INDENT },
  );
  canvas.paragraph(hash, { size: 8.5, indent: COVER_INDENT + 66, colour: COLOURS.muted });
  canvas.gap(30);
  canvas.paragraph(
    '本资料包由工会经费托管系统按审计事项的范围和期间生成，只读。每页页脚载明生成时审计链的最新记录序号与哈希：' +
      '审计人员可导出审计记录，按系统公布的方法逐条重新计算哈希并核对至该链头，以确认账簿和操作记录生成后未被改动。',
    { size: 9.5, colour: COLOURS.muted, lineGap: 4 },
  );
}

function drawScope(canvas: ReportCanvas, model: AuditPackageModel): void {
  canvas.startSection('审计范围', { layout: 'portrait' });
  const engagement = model.engagement;
  canvas.fields([
    ['审计类型', kindName(model)],
    ['审计期间', periodRangeLabel(engagement.periodFrom, engagement.periodTo)],
    ['授权有效期', `${engagement.validFrom} 至 ${engagement.validUntil}`],
    ['审计单位', engagement.firm ?? '—'],
  ]);
  canvas.gap(6);
  canvas.heading(`被审计工会（${model.unions.length} 个）`, { size: 11 });
  const unions = new ReportTable(
    canvas,
    [
      { title: '序号', width: 8, align: 'center' },
      { title: '工会编码', width: 22 },
      { title: '工会名称', width: 70 },
    ],
    { fontSize: 9, continuedLabel: '被审计工会（续）' },
  ).start();
  model.unions.forEach((union, index) => unions.row([String(index + 1), union.code, union.name]));
  unions.end();
  canvas.heading(`审计人员（${model.auditors.length} 人）`, { size: 11 });
  const auditors = new ReportTable(
    canvas,
    [
      { title: '序号', width: 8, align: 'center' },
      { title: '姓名', width: 22 },
      { title: '单位', width: 45 },
      { title: '职责', width: 25 },
    ],
    { fontSize: 9, continuedLabel: '审计人员（续）' },
  ).start();
  model.auditors.forEach((auditor, index) => auditors.row([String(index + 1), auditor.name, auditor.organisation ?? '', auditor.role ?? '']));
  auditors.end();
  canvas.heading('资料目录', { size: 11 });
  const contents = new ReportTable(
    canvas,
    [
      { title: '部分', width: 30 },
      { title: '内容', width: 70 },
    ],
    { fontSize: 9 },
  ).start();
  for (const section of AUDIT_PACKAGE_SECTIONS) contents.row([section.title, section.contents]);
  contents.end();
}

/** Draws the whole package into a report document, reading the long parts as their sources yield them. */
export async function drawAuditPackage(canvas: ReportCanvas, model: AuditPackageModel): Promise<void> {
  const [trialBalance, ledgers, journal, budgets, reversals, adjustments, trail] = AUDIT_PACKAGE_SECTIONS.map((s) => s.title);
  drawCover(canvas, model);
  drawScope(canvas, model);

  canvas.startSection(trialBalance, { layout: 'landscape', headerTitle: '科目余额表' });
  drawTrialBalance(canvas, model.trialBalance);
  await canvas.drained();

  canvas.startSection(ledgers, { layout: 'portrait', headerTitle: '分户明细账' });
  let unionCount = 0;
  for await (const union of model.unionLedgers) {
    if (unionCount > 0) canvas.addPage('portrait');
    unionCount += 1;
    canvas.heading(`${union.unionCode ? `${union.unionCode} ` : ''}${union.unionName}`, { size: 11.5 });
    if (union.accounts.length === 0) canvas.caption('审计期间无发生额。', '', { keepWithNext: false });
    for (const account of union.accounts) {
      drawAccountLedger(canvas, account, { subject: union.unionName });
      await canvas.drained();
    }
  }
  if (unionCount === 0) canvas.caption('范围内无工会。', '', { keepWithNext: false });

  canvas.startSection(journal, { layout: 'landscape', headerTitle: '凭证清单' });
  await drawJournalListing(canvas, model.journal, { unions: model.unions });

  canvas.startSection(budgets, { layout: 'landscape', headerTitle: '预算执行情况' });
  if (model.budgetExecutions.length === 0) canvas.caption('范围内无已编制的预算。', '', { keepWithNext: false });
  model.budgetExecutions.forEach((execution, index) => {
    if (index > 0) canvas.gap(10);
    // A budget that fits on a page is not split across two.
    const height = budgetExecutionHeight(execution);
    if (height <= canvas.bottom - canvas.top) canvas.ensureSpace(height);
    drawBudgetExecution(canvas, execution, { heading: `${execution.unionName} ${execution.year} 年预算执行情况` });
  });
  await canvas.drained();

  canvas.startSection(reversals, { layout: 'portrait', headerTitle: '冲销凭证' });
  drawReversals(canvas, model.reversals);

  canvas.startSection(adjustments, { layout: 'landscape', headerTitle: '预算调整' });
  drawBudgetAdjustments(canvas, model.budgetAdjustments);
  await canvas.drained();

  canvas.startSection(trail, { layout: 'landscape', headerTitle: '审计记录摘录' });
  await drawAuditTrailExtract(canvas, model.auditTrail);
}

/**
 * The audit package as a stream: returned at once, written as the reader takes it (pipe it to the response or a
 * file). A failure of a source destroys the stream with that error.
 */
export function renderAuditPackage(model: AuditPackageModel, meta: ReportMeta): PDFKit.PDFDocument {
  return renderAsync(meta, 'portrait', (canvas) => drawAuditPackage(canvas, model));
}
