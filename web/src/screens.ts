import type { MenuItem } from './menu';

/**
 * The screens written so far: every `views/*.vue` file, loaded on first use (one chunk per screen). A menu item whose
 * view has no file yet opens the "not built yet" page instead.
 */
const views = import.meta.glob(['./views/*.vue', '!./views/ConsoleLayout.vue', '!./views/LoginView.vue']);

export function screenLoader(item: MenuItem): () => Promise<unknown> {
  return views[`./views/${item.view}.vue`] ?? views['./views/PlannedScreen.vue'];
}

export function isBuilt(item: MenuItem): boolean {
  return `./views/${item.view}.vue` in views;
}
