import { computed, reactive } from 'vue';
import type { components } from './api/schema';
import { AUDITORS } from './menu';
import { session } from './session';

type Engagement = components['schemas']['EngagementView'];

export const AUDITOR_ROLES: ReadonlySet<string> = new Set(AUDITORS);
/** The header the API reads the engagement of an auditor's request from (it never merges two engagements' reach). */
export const ENGAGEMENT_HEADER = 'X-Audit-Engagement';
const KEY = 'dcl.console.engagement';

/**
 * An auditor's engagements in force and the one their screens work under (审计项目, chosen in the header when they
 * hold several): its unions and months are what the API answers. Empty for everyone else.
 */
export const engagementScope = reactive<{ inForce: Engagement[]; selectedId: string; loadedFor: string | null }>({
  inForce: [],
  selectedId: '',
  loadedFor: null,
});

export const isAuditor = computed(() => AUDITOR_ROLES.has(session.current?.user.role ?? ''));
export const selectedEngagement = computed(() => engagementScope.inForce.find((e) => e.id === engagementScope.selectedId) ?? null);
/** Whether the screens may start asking: an auditor's requests need the engagement chosen first. */
export const engagementReady = computed(() => !isAuditor.value || engagementScope.loadedFor === session.current?.user.id);

/**
 * Reads the auditor's engagements once per login (the list needs no engagement named) and keeps the previous choice
 * while it is still in force, else the first. `list` is the API call, passed in so this module stays free of the client.
 */
export async function loadEngagementScope(list: (centreId: string) => Promise<Engagement[] | undefined>): Promise<void> {
  const user = session.current?.user;
  if (!user?.centreId || !AUDITOR_ROLES.has(user.role)) return;
  if (engagementScope.loadedFor === user.id) return;
  engagementScope.inForce = ((await list(user.centreId)) ?? []).filter((engagement) => engagement.inForce);
  const stored = sessionStorage.getItem(KEY) ?? '';
  const inForce = (id: string) => engagementScope.inForce.some((engagement) => engagement.id === id);
  engagementScope.selectedId = inForce(stored) ? stored : (engagementScope.inForce[0]?.id ?? '');
  engagementScope.loadedFor = user.id;
}

export function selectEngagement(id: string): void {
  engagementScope.selectedId = id;
  sessionStorage.setItem(KEY, id);
}

/** The header an auditor's request carries (none before the engagements are read, or for anyone else). */
export function engagementHeader(): string | null {
  return isAuditor.value && engagementScope.selectedId ? engagementScope.selectedId : null;
}

export function resetEngagementScope(): void {
  engagementScope.inForce = [];
  engagementScope.selectedId = '';
  engagementScope.loadedFor = null;
  sessionStorage.removeItem(KEY);
}
