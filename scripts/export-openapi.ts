// Writes the OpenAPI document generated from the route schemas to docs/openapi.json.
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { startRuntime } from '../src/runtime.ts';

const config = loadConfig({
  NODE_ENV: 'test',
  SECRET_KEY: 'openapi-export-key-0123456789abcdef01234567',
  BECKON_ROLE: 'web',
  LOG_LEVEL: 'silent',
});
const runtime = await startRuntime(config, { database: await openDatabase({ dataDir: 'memory' }) });
await runtime.app.ready();
const doc = runtime.app.swagger();
writeFileSync(new URL('../docs/openapi.json', import.meta.url), JSON.stringify(doc, null, 2) + '\n');
console.log(`docs/openapi.json: ${Object.keys(doc.paths ?? {}).length} paths`);
await runtime.stop();
