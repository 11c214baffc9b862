export {
  DataDirError,
  type EmbeddedPostgresHandle,
  runningEmbeddedPostgresUrl,
  startEmbeddedPostgres,
} from './services/embedded-postgres';
export { LOCAL_ACCESS_KEY, startLocalS3 } from './services/local-s3';
