import type { LoggerService } from '@nestjs/common';
import pino, { type Logger as Pino } from 'pino';
import { requestLogView } from '../domain/redact';

export function createRootLogger(level: string): Pino {
  return pino({
    level,
    base: { service: 'landfall' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Replaces Fastify's request serializer: the URL goes through the one redaction function (query strings carry
    // TKLBAM API keys), and headers are never logged.
    serializers: { req: requestLogView },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'req.headers.subkey',
        '*.secretAccessKey',
        '*.sessionToken',
        '*.plaintext',
        '*.apikey',
        '*.subkey',
      ],
      censor: '[redacted]',
    },
  });
}

/** Routes Nest's own logging into the same structured JSON stream as request logs. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly root: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const logger = context ? this.root.child({ context }) : this.root;
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      logger[level](message, typeof rest[0] === 'string' ? rest[0] : undefined);
    } else if (message instanceof Error) {
      logger[level]({ err: message }, message.message);
    } else {
      const extra = rest.find((r): r is string => typeof r === 'string');
      logger[level](extra ? { detail: extra } : {}, String(message));
    }
  }
}
