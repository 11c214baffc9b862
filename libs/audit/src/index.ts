export * from './audit-event';
export * from './audit-log';
export * from './audit.module';
export * from './audit.repository';
