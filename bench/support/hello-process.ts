import { startHelloWorld } from './hello-server';

/** The bare Fastify hello-world as its own process: prints its origin, serves until SIGTERM. */
startHelloWorld().then(
  (hello) => {
    process.stdout.write(`${hello.origin}\n`);
    process.on('SIGTERM', () => void hello.close().then(() => process.exit(0)));
  },
  (error: unknown) => {
    process.stderr.write(`hello-world failed: ${String(error)}\n`);
    process.exit(1);
  },
);
