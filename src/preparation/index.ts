export { PreparationModule } from './preparation.module.js';
export { PreparationService } from './preparation.service.js';
