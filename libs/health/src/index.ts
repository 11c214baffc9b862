export { LIVENESS_OPENAPI, LIVENESS_PATH, serveLiveness } from './controllers/liveness';
export { HealthModule } from './health.module';
