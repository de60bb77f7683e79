import { describe, expect, it } from 'vitest';
import { createMemoryDailyCloseCache } from './daily-close-cache.ts';

describe('createMemoryDailyCloseCache', () => {
  it('keeps closes per date and hands out copies', async () => {
    const cache = createMemoryDailyCloseCache();
    const closes = new Map([['VTI', 325.18]]);
    await cache.put('2025-11-21', closes);
    closes.set('VTI', 1);

    const kept = await cache.get('2025-11-21');
    expect(kept).toEqual(new Map([['VTI', 325.18]]));
    kept?.clear();
    expect(await cache.get('2025-11-21')).toEqual(new Map([['VTI', 325.18]]));
    expect(await cache.get('2025-11-20')).toBeUndefined();
  });
});
