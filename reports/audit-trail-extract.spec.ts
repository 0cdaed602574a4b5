import { readPdf } from '../test/support/pdf-text.js';
import { renderAuditTrailExtract } from './audit-trail-extract.js';
import { sampleAuditTrail, sampleMeta } from './samples.js';

describe('审计记录摘录 (audit-trail extract)', () => {
  it('prints each record in chain order with its actor, action, object, outcome and hash prefix, and counts them', async () => {
    const records = [...sampleAuditTrail(30, 1251)];
    const { text } = await readPdf(renderAuditTrailExtract({ records }, sampleMeta('审计记录摘录', { unionName: null })));
    const lines = text.pages.flatMap((page) => page.lines);
    expect(lines).toContain('序号 时间（北京时间） 操作人 操作 对象 结果 哈希（前 16 位）');
    const second = records[1];
    expect(lines).toContain(['1252', '2026-11-01 09:01:37', 'zhuguan（中心负责人）', 'entry.approve', 'journal_entry 3f6c1252', '成功', second.hash.slice(0, 16)].join(' '));
    expect(lines).toContain(['1251', '2026-11-01 09:00:00', '系统', 'entry.post', 'journal_entry 3f6c1251', '成功', records[0].hash.slice(0, 16)].join(' '));
    const refused = records.filter((record) => record.outcome === 'refused');
    expect(refused.length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.includes(' 拒绝 '))).toHaveLength(refused.length);
    expect(text.text).toContain(`共 30 条记录（序号 1251—1280），其中拒绝 ${refused.length} 条。`);
  });
});
