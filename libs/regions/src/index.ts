export * from './catalogue';
export * from './region';
export * from './regions.module';
export * from './regions.repository';
export * from './admin/regions-admin.module';
