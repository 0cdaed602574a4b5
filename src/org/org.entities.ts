import { Column, Entity, PrimaryColumn } from 'typeorm';

export const UNION_KINDS = ['grassroots', 'federation', 'street'] as const;
/** grassroots 基层工会 · federation 工会联合会 (the park/street "小二级") · street 街道(乡镇)总工会 */
export type UnionKind = (typeof UNION_KINDS)[number];

/** 工会经费托管服务中心: the tenant; one unified bank account (统一开户). */
@Entity({ name: 'centre' })
export class CentreEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') name: string;
  @Column('text') bankAccountNo: string;
  @Column('text') bankName: string;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;
}

/** 工会: a fund with its own sub-ledger (分户核算) in the centre's ledger. */
@Entity({ name: 'trade_union' })
export class TradeUnionEntity {
  @PrimaryColumn('uuid') centreId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') name: string;
  @Column('text') kind: UnionKind;
  @Column('uuid', { nullable: true }) parentUnionId: string | null;
  @Column('integer') memberCount: number;
  @Column('date', { nullable: true }) foundedOn: string | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;
}

/** 企业, identified by its 统一社会信用代码; with its union, or none yet (then it pays 建会筹备金). */
@Entity({ name: 'enterprise' })
export class EnterpriseEntity {
  @PrimaryColumn('uuid') centreId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') name: string;
  @Column('text') uscc: string;
  @Column('text', { nullable: true }) payrollContactName: string | null;
  @Column('text', { nullable: true }) payrollContactPhone: string | null;
  @Column('uuid', { nullable: true }) unionId: string | null;
  @Column('text', { nullable: true }) duesClass: string | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;
}
