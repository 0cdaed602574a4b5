import './spending.errors.js';

export { SpendingModule } from './spending.module.js';
export { SpendingService } from './spending.service.js';
