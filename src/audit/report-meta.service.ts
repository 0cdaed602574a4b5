import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ReportMeta } from '../../reports/index.js';
import { GENESIS_HASH } from './chain.js';

/**
 * What every printed page says about itself: the centre, the union, the period, when it was made, and the head of
 * the centre's audit chain at that moment, so that any page can be tied to the trail (and the trail checked offline
 * with `audit export`).
 */
@Injectable()
export class ReportMetaService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async build(centreId: string, title: string, periodLabel: string, unionId?: string | null): Promise<ReportMeta> {
    const [row] = await this.dataSource.query(
      `SELECT c.name AS centre_name,
              (SELECT name FROM trade_union WHERE centre_id = c.id AND id = $2) AS union_name,
              h.seq, h.hash
         FROM centre c LEFT JOIN audit_chain_head h ON h.centre_id = c.id
        WHERE c.id = $1`,
      [centreId, unionId ?? null],
    );
    return {
      title,
      centreName: row?.centre_name ?? '',
      unionName: row?.union_name ?? null,
      periodLabel,
      generatedAt: new Date().toISOString(),
      chainHead: { seq: row?.seq ? Number(row.seq) : 0, hash: row?.hash ?? GENESIS_HASH },
    };
  }
}
