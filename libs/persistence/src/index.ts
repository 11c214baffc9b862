export * from './database-url';
export * from './migrations';
export * from './persistence.module';
export * from './prisma.service';
export * from './audit';
export * from './placement-notify';
export * from './unique-violation';
export * from './keyset';
