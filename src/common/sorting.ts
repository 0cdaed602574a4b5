import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsOmittable } from './validators.js';

/**
 * Sorting of a paged list, done by the database so that page 2 follows page 1: `sort=date` ascending, `sort=-date`
 * descending, one key at a time (what a click on a table's column asks for). Each list names its keys and the SQL they
 * stand for; anything else is refused by validation, so no text of the request reaches the SQL.
 */

/** A sort of a list whose keys are `K`: a key, or a key with a leading "-". */
export type SortOf<K extends readonly string[]> = K[number] | `-${K[number]}`;

/** The query field: `@SortField(['date', 'number'])` on a list's query DTO; `fallback` is the order without one. */
export function SortField(keys: readonly string[], fallback?: string): PropertyDecorator {
  const allowed = keys.flatMap((key) => [key, `-${key}`]);
  return applyDecorators(
    ApiPropertyOptional({ enum: allowed, ...(fallback ? { default: fallback } : {}), description: 'Sort key; a leading "-" sorts descending' }),
    IsOmittable(),
    IsIn(allowed, { message: `sort must be one of: ${allowed.join(', ')}` }),
  );
}

/** The key and direction of `sort`, for a query builder's orderBy. */
export function sortKey<K extends string>(sort: SortOf<readonly K[]>): { key: K; direction: 'ASC' | 'DESC' } {
  return sort.startsWith('-') ? { key: sort.slice(1) as K, direction: 'DESC' } : { key: sort as K, direction: 'ASC' };
}

/**
 * The ORDER BY list for `sort`: the chosen column first (NULLs last either way), then `tiebreak` so that equal keys keep
 * a stable order across pages. `fallback` when no sort was asked for.
 */
export function orderBy(sort: string | undefined, columns: Readonly<Record<string, string>>, fallback: string, tiebreak: string): string {
  if (!sort) return `${fallback}, ${tiebreak}`;
  const descending = sort.startsWith('-');
  const column = columns[descending ? sort.slice(1) : sort];
  if (!column) return `${fallback}, ${tiebreak}`;
  return `${column} ${descending ? 'DESC' : 'ASC'} NULLS LAST, ${tiebreak}`;
}
