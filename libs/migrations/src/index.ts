export { MigrationDto } from './dto/migration.dto';
export { MigrationsAdminModule, MigrationsWorkerModule } from './migrations.module';
export { MigrationWorkerService } from './services/migration-worker.service';
export { WorkerLivenessService } from './services/worker-liveness.service';
export { WorkerLivenessModule } from './worker-liveness.module';
