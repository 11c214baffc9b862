import { mkdir } from 'node:fs/promises';

export interface LocalS3Handle {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

/** s3rver's built-in account. It does not check policies: a laptop store, never a security boundary. */
export const LOCAL_ACCESS_KEY = 'S3RVER';

/** A local S3 store on disk (`s3rver`) that stands in for every region in embedded mode. */
export async function startLocalS3(directory: string, port: number): Promise<LocalS3Handle> {
  await mkdir(directory, { recursive: true });
  const { default: S3rver } = await import('s3rver');
  const server = new S3rver({ port, address: '127.0.0.1', directory, silent: true });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    accessKeyId: LOCAL_ACCESS_KEY,
    secretAccessKey: LOCAL_ACCESS_KEY,
    stop: () => server.close(),
  };
}
