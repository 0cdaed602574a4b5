import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { PageOf, PageQuery } from '../../common/pagination.js';
import { IsNullable, IsOmittable, isCalendarDate, Trim } from '../../common/validators.js';
import { UNION_KINDS, type UnionKind } from '../org.entities.js';
import { usccProblem } from '../uscc.js';
import { SortField, type SortOf } from '../../common/sorting.js';

const CENTRE_CODE = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
const UNION_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const BANK_ACCOUNT = /^[0-9]{8,32}$/;
const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

function IsUscc(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isUscc',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && usccProblem(value) === undefined,
        defaultMessage: (args) => {
          const value = args?.value;
          const problem = typeof value === 'string' ? usccProblem(value) : 'length';
          if (problem === 'check-character') return `${args?.property} has a wrong check character (GB 32100-2015)`;
          if (problem === 'alphabet') return `${args?.property} may hold only digits and capitals other than I, O, S, V, Z`;
          return `${args?.property} must be 18 characters`;
        },
      },
    });
}

function IsPastOrToday(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPastOrToday',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) =>
          isCalendarDate(value) && value >= '1925-05-01' && value <= new Date().toISOString().slice(0, 10),
        defaultMessage: (args) => `${args?.property} must be a date (YYYY-MM-DD) not in the future`,
      },
    });
}

/** The columns a page of unions or enterprises may be ordered by (the entity's property names). */
export const UNION_SORT_KEYS = ['code', 'name', 'kind', 'memberCount', 'foundedOn', 'createdAt'] as const;
export const ENTERPRISE_SORT_KEYS = ['name', 'uscc', 'createdAt'] as const;

const upper = Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));

// ---- centres -------------------------------------------------------------------------------------------------

export class CreateCentreDto {
  @ApiProperty({ description: 'Short code, capitals, digits and dashes', example: 'WENXIN' })
  @upper @IsString() @Matches(CENTRE_CODE, { message: 'code must be 2 to 32 capitals, digits or dashes' })
  code: string;

  @ApiProperty({ example: '文新街道工会经费托管服务中心', maxLength: 100 })
  @Trim() @IsString() @Length(1, 100)
  name: string;

  @ApiProperty({ description: 'The unified bank account (统一开户), digits only', example: '33050161672700000123' })
  @Trim() @IsString() @Matches(BANK_ACCOUNT, { message: 'bankAccountNo must be 8 to 32 digits' })
  bankAccountNo: string;

  @ApiProperty({ example: '中国建设银行杭州文新支行', maxLength: 100 })
  @Trim() @IsString() @Length(1, 100)
  bankName: string;
}

export class UpdateCentreDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOmittable() @Trim() @IsString() @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ example: '33050161672700000123' })
  @IsOmittable() @Trim() @IsString() @Matches(BANK_ACCOUNT, { message: 'bankAccountNo must be 8 to 32 digits' })
  bankAccountNo?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOmittable() @Trim() @IsString() @Length(1, 100)
  bankName?: string;
}

export class CentreView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'WENXIN' }) code: string;
  @ApiProperty({ example: '文新街道工会经费托管服务中心' }) name: string;
  @ApiProperty({ example: '33050161672700000123' }) bankAccountNo: string;
  @ApiProperty({ example: '中国建设银行杭州文新支行' }) bankName: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
export class CentrePage extends PageOf(CentreView) {}

// ---- unions --------------------------------------------------------------------------------------------------

export class CreateUnionDto {
  @ApiProperty({ description: 'Code, unique in the centre', example: 'WX-0001' })
  @Trim() @IsString() @Matches(UNION_CODE, { message: 'code must be 1 to 32 letters, digits, dashes or underscores' })
  code: string;

  @ApiProperty({ example: '杭州云帆网络科技有限公司工会', maxLength: 100 })
  @Trim() @IsString() @Length(1, 100)
  name: string;

  @ApiProperty({ enum: UNION_KINDS, description: 'grassroots 基层工会, federation 工会联合会, street 街道总工会; fixed once created' })
  @IsIn(UNION_KINDS)
  kind: UnionKind;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsNullable() @IsUUID()
  parentUnionId?: string | null;

  @ApiProperty({ minimum: 0, maximum: 1000000, example: 56 })
  @IsInt() @Min(0) @Max(1_000_000)
  memberCount: number;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String, example: '2019-03-12' })
  @IsNullable() @IsPastOrToday()
  foundedOn?: string | null;
}

export class UpdateUnionDto {
  @ApiPropertyOptional({ example: 'WX-0001' })
  @IsOmittable() @Trim() @IsString() @Matches(UNION_CODE, { message: 'code must be 1 to 32 letters, digits, dashes or underscores' })
  code?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOmittable() @Trim() @IsString() @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null detaches the union from its parent' })
  @IsNullable() @IsUUID()
  parentUnionId?: string | null;

  @ApiPropertyOptional({ minimum: 0, maximum: 1000000 })
  @IsOmittable() @IsInt() @Min(0) @Max(1_000_000)
  memberCount?: number;

  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  @IsNullable() @IsPastOrToday()
  foundedOn?: string | null;
}

export class UnionQuery extends PageQuery {
  @ApiPropertyOptional({ enum: UNION_KINDS })
  @IsOmittable() @IsIn(UNION_KINDS)
  kind?: UnionKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable() @IsUUID()
  parentUnionId?: string;

  @ApiPropertyOptional({ description: 'Part of the code or the name', maxLength: 100 })
  @IsOmittable() @Trim() @IsString() @Length(1, 100)
  q?: string;

  @SortField(UNION_SORT_KEYS, 'code')
  sort?: SortOf<typeof UNION_SORT_KEYS>;
}

export class UnionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ example: 'WX-0001' }) code: string;
  @ApiProperty({ example: '杭州云帆网络科技有限公司工会' }) name: string;
  @ApiProperty({ enum: UNION_KINDS }) kind: UnionKind;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentUnionId: string | null;
  @ApiProperty({ example: 56 }) memberCount: number;
  @ApiProperty({ format: 'date', nullable: true, type: String }) foundedOn: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
export class UnionPage extends PageOf(UnionView) {}

// ---- enterprises ---------------------------------------------------------------------------------------------

export class CreateEnterpriseDto {
  @ApiProperty({ example: '杭州云帆网络科技有限公司', maxLength: 200 })
  @Trim() @IsString() @Length(1, 200)
  name: string;

  @ApiProperty({ description: '统一社会信用代码 (GB 32100-2015, with its check character)', example: '91330106MA27XQ1L0C' })
  @upper @IsString() @IsUscc()
  uscc: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 50, example: '陈晓燕' })
  @IsNullable() @Trim() @IsString() @Length(1, 50)
  payrollContactName?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '0571-88231234' })
  @IsNullable() @Trim() @IsString() @Matches(PHONE, { message: 'payrollContactPhone must be a phone number' })
  payrollContactPhone?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'Its grassroots union; none yet: null' })
  @IsNullable() @IsUUID()
  unionId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'small_micro', description: 'Class a dues rule may name (e.g. small and micro enterprises)' })
  @IsNullable() @IsString() @Matches(/^[a-z][a-z0-9_]{0,31}$/, { message: 'duesClass must be lower-case letters, digits or underscores' })
  duesClass?: string | null;
}

export class UpdateEnterpriseDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOmittable() @Trim() @IsString() @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ description: 'Corrects a mistyped code' })
  @IsOmittable() @upper @IsString() @IsUscc()
  uscc?: string;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 50 })
  @IsNullable() @Trim() @IsString() @Length(1, 50)
  payrollContactName?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsNullable() @Trim() @IsString() @Matches(PHONE, { message: 'payrollContactPhone must be a phone number' })
  payrollContactPhone?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsNullable() @IsUUID()
  unionId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'small_micro', description: 'Class a dues rule may name (e.g. small and micro enterprises)' })
  @IsNullable() @IsString() @Matches(/^[a-z][a-z0-9_]{0,31}$/, { message: 'duesClass must be lower-case letters, digits or underscores' })
  duesClass?: string | null;
}

export class EnterpriseQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable() @IsUUID()
  unionId?: string;

  @ApiPropertyOptional({ description: 'true: only enterprises with a union; false: only those without (建会筹备金 payers)' })
  @IsOmittable() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsIn([true, false])
  hasUnion?: boolean;

  @ApiPropertyOptional({ description: 'Part of the name or the code', maxLength: 100 })
  @IsOmittable() @Trim() @IsString() @Length(1, 100)
  q?: string;

  @SortField(ENTERPRISE_SORT_KEYS, 'name')
  sort?: SortOf<typeof ENTERPRISE_SORT_KEYS>;
}

export class EnterpriseView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) centreId: string;
  @ApiProperty({ example: '杭州云帆网络科技有限公司' }) name: string;
  @ApiProperty({ example: '91330106MA27XQ1L0C' }) uscc: string;
  @ApiProperty({ nullable: true, type: String }) payrollContactName: string | null;
  @ApiProperty({ nullable: true, type: String }) payrollContactPhone: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) unionId: string | null;
  @ApiProperty({ nullable: true, type: String }) duesClass: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
export class EnterprisePage extends PageOf(EnterpriseView) {}
