export * from './api-key';
export * from './first-run.service';
export * from './identity.module';
