import { describe, expect, it } from 'vitest';
import { redeliveryDelaySeconds } from './redelivery.ts';

describe('the redelivery backoff of a failed SQS message', () => {
  it('waits 1 minute after the first receive, 4 after the second, then 15, never the 90-minute visibility timeout', () => {
    expect([1, 2, 3, 4, 10].map(redeliveryDelaySeconds)).toEqual([60, 240, 900, 900, 900]);
  });
});
