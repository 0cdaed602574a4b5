import { computed, reactive } from 'vue';
import { loadUnions, type Union } from './api/reference-data';
import { AUDITOR_ROLES, selectedEngagement } from './engagement-scope';
import { session } from './session';

/**
 * The unions the user may look at (the API answers only those in scope: one's own union, an auditor's engagement, the
 * whole centre for its staff) and the one chosen in the header's switcher. Screens that show one union's books read
 * `unionScope.selectedId`; '' means the whole centre and is offered only to those who may see it.
 */
export const unionScope = reactive<{ unions: Union[]; selectedId: string; loadedFor: string | null; error: string | null }>({
  unions: [],
  selectedId: '',
  loadedFor: null,
  error: null,
});

const KEY = 'dcl.console.union';

/** Roles bound to one union: they never see "all unions". */
const ONE_UNION_ROLES = new Set(['union_treasurer', 'union_chair', 'member']);

/** The centre's staff; an auditor only under an engagement of the whole centre (else the API has no "all" to give). */
export const canChooseAllUnions = computed(() => {
  const role = session.current?.user.role;
  if (role && AUDITOR_ROLES.has(role)) return selectedEngagement.value?.allUnions === true;
  return !!role && !ONE_UNION_ROLES.has(role) && role !== 'enterprise';
});

export const selectedUnion = computed(() => unionScope.unions.find((union) => union.id === unionScope.selectedId) ?? null);

/** Loads the unions in scope once per login; keeps the previous choice when it is still in scope. */
export async function loadUnionScope(): Promise<void> {
  const user = session.current?.user;
  if (!user?.centreId || user.role === 'enterprise') {
    unionScope.unions = [];
    unionScope.selectedId = '';
    return;
  }
  if (unionScope.loadedFor === user.id) return;
  try {
    unionScope.unions = await loadUnions(user.centreId);
    unionScope.error = null;
  } catch {
    unionScope.unions = [];
    unionScope.error = '无法读取工会列表';
  }
  unionScope.loadedFor = user.id;
  const stored = sessionStorage.getItem(KEY) ?? '';
  const inScope = (id: string) => unionScope.unions.some((union) => union.id === id);
  if (user.unionId && inScope(user.unionId)) unionScope.selectedId = user.unionId;
  else if (inScope(stored)) unionScope.selectedId = stored;
  else unionScope.selectedId = canChooseAllUnions.value ? '' : (unionScope.unions[0]?.id ?? '');
}

export function selectUnion(id: string): void {
  unionScope.selectedId = id;
  sessionStorage.setItem(KEY, id);
}

/** Forgets the scope at logout, so the next user starts from their own. */
export function resetUnionScope(): void {
  unionScope.unions = [];
  unionScope.selectedId = '';
  unionScope.loadedFor = null;
  sessionStorage.removeItem(KEY);
}
