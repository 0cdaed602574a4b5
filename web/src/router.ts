import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { menuItem, MENU, type Role } from './menu';
import { screenLoader } from './screens';
import { currentRole, onSessionEnded } from './session';
import ConsoleLayout from './views/ConsoleLayout.vue';
import LoginView from './views/LoginView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Roles that may open the screen; absent: any logged-in user. */
    roles?: readonly Role[];
    title?: string;
  }
}

// every menu item is a route with the menu's roles
const screens: RouteRecordRaw[] = MENU.flatMap((group) =>
  group.items.map((item) => ({ path: item.path.slice(1), component: screenLoader(item), meta: { roles: item.roles, title: item.title } })),
);

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/login', component: LoginView, meta: { title: '登录' } },
    {
      path: '/',
      component: ConsoleLayout,
      children: [
        { path: '', component: () => import('./views/HomeView.vue'), meta: { title: '工作台' } },
        ...screens,
        { path: ':unknown(.*)*', component: () => import('./views/NotFound.vue'), meta: { title: '页面不存在' } },
      ],
    },
  ],
});

router.beforeEach((to) => {
  const role = currentRole();
  if (to.path === '/login') return role ? '/' : true;
  if (!role) return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
  const roles = to.meta.roles ?? menuItem(to.path)?.roles;
  if (roles && !roles.includes(role)) return '/';
  return true;
});

router.afterEach((to) => {
  document.title = `${to.meta.title ? `${to.meta.title} · ` : ''}工会经费托管记账`;
});

onSessionEnded(() => {
  void router.replace({ path: '/login', query: { next: router.currentRoute.value.fullPath } });
});
