import './spending.errors.js';

export { SpendingModule } from './spending.module.js';
