// Its own lib: the controller needs @landfall/identity, which itself imports @landfall/audit (a load cycle).
export { AuditAdminModule } from './audit-admin.module';
