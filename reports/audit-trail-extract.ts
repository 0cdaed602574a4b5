import type { AuditTrailRecordModel, ItemSource } from './models.js';
import { beijingTime, prefix } from './pdf/format.js';
import { outcomeLabel, roleLabel } from './pdf/labels.js';
import { COLOURS, renderAsync, type ReportCanvas, type ReportMeta } from './pdf/report-canvas.js';
import { ReportTable, type TableColumn } from './pdf/table.js';

/** 审计记录摘录: the audit trail in chain order, one line a record, with each record's hash prefix; landscape. */
export const AUDIT_TRAIL_EXTRACT_LAYOUT = 'landscape' as const;

/** Enough of the hash to find the record; the full hash of the chain head is in every page's footer. */
export const HASH_PREFIX_LENGTH = 16;

const COLUMNS: TableColumn[] = [
  { title: '序号', width: 6, align: 'center' },
  { title: '时间（北京时间）', width: 13, align: 'center' },
  { title: '操作人', width: 16 },
  { title: '操作', width: 20 },
  { title: '对象', width: 20 },
  { title: '结果', width: 6, align: 'center' },
  { title: `哈希（前 ${HASH_PREFIX_LENGTH} 位）`, width: 14 },
];

export interface AuditTrailExtractModel {
  records: ItemSource<AuditTrailRecordModel>;
}

export interface AuditTrailExtractSummary {
  records: number;
  firstSeq: number | null;
  lastSeq: number | null;
  refused: number;
}

export async function drawAuditTrailExtract(canvas: ReportCanvas, records: ItemSource<AuditTrailRecordModel>): Promise<AuditTrailExtractSummary> {
  canvas.caption('审计链记录，按序号排列；每条记录的哈希由其内容和上一条记录的哈希算出', '');
  const table = new ReportTable(canvas, COLUMNS, { continuedLabel: '审计记录摘录（续）' }).start();
  const summary: AuditTrailExtractSummary = { records: 0, firstSeq: null, lastSeq: null, refused: 0 };
  for await (const record of records) {
    const actor = record.actorUsername ? `${record.actorUsername}${record.actorRole ? `（${roleLabel(record.actorRole)}）` : ''}` : '系统';
    const object = [record.objectType, prefix(record.objectId, 8)].filter(Boolean).join(' ');
    const refused = record.outcome === 'refused';
    table.row([
      String(record.seq),
      beijingTime(record.occurredAt),
      actor,
      record.action,
      object,
      { text: outcomeLabel(record.outcome), colour: refused ? COLOURS.warning : undefined, bold: refused },
      prefix(record.hash, HASH_PREFIX_LENGTH),
    ]);
    summary.records += 1;
    summary.firstSeq ??= record.seq;
    summary.lastSeq = record.seq;
    if (refused) summary.refused += 1;
    await canvas.drained();
  }
  const range = summary.firstSeq === null ? '' : `（序号 ${summary.firstSeq}—${summary.lastSeq}）`;
  table.span(`共 ${summary.records} 条记录${range}，其中拒绝 ${summary.refused} 条。`, { bold: true, fill: COLOURS.totalsFill, ruleAbove: true });
  table.end();
  return summary;
}

export function renderAuditTrailExtract(model: AuditTrailExtractModel, meta: ReportMeta): PDFKit.PDFDocument {
  return renderAsync(meta, AUDIT_TRAIL_EXTRACT_LAYOUT, async (canvas) => {
    await drawAuditTrailExtract(canvas, model.records);
  });
}
