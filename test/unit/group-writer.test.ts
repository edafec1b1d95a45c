import { describe, expect, it } from 'vitest';
import { createGroupWriter } from '../../src/shared/group-writer.ts';

describe('group writer', () => {
  it('writes the first item at once and what arrives meanwhile together next', async () => {
    const writes: number[][] = [];
    let release: () => void = () => {};
    const writer = createGroupWriter(async (items: number[]) => {
      writes.push(items);
      if (writes.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = writer.add(1);
    const later = [writer.add(2), writer.add(3)];
    expect(writes).toEqual([[1]]);
    release();
    await Promise.all([first, ...later]);
    expect(writes).toEqual([[1], [2, 3]]);
  });

  it('rejects the items of a failed write only, and keeps writing after it', async () => {
    const writer = createGroupWriter(async (items: string[]) => {
      if (items.includes('bad')) throw new Error('write failed');
    });
    await expect(writer.add('bad')).rejects.toThrow('write failed');
    await expect(writer.add('good')).resolves.toBeUndefined();
  });
});

describe('group writer with a linger', () => {
  it('waits that long after the first item of a quiet spell, so items close together share a write', async () => {
    const writes: number[][] = [];
    const writer = createGroupWriter(
      async (items: number[]) => {
        writes.push(items);
      },
      { lingerMs: 20 },
    );
    const first = writer.add(1);
    await new Promise((r) => setTimeout(r, 5));
    await Promise.all([first, writer.add(2)]);
    expect(writes).toEqual([[1, 2]]);
  });
});
