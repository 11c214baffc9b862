export * from './object-store';
export * from './s3-object-store';
export * from './storage-errors';
export * from './storage.module';
export * from './sdk-metrics';
