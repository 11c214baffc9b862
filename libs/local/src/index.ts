export * from './embedded-postgres';
export * from './local-s3';
