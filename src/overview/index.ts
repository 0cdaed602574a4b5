export { OverviewModule } from './overview.module.js';
export { foundingRatePercent } from './overview-rules.js';
