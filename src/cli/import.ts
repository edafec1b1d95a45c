import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { createProgressBar } from './progress.ts';

interface Options {
  file: string;
  org: string;
  url: string;
  apiKey: string;
  sendAt?: string;
  yes: boolean;
}

function parseArgs(args: string[]): Options {
  const opts: Partial<Options> = {
    url: process.env.BECKON_URL ?? 'http://localhost:3000',
    apiKey: process.env.BECKON_API_KEY,
    yes: false,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--org') opts.org = args[++i];
    else if (a === '--url') opts.url = args[++i];
    else if (a === '--send-at') opts.sendAt = args[++i];
    else if (a === '--yes' || a === '-y') opts.yes = true;
    else if (!a.startsWith('-')) opts.file = a;
    else throw new Error(`Unknown option ${a}`);
  }
  if (!opts.file || !opts.org || !opts.apiKey) {
    throw new Error(
      'Usage: BECKON_API_KEY=bk_… npm run beckon -- import FILE.csv|FILE.xlsx --org ORG_ID [--url URL] [--send-at ISO] [--yes]',
    );
  }
  return opts as Options;
}

async function call(opts: Options, method: string, path: string, body?: BodyInit, type?: string) {
  const res = await fetch(`${opts.url.replace(/\/$/, '')}/api/v1/orgs/${opts.org}${path}`, {
    method,
    headers: { authorization: `Bearer ${opts.apiKey}`, ...(type ? { 'content-type': type } : {}) },
    body,
  });
  const json = (await res.json().catch(() => ({}))) as any;
  if (!res.ok)
    throw new Error(`${res.status} ${json?.error?.code ?? ''}: ${json?.error?.message ?? res.statusText}`);
  return json;
}

/** `beckon import`: upload, show the preview, confirm, and follow progress with a bar. */
export async function runImport(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  const data = await readFile(opts.file);
  const type =
    extname(opts.file).toLowerCase() === '.xlsx'
      ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : 'text/csv';
  const preview = await call(
    opts,
    'POST',
    `/imports?fileName=${encodeURIComponent(basename(opts.file))}`,
    data,
    type,
  );
  console.log(
    `Preview: ${preview.total} rows, ${preview.valid} ready to invite, ${preview.problems.length} with problems.`,
  );
  for (const p of preview.problems.slice(0, 20)) console.log(`  row ${p.row} (${p.column}): ${p.message}`);
  if (preview.problems.length > 20)
    console.log(`  … and ${preview.problems.length - 20} more (download results.csv after the import).`);
  if (preview.valid === 0) return console.log('Nothing to import.');
  if (!opts.yes) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(
      `Invite ${preview.valid} people${opts.sendAt ? ` at ${opts.sendAt}` : ' now'}? [y/N] `,
    );
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) return console.log('Cancelled: nothing was created.');
  }
  await call(
    opts,
    'POST',
    `/imports/${preview.id}/confirm`,
    JSON.stringify(opts.sendAt ? { sendAt: opts.sendAt } : {}),
    'application/json',
  );
  const bar = createProgressBar();
  for (;;) {
    const s = await call(opts, 'GET', `/imports/${preview.id}`);
    bar.update(s.processed, s.total, `created ${s.created}, skipped ${s.skipped}, failed ${s.failed}`);
    if (['done', 'failed', 'cancelled'].includes(s.status)) {
      bar.finish();
      console.log(
        `Import ${s.status}. Results: ${opts.url}/api/v1/orgs/${opts.org}/imports/${preview.id}/results.csv`,
      );
      if (s.status !== 'done') process.exitCode = 1;
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
