import type { App } from 'vue';
import {
  ElAlert,
  ElAside,
  ElButton,
  ElCard,
  ElConfigProvider,
  ElContainer,
  ElDatePicker,
  ElDialog,
  ElDropdown,
  ElDropdownItem,
  ElDropdownMenu,
  ElEmpty,
  ElForm,
  ElFormItem,
  ElHeader,
  ElInput,
  ElInputNumber,
  ElLoading,
  ElMain,
  ElMenu,
  ElMenuItem,
  ElMenuItemGroup,
  ElOption,
  ElPagination,
  ElResult,
  ElSelect,
  ElTable,
  ElTableColumn,
  ElTabPane,
  ElTabs,
  ElTag,
} from 'element-plus';
import 'element-plus/theme-chalk/index.css';

/** Only the Element Plus components the console uses are registered, so the bundle carries no others. */
export function installElementPlus(app: App): void {
  for (const component of [
    ElAlert, ElAside, ElButton, ElCard, ElConfigProvider, ElContainer, ElDatePicker, ElDropdown, ElDropdownItem,
    ElDropdownMenu, ElEmpty, ElForm, ElFormItem, ElHeader, ElInput, ElMain, ElMenu, ElMenuItem, ElMenuItemGroup,
    ElOption, ElPagination, ElResult, ElSelect, ElTable, ElTableColumn, ElTag,
    ElDialog, ElInputNumber, ElTabPane, ElTabs,
  ]) {
    app.use(component);
  }
  app.use(ElLoading);
}
