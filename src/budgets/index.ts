import './budgets.errors.js';

export { BudgetsModule } from './budgets.module.js';
export { BudgetControl } from './budget-control.service.js';
export type { SpendingIntent } from './budget-control.service.js';
export { BudgetsService } from './budgets.service.js';
export { PositiveListService } from './positive-list.service.js';
