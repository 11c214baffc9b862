export * from './tklbam';
export * from './tklbam.module';
export * from './tklbam-keys.module';
export * from './protocol/api-key';
export * from './protocol/wire';
export * from './protocol/account-policy';
export { rewriteTklbamUrl } from './http/tklbam-wire';
export { TklbamKeysService, type IssuedTklbamKey, type TklbamKeyActor } from './services/tklbam-keys.service';
