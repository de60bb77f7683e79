import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion, RRF_K } from './fusion.ts';

describe('reciprocalRankFusion', () => {
  it('scores 1/(k + rank) per list and ranks agreement above a single first place', () => {
    const fused = reciprocalRankFusion([
      { source: 'fulltext', ids: ['a', 'b', 'c'] },
      { source: 'vector', ids: ['b', 'd'] },
    ]);
    expect(fused.map((item) => item.id)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused[0]).toEqual({
      id: 'b',
      score: 1 / (RRF_K + 2) + 1 / (RRF_K + 1),
      matchedBy: ['fulltext', 'vector'],
    });
    expect(fused[1]).toEqual({ id: 'a', score: 1 / (RRF_K + 1), matchedBy: ['fulltext'] });
    expect(fused[3]).toEqual({ id: 'c', score: 1 / (RRF_K + 3), matchedBy: ['fulltext'] });
  });

  it('breaks ties by id and returns nothing for empty lists', () => {
    const fused = reciprocalRankFusion([
      { source: 'fulltext', ids: ['y'] },
      { source: 'vector', ids: ['x'] },
    ]);
    expect(fused.map((item) => item.id)).toEqual(['x', 'y']);
    expect(reciprocalRankFusion([{ source: 'fulltext', ids: [] }])).toEqual([]);
  });
});
