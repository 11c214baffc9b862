export * from './app-config';
export * from './config.module';
export { envSchema, PLACEMENT_SIGNAL_SWITCHES, type Env } from './config.schema';
