import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from './roles.js';

@Entity({ name: 'app_user' })
export class UserEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') username: string;
  @Column('text') displayName: string;
  @Column('text') role: Role;
  @Column('uuid', { nullable: true }) centreId: string | null;
  @Column('uuid', { nullable: true }) unionId: string | null;
  @Column('uuid', { nullable: true }) enterpriseId: string | null;
  @Column('text') passwordHash: string;
  @Column('boolean') active: boolean;
  @Column('integer') tokenVersion: number;
  @Column('timestamptz', { nullable: true }) lastLoginAt: Date | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;
}
