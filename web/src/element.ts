import type { App } from 'vue';
import {
  ElAlert,
  ElAside,
  ElButton,
  ElCard,
  ElConfigProvider,
  ElContainer,
  ElDatePicker,
  ElDropdown,
  ElDropdownItem,
  ElDropdownMenu,
  ElEmpty,
  ElForm,
  ElFormItem,
  ElHeader,
  ElInput,
  ElLoading,
  ElMain,
  ElMenu,
  ElMenuItem,
  ElMenuItemGroup,
  ElOption,
  ElPagination,
  ElProgress,
  ElRadio,
  ElResult,
  ElSelect,
  ElTable,
  ElTableColumn,
  ElTag,
  ElUpload,
} from 'element-plus';
import 'element-plus/theme-chalk/index.css';

/** Only the Element Plus components the console uses are registered, so the bundle carries no others. */
export function installElementPlus(app: App): void {
  for (const component of [
    ElAlert, ElAside, ElButton, ElCard, ElConfigProvider, ElContainer, ElDatePicker, ElDropdown, ElDropdownItem,
    ElDropdownMenu, ElEmpty, ElForm, ElFormItem, ElHeader, ElInput, ElMain, ElMenu, ElMenuItem, ElMenuItemGroup,
    ElOption, ElPagination, ElResult, ElSelect, ElTable, ElTableColumn, ElTag,
    ElProgress,
    ElRadio, // installs ElRadioGroup and ElRadioButton too (their own install does nothing)
    ElUpload,
  ]) {
    app.use(component);
  }
  app.use(ElLoading);
}
