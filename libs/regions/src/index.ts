export type { Region, RegionStatus } from './domain/region';
export { RegionsAdminModule } from './regions-admin.module';
export { RegionsModule } from './regions.module';
export { RegionsRepository } from './repositories/regions.repository';
export { awsS3Endpoint, loadAwsRegionCatalogue } from './services/catalogue';
