/** `mizan dev-smsc [--port 2775]`: the local test SMSC alone, printing what it receives until Ctrl-C. */
import { parseArgs } from 'node:util';
import { DevSmsc } from './dev-smsc.js';
import { SMS_DEFAULTS } from './sms-settings.js';

export async function devSmscCommand(args: string[], onStop: (stop: () => Promise<void>) => void): Promise<void> {
  const { values } = parseArgs({ args, strict: false, options: { port: { type: 'string' }, host: { type: 'string' } } });
  const port = Number(values.port ?? SMS_DEFAULTS.devPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('Usage: mizan dev-smsc [--port 2775] [--host 127.0.0.1]');
    process.exitCode = 2;
    return;
  }
  const smsc = await DevSmsc.start({ port, host: typeof values.host === 'string' ? values.host : '127.0.0.1' });
  console.log(`Point Mizan at it with MIZAN_SMS=smpp://mizan:dev@127.0.0.1:${smsc.port}. Ctrl-C stops it.`);
  onStop(() => smsc.close());
}
