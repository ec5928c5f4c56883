import { randomFillSync } from 'node:crypto';

/** Random bytes drawn 16 KiB at a time: one call to the system's generator per ~1,600 ids, not one per id. */
const pool = Buffer.alloc(16 * 1024);
let offset = pool.length;
/** The last id's time and random part: ids of one millisecond count up from it. */
let lastMs = -1;
const last = Buffer.alloc(10);

function freshRandom(): void {
  if (offset + 10 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  pool.copy(last, 0, offset, offset + 10);
  offset += 10;
}

/** Adds one to the random part (big-endian), so that it sorts after the previous one. */
function increment(): void {
  for (let i = last.length - 1; i >= 0; i--) {
    last[i] = (last[i] + 1) & 0xff;
    if (last[i] !== 0) return;
  }
}

/**
 * A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then random bits; within one
 * millisecond each id is the previous one plus one (the RFC's monotonic method), so ids
 * sort in the order they were made. Rows keyed by these go to the right edge of their
 * primary-key index, as a time-ordered key would, instead of to a random page each (a
 * full-page image in the WAL and a cache miss per insert); and a batch created in one
 * statement lists in its own order. They are ordinary UUIDs to every reader.
 */
export function uuidV7(now = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    freshRandom();
    // Room to count up: the top bit of the counted part starts clear.
    last[1] &= 0x7f;
  } else increment();
  const time = lastMs.toString(16).padStart(12, '0');
  const hex = last.toString('hex');
  const version = (0x70 | (last[0] & 0x0f)).toString(16);
  const variant = (0x80 | (last[2] & 0x3f)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-${version}${hex.slice(2, 4)}-${variant}${hex.slice(6, 8)}-${hex.slice(8, 20)}`;
}
