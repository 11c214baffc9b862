export { rewriteTklbamUrl } from './controllers/tklbam-wire';
export { formatTklbamKey, parseTklbamKey } from './domain/api-key';
export { isTklbamPath, wireErrorText } from './domain/wire';
export { TklbamModule } from './tklbam.module';
