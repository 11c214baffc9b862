import { agentS3, gatewayOrSkip } from '../../init/support/init-hub';
import type { CredentialsJson } from './tklbam-agent';

/** The S3 client duplicity would build from a record's address and the credentials/ answer. */
export function s3For(address: string, credentials: CredentialsJson) {
  const match = /^s3:\/\/([^/]+)\/([^/]+)\/(.+)$/.exec(address)!;
  const [, host, bucket, prefix] = match;
  const region = gatewayOrSkip()!.regions.find((r) => r.endpoint.endsWith(host))!.code;
  const s3 = agentS3(`http://${host}`, region, {
    accessKeyId: credentials.accesskey,
    secretAccessKey: credentials.secretkey,
    sessionToken: credentials.sessiontoken,
  });
  return { s3, bucket, prefix, region };
}
