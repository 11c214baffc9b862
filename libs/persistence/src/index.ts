export { connectionFieldsOf, withDatabase } from './domain/database-url';
export { findListPage, searchWhere } from './domain/keyset';
export { isUniqueViolation } from './domain/unique-violation';
export { PersistenceModule } from './persistence.module';
export { insertAuditRows, type TransactionClient } from './services/audit-rows';
export { clientConfigOf, createDatabasePool, type SessionTimeouts } from './services/database-pool';
export { applyMigrations } from './services/migrations';
export {
  announceLatencyChange,
  announcePlacementChange,
  LATENCY_CHANNEL,
  PLACEMENT_CHANNEL,
} from './services/placement-notify';
export {
  connectionOptionsOf,
  DATABASE_OPTIONS,
  type DatabaseOptions,
  PrismaService,
} from './services/prisma.service';
