import { startTestApp } from '../test/helpers/app.ts';
console.time('start');
const t = await startTestApp({ smtp: true });
console.timeEnd('start');
const r = await t.client().get('/api/v1/instance');
console.log(r.status, r.body);
await t.close();
console.log('closed');
