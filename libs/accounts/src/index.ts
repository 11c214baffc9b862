export * from './accounts.module';
export * from './accounts.records';
