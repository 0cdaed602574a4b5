import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 200;

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  pageSize: number = 50;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export function pageOf<T>(items: T[], total: number, query: PageQuery): Page<T> {
  return { items, page: query.page, pageSize: query.pageSize, total };
}

export function offsetOf(query: PageQuery): number {
  return (query.page - 1) * query.pageSize;
}

type Constructor<T = object> = new (...args: never[]) => T;

/** The OpenAPI schema of a page of `item`: `class UnionPage extends PageOf(UnionView) {}`. */
export function PageOf<T>(item: Constructor<T>) {
  class PageClass implements Page<T> {
    @ApiProperty({ type: [item] }) items: T[];
    @ApiProperty({ example: 1 }) page: number;
    @ApiProperty({ example: 50 }) pageSize: number;
    @ApiProperty({ example: 1, description: 'Number of items on all pages' }) total: number;
  }
  return PageClass;
}
