import type { App, Plugin } from 'vue';
import { ElLoading } from 'element-plus';
import 'element-plus/theme-chalk/index.css';
import * as components from './element-components';

/** Only the Element Plus components the console uses (element-components.ts) are registered. */
export function installElementPlus(app: App): void {
  for (const component of Object.values(components)) app.use(component as Plugin);
  app.use(ElLoading);
}
