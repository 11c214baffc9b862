export * from './actor';
export * from './audit-event';
export * from './audit-log';
export * from './audit.module';
export * from './audit.repository';
export * from './audit-transaction';
export * from './audit-seal';
export * from './audit-sealer.service';
