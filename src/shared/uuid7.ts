import { randomFillSync } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Rows written
 * in bulk get ids that sort by time, so their primary-key entries land on the right-most b-tree
 * pages instead of one random page each (fewer pages dirtied and logged per import chunk).
 */
export function uuid7(ms: number = Date.now()): string {
  const b = randomFillSync(Buffer.alloc(16));
  b.writeUIntBE(ms, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
