import { type Config, ConfigError, loadConfig } from './config/config.ts';
import { DataDirLockedError } from './db/data-dir-lock.ts';
import { MigrationDriftError } from './db/migrate.ts';
import { type Runtime, startRuntime } from './runtime.ts';

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  let runtime: Runtime;
  try {
    runtime = await startRuntime(config);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(error.message);
      process.exit(3);
    }
    if (error instanceof MigrationDriftError) {
      console.error(error.message);
      process.exit(4);
    }
    throw error;
  }
  const { app, services } = runtime;
  const log = services.log;
  if (config.processRole !== 'worker') {
    await app.listen({ port: config.port, host: config.host });
  }
  const db =
    services.dbKind === 'pglite' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  const mail = config.smtpUrl ? 'SMTP (SMTP_URL)' : 'captured in the outbox: open Mailbox in the console';
  const lines = [
    '',
    `  Beckon is running (${config.processRole === 'all' ? 'web + worker' : config.processRole})`,
    config.processRole !== 'worker' ? `  Open ${config.appUrl}` : '  Worker only: no HTTP server',
    `  Database: ${db}`,
    `  Email:    ${mail}`,
    `  API docs: ${config.appUrl}/api/docs`,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight work');
    const force = setTimeout(() => process.exit(1), 30_000);
    force.unref();
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

await main();
