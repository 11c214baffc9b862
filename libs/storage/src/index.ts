export * from './etag';
export * from './migration-store';
export * from './object-store';
export * from './s3-migration-store';
export * from './s3-object-store';
export * from './storage-errors';
export * from './storage.module';
