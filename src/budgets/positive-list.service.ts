import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { actorOf, AuditedWrite } from '../audit/index.js';
import { assertCentreVisible } from '../auth/index.js';
import { formatMoney, money } from '../common/money.js';
import type { RequestContext } from '../common/request-context.js';
import { BudgetErrors } from './budgets.errors.js';
import type { CreateItemDto, ItemTermsDto, ItemVersionDto, ItemVersionView, ItemView } from './dto/budgets.dto.js';

interface VersionRow {
  item_id: string;
  code: string;
  effective_from: string;
  name: string;
  category_code: string;
  category_name: string;
  cap_per_member_year: string | null;
  cap_per_event: string | null;
  cap_per_person_occasion: string | null;
  withdrawn: boolean;
  description: string | null;
  created_at: Date;
}

const amount = (value: string | null) => (value === null ? null : formatMoney(money(value)));

function versionView(row: VersionRow): ItemVersionView {
  return {
    effectiveFrom: row.effective_from,
    name: row.name,
    categoryCode: row.category_code,
    categoryName: row.category_name,
    capPerMemberYear: amount(row.cap_per_member_year),
    capPerEvent: amount(row.cap_per_event),
    capPerPersonOccasion: amount(row.cap_per_person_occasion),
    withdrawn: row.withdrawn,
    description: row.description,
    createdAt: row.created_at.toISOString(),
  };
}

const VERSION_SELECT = `
  SELECT v.item_id, i.code, to_char(v.effective_from, 'YYYY-MM-DD') AS effective_from, v.name, c.code AS category_code,
         c.name AS category_name, v.cap_per_member_year, v.cap_per_event, v.cap_per_person_occasion, v.withdrawn,
         v.description, v.created_at
    FROM positive_list_version v
    JOIN positive_list_item i ON i.centre_id = v.centre_id AND i.id = v.item_id
    JOIN account c ON c.id = v.category_account_id`;

/**
 * 职工普惠服务正面清单: what a centre's unions may spend on, each item under one expenditure category with optional
 * caps. Items keep their code; their terms change by versions in force from a date, so spending is always judged by
 * the terms of its own day.
 */
@Injectable()
export class PositiveListService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly write: AuditedWrite,
  ) {}

  /** The list as in force on `date`: items off the list that day are left out. */
  async list(ctx: RequestContext, centreId: string, date: string): Promise<ItemView[]> {
    assertCentreVisible(ctx.principal, centreId);
    const rows: VersionRow[] = await this.dataSource.query(`${VERSION_SELECT} WHERE v.centre_id = $1 ORDER BY i.code, v.effective_from`, [centreId]);
    const byItem = groupVersions(rows);
    const items: ItemView[] = [];
    for (const versions of byItem.values()) {
      const current = [...versions].reverse().find((v) => v.effective_from <= date);
      if (!current || current.withdrawn) continue;
      items.push(itemView(current, versions));
    }
    return items;
  }

  async get(ctx: RequestContext, centreId: string, itemId: string, date?: string): Promise<ItemView> {
    assertCentreVisible(ctx.principal, centreId);
    return this.read(this.dataSource.manager, centreId, itemId, date);
  }

  create(ctx: RequestContext, centreId: string, dto: CreateItemDto): Promise<ItemView> {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const id = randomUUID();
      await manager.query('INSERT INTO positive_list_item (centre_id, id, code) VALUES ($1, $2, $3)', [centreId, id, dto.code]);
      await this.insertVersion(manager, ctx, centreId, id, dto, false);
      const item = await this.read(manager, centreId, id, dto.effectiveFrom);
      return { result: item, audit: { centreId, action: 'positive_list.create', objectType: 'positive_list_item', objectId: id, detail: { after: item } } };
    });
  }

  addVersion(ctx: RequestContext, centreId: string, itemId: string, dto: ItemVersionDto): Promise<ItemView> {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const [exists] = await manager.query('SELECT 1 FROM positive_list_item WHERE centre_id = $1 AND id = $2 FOR UPDATE', [centreId, itemId]);
      if (!exists) throw BudgetErrors.itemNotFound(itemId);
      const [taken] = await manager.query(
        'SELECT 1 FROM positive_list_version WHERE centre_id = $1 AND item_id = $2 AND effective_from = $3',
        [centreId, itemId, dto.effectiveFrom],
      );
      if (taken) throw BudgetErrors.versionExists(dto.effectiveFrom);
      await this.insertVersion(manager, ctx, centreId, itemId, dto, dto.withdrawn ?? false);
      const item = await this.read(manager, centreId, itemId, dto.effectiveFrom);
      return {
        result: item,
        audit: { centreId, action: 'positive_list.version', objectType: 'positive_list_item', objectId: itemId, detail: { version: dto } },
      };
    });
  }

  private async insertVersion(manager: EntityManager, ctx: RequestContext, centreId: string, itemId: string, terms: ItemTermsDto, withdrawn: boolean) {
    const [category] = await manager.query(
      `SELECT id FROM account WHERE code = $1 AND parent_id IS NULL AND centre_id IS NULL AND category = 'expenditure'`,
      [terms.categoryCode],
    );
    if (!category) throw BudgetErrors.notACategory('categoryCode', terms.categoryCode, 'expenditure');
    await manager.query(
      `INSERT INTO positive_list_version (centre_id, item_id, effective_from, name, category_account_id, cap_per_member_year, cap_per_event,
         cap_per_person_occasion, withdrawn, description, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        centreId,
        itemId,
        terms.effectiveFrom,
        terms.name,
        category.id,
        terms.capPerMemberYear ?? null,
        terms.capPerEvent ?? null,
        terms.capPerPersonOccasion ?? null,
        withdrawn,
        terms.description ?? null,
        ctx.principal.userId,
      ],
    );
  }

  /** The item with the version in force on `date` (today when left out; its first version when it starts later). */
  private async read(manager: EntityManager, centreId: string, itemId: string, date?: string): Promise<ItemView> {
    const rows: VersionRow[] = await manager.query(`${VERSION_SELECT} WHERE v.centre_id = $1 AND v.item_id = $2 ORDER BY v.effective_from`, [
      centreId,
      itemId,
    ]);
    if (rows.length === 0) throw BudgetErrors.itemNotFound(itemId);
    const on = date ?? new Date().toISOString().slice(0, 10);
    const current = [...rows].reverse().find((v) => v.effective_from <= on) ?? rows[0];
    return itemView(current, rows);
  }
}

function groupVersions(rows: VersionRow[]): Map<string, VersionRow[]> {
  const byItem = new Map<string, VersionRow[]>();
  for (const row of rows) {
    const list = byItem.get(row.item_id) ?? [];
    list.push(row);
    byItem.set(row.item_id, list);
  }
  return byItem;
}

function itemView(current: VersionRow, versions: VersionRow[]): ItemView {
  return { id: current.item_id, code: current.code, ...versionView(current), versions: versions.map(versionView) };
}
