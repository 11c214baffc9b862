export { APP_CONFIG, ConfigModule } from './config.module';
export { type AppConfig, ConfigError, loadConfig } from './domain/app-config';
