import { EntitySchema } from '@mikro-orm/core';

/** A fixed one-minute window counter, shared by every instance. */
export class RateLimitWindow {
  bucket!: string;
  windowStart!: Date;
  count!: number;
}

export const RateLimitWindowSchema = new EntitySchema<RateLimitWindow>({
  class: RateLimitWindow,
  tableName: 'rate_limits',
  properties: {
    bucket: { type: 'text', primary: true },
    windowStart: { type: 'Date', columnType: 'timestamptz(3)' },
    count: { type: 'integer' },
  },
});
