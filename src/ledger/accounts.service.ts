import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { actorOf, AuditedWrite } from '../audit/index.js';
import { assertCentreVisible } from '../auth/index.js';
import type { RequestContext } from '../common/request-context.js';
import { type ChartAccount, forgetChart, loadChart } from './chart.js';
import type { AccountView, CreateSubAccountDto } from './dto/ledger.dto.js';
import { LedgerErrors } from './ledger.errors.js';

function accountView(account: ChartAccount): AccountView {
  return {
    id: account.id,
    code: account.code,
    name: account.name,
    category: account.category,
    normalSide: account.normalSide,
    isCash: account.isCash,
    postable: account.postable,
    standard: account.centreId === null,
    parentId: account.parentId,
  };
}

/** The chart of accounts (工会会计制度 2021): standard accounts for all, sub-accounts a centre adds for itself. */
@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly write: AuditedWrite,
  ) {}

  async list(ctx: RequestContext, centreId: string): Promise<AccountView[]> {
    assertCentreVisible(ctx.principal, centreId);
    return (await loadChart(this.dataSource.manager, centreId)).accounts.map(accountView);
  }

  addSubAccount(ctx: RequestContext, centreId: string, dto: CreateSubAccountDto): Promise<AccountView> {
    assertCentreVisible(ctx.principal, centreId);
    return this.write.run(actorOf(ctx), async (manager) => {
      const chart = await loadChart(manager, centreId);
      const parent = chart.byCode(dto.code.slice(0, -2));
      if (!parent) throw LedgerErrors.accountRule(`There is no account ${dto.code.slice(0, -2)} to put ${dto.code} under.`);
      if (chart.byCode(dto.code)) throw LedgerErrors.accountCodeTaken();
      const [{ id }] = await manager.query(
        `INSERT INTO account (centre_id, code, name, category, normal_side, is_cash, parent_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [centreId, dto.code, dto.name, parent.category, parent.normalSide, parent.isCash, parent.id],
      );
      forgetChart(centreId);
      const account = (await loadChart(manager, centreId)).byId(id)!;
      const view = accountView(account);
      return { result: view, audit: { centreId, action: 'account.create', objectType: 'account', objectId: id, detail: { after: view } } };
    });
  }
}
