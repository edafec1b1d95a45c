import { randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Temporary files for uploaded workbooks. A zip is read from its end (the central directory), so
 * an XLSX upload is written to disk first; the compressed upload is all that is written, bounded
 * by IMPORT_MAX_BYTES. The file is unlinked as soon as it is opened, so its space returns to the
 * system when the handle closes, even after kill -9; the start-up sweep removes what a crash
 * between opening and unlinking (or a platform that cannot unlink an open file) leaves.
 */

const PREFIX = 'beckon-upload-';

export interface SpooledUpload {
  file: FileHandle;
  size: number;
  close(): Promise<void>;
}

/** Removes every upload file left in `dir` by an earlier process; creates `dir` if missing. */
export async function sweepUploadDir(dir: string): Promise<number> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let removed = 0;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(PREFIX)) continue;
    // Another process may unlink its own file first.
    await unlink(join(dir, name)).then(
      () => removed++,
      () => {},
    );
  }
  return removed;
}

/** Writes `source` to a new temporary file in `dir`; on any failure nothing is left behind. */
export async function spoolUpload(dir: string, source: AsyncIterable<Buffer>): Promise<SpooledUpload> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `${PREFIX}${process.pid}-${randomBytes(8).toString('hex')}.xlsx`);
  const handle: FileHandle = await open(path, 'wx+', 0o600);
  // Windows cannot unlink an open file: there the path goes when the handle closes.
  const linked = await unlink(path).then(
    () => false,
    () => true,
  );
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    // Waits for reads still in flight on the handle.
    await handle.close().catch(() => {});
    if (linked) await unlink(path).catch(() => {});
  };
  try {
    let size = 0;
    for await (const chunk of source) {
      await handle.write(chunk, 0, chunk.length, size);
      size += chunk.length;
    }
    return { file: handle, size, close };
  } catch (error) {
    await close();
    throw error;
  }
}
