export { isTransientAwsFailure, isUnsupportedByProvider } from './domain/aws-errors';
export { normalizeEtag } from './domain/etag';
export {
  type BucketAt,
  type ListedObject,
  MIGRATION_STORE,
  type MigrationStore,
  SourceChangedError,
  TargetChangedError,
} from './domain/migration-store';
export {
  OBJECT_STORE,
  type ObjectStore,
  PREFIX_METER,
  type PrefixMeter,
  type PrefixUsage,
  type RegionEndpoint,
} from './domain/object-store';
export { isEncryptionUnavailable, storageUnavailable } from './domain/storage-errors';
export { type MigrationStoreSettings, S3MigrationStore } from './services/s3-migration-store';
export { S3ObjectStore, type S3Settings } from './services/s3-object-store';
export { countSdkCalls } from './services/sdk-metrics';
export { StorageModule } from './storage.module';
