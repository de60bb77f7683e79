/**
 * The constant of reciprocal rank fusion. Cormack, Clarke and Büttcher (2009), "Reciprocal
 * Rank Fusion outperforms Condorcet and individual Rank Learning Methods" (SIGIR), chose 60:
 * it damps the weight of the very first ranks so that one list's top hit cannot outvote
 * agreement between lists.
 */
export const RRF_K = 60;

export interface FusedItem<Source extends string> {
  id: string;
  /** Σ 1 / (k + rank) over the lists that hold the item, rank counted from 1. */
  score: number;
  /** The lists the item came from, in the order the lists were given. */
  matchedBy: Source[];
}

/**
 * Merge ranked lists of ids by reciprocal rank fusion. Only ranks count, so lists scored on
 * different scales (ts_rank, cosine similarity) combine without calibration. Ties are broken
 * by id, so the order is deterministic.
 */
export function reciprocalRankFusion<Source extends string>(
  rankings: ReadonlyArray<{ source: Source; ids: readonly string[] }>,
  k = RRF_K,
): Array<FusedItem<Source>> {
  const fused = new Map<string, FusedItem<Source>>();
  for (const { source, ids } of rankings) {
    ids.forEach((id, index) => {
      const item = fused.get(id) ?? { id, score: 0, matchedBy: [] };
      if (item.matchedBy.includes(source)) return;
      item.score += 1 / (k + index + 1);
      item.matchedBy.push(source);
      fused.set(id, item);
    });
  }
  return [...fused.values()].sort(
    (left, right) => right.score - left.score || (left.id < right.id ? -1 : 1),
  );
}
