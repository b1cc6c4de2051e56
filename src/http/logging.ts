/**
 * Logging without personal data: request logs carry method, path (no query string, which may hold
 * a national ID) and ids; tokens, cookies and known personal fields are redacted wherever they appear.
 * Format: JSON lines in production (NODE_ENV=production) or when stdout is not a terminal; one
 * readable line per entry on a terminal in development. Redaction happens before either.
 */
import type { FastifyServerOptions } from 'fastify';
import pretty from 'pino-pretty';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.nationalId',
  '*.national_id',
  '*.fullName',
  '*.full_name',
  '*.phone',
  '*.token',
];

export type LogFormat = 'json' | 'pretty';

/** JSON unless in development on a terminal. */
export function logFormat(env: NodeJS.ProcessEnv = process.env, tty = process.stdout.isTTY === true): LogFormat {
  return env.NODE_ENV !== 'production' && tty ? 'pretty' : 'json';
}

/** One line per entry: time, level, message, then the entry's (already redacted) fields. */
export function prettyStream(destination: NodeJS.WritableStream = process.stdout, colorize = destination === process.stdout && process.stdout.isTTY === true): NodeJS.WritableStream {
  return pretty({ destination, colorize, singleLine: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
}

/** Without a stream: stdout, in the format `logFormat` chooses. A given stream gets JSON lines. */
export function loggerOptions(level = process.env.LOG_LEVEL ?? 'info', stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  const out = stream ?? (logFormat() === 'pretty' ? prettyStream() : undefined);
  return {
    level,
    ...(out ? { stream: out } : {}),
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  } as FastifyServerOptions['logger'];
}
