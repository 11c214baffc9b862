export * from './migration';
export * from './migrations.module';
export * from './core/etag';
export * from './core/listing-diff';
export * from './core/progress';
export * from './admin/migration.dto';
export * from './queue/job-queue';
export * from './worker/migration-worker.service';
