import type { UnionKind } from './org.entities.js';

/**
 * Which kind of union may sit under which: a street union (街道总工会) is the top of a centre; a federation
 * (工会联合会) sits under the street union; a grassroots union under a federation or the street union. With kinds fixed
 * at creation this also rules out cycles: a parent is always of a higher level than its child.
 */
const ALLOWED_PARENTS: Record<UnionKind, readonly UnionKind[]> = {
  street: [],
  federation: ['street'],
  grassroots: ['federation', 'street'],
};

export function parentKindAllowed(kind: UnionKind, parentKind: UnionKind | null): boolean {
  return parentKind === null || ALLOWED_PARENTS[kind].includes(parentKind);
}
