// Its own lib: the controller needs @landfall/identity, which itself imports @landfall/audit (a load cycle).
export * from './audit-admin.module';
