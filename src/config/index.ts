export { APP_CONFIG, ConfigError, loadConfig } from './app-config.js';
export type { AppConfig } from './app-config.js';
