// Typed buffers the engine reuses from one run to the next. A fresh 10,000-path run asks for
// about 5 MB of wealth and income rows; allocating them each time (zeroed pages, first-touch
// faults, garbage collection) cost as much as the simulation itself (issue 13 §3).

/** The engine's per-run arrays, by role. */
export type BufferRole =
  | 'wealth'
  | 'income'
  | 'atRetirement'
  | 'maxSpending'
  | 'maxWithdrawalRate'
  | 'firstIncome'
  | 'minIncome'
  | 'depletionYear'
  | 'yearsBelowFloor'
  | 'cuts'
  | 'failed'
  | 'taxPaid'
  | 'requiredDistributions'
  | 'endTaxable'
  | 'endTaxDeferred'
  | 'endTaxFree';

/**
 * Buffers handed out by role, each a view of the first `length` elements of a retained array
 * that only grows. A view stays valid until the next run on the same workspace asks for the
 * same role: results read from a workspace must be consumed (or copied) before that.
 * Contents are not cleared: the engine writes every element it hands back.
 */
export class PathWorkspace {
  private readonly retainLimitBytes: number;
  private readonly float64 = new Map<BufferRole, Float64Array>();
  private readonly int32 = new Map<BufferRole, Int32Array>();
  private readonly uint8 = new Map<BufferRole, Uint8Array>();

  /**
   * @param retainLimitBytes Largest array kept for reuse; a bigger request gets a fresh array
   *   that is dropped after the run, so one huge simulation does not pin its memory for the
   *   life of the process.
   */
  constructor(retainLimitBytes = Number.POSITIVE_INFINITY) {
    this.retainLimitBytes = retainLimitBytes;
  }

  floats(role: BufferRole, length: number): Float64Array {
    return this.take(this.float64, role, length, (size) => new Float64Array(size));
  }

  ints(role: BufferRole, length: number): Int32Array {
    return this.take(this.int32, role, length, (size) => new Int32Array(size));
  }

  bytes(role: BufferRole, length: number): Uint8Array {
    return this.take(this.uint8, role, length, (size) => new Uint8Array(size));
  }

  private take<T extends Float64Array | Int32Array | Uint8Array>(
    pool: Map<BufferRole, T>,
    role: BufferRole,
    length: number,
    allocate: (size: number) => T,
  ): T {
    const retained = pool.get(role);
    if (retained && retained.length >= length) return retained.subarray(0, length) as T;
    const fresh = allocate(length);
    if (fresh.byteLength <= this.retainLimitBytes) pool.set(role, fresh);
    return fresh;
  }
}

/** Arrays up to 32 MiB (4 M doubles: 65,000 paths of 60 years) are kept between runs. */
export const SHARED_RETAIN_LIMIT_BYTES = 32 * 1024 * 1024;

/**
 * The workspace of simulateRetirement and successProbabilityOf, which read their paths before
 * they return. One per thread (each worker thread loads its own copy of this module).
 */
export const sharedWorkspace = new PathWorkspace(SHARED_RETAIN_LIMIT_BYTES);
