/**
 * A loopback SMTP server in its own process for bench/dispatch.ts (a real mail server is not in
 * Beckon's process either). Sends {port} once listening, then {received} whenever asked ('count').
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  maxClients: 500,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received++;
      callback(null, 'queued');
    });
  },
});
server.on('error', () => {});
server.listen(0, '127.0.0.1');
await once(server.server, 'listening');
process.send!({ port: (server.server.address() as AddressInfo).port });
process.on('message', (m) => {
  if (m === 'count') process.send!({ received });
  if (m === 'close') server.close(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
