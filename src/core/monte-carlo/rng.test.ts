import { describe, expect, it } from 'vitest';
import { SeededRandom } from './rng.ts';

describe('SeededRandom', () => {
  it('repeats its stream for a seed and differs across seeds', () => {
    const first = new SeededRandom(42);
    const second = new SeededRandom(42);
    const other = new SeededRandom(43);
    const draw = (random: SeededRandom) => Array.from({ length: 5 }, () => random.nextInt32());
    const stream = draw(first);
    expect(draw(second)).toEqual(stream);
    expect(draw(other)).not.toEqual(stream);
  });

  it('gives uniform floats in [0, 1) with mean 1/2 and variance 1/12', () => {
    const random = new SeededRandom(1);
    const count = 200_000;
    let sum = 0;
    let sumSquares = 0;
    let outside = 0;
    for (let i = 0; i < count; i++) {
      const value = random.nextFloat();
      if (value < 0 || value >= 1) outside++;
      sum += value;
      sumSquares += value * value;
    }
    const mean = sum / count;
    expect(outside).toBe(0);
    // Standard error of the mean of U(0,1): √(1/12)/√n.
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / count));
    expect(sumSquares / count - mean * mean).toBeCloseTo(1 / 12, 3);
  });

  it('draws standard normals: mean, variance, kurtosis and tail mass within their standard errors', () => {
    const random = new SeededRandom(2024);
    const count = 1_000_000;
    let sum = 0;
    let sumSquares = 0;
    let sumFourth = 0;
    let beyondTwo = 0;
    let beyondThreeAndHalf = 0;
    for (let i = 0; i < count; i++) {
      const z = random.nextNormal();
      sum += z;
      sumSquares += z * z;
      sumFourth += z ** 4;
      if (Math.abs(z) > 2) beyondTwo++;
      if (Math.abs(z) > 3.5) beyondThreeAndHalf++;
    }
    // Standard errors: mean 1/√n, variance √(2/n), fourth moment √(96/n).
    expect(Math.abs(sum / count)).toBeLessThan(4 / Math.sqrt(count));
    expect(Math.abs(sumSquares / count - 1)).toBeLessThan(4 * Math.sqrt(2 / count));
    expect(Math.abs(sumFourth / count - 3)).toBeLessThan(4 * Math.sqrt(96 / count));
    // P(|Z| > 2) = 0.0455003, P(|Z| > 3.5) = 0.000465258; binomial standard errors.
    const tail = (observed: number, p: number) =>
      Math.abs(observed / count - p) / Math.sqrt((p * (1 - p)) / count);
    expect(tail(beyondTwo, 0.0455003)).toBeLessThan(4);
    expect(tail(beyondThreeAndHalf, 0.000465258)).toBeLessThan(4);
  });

  it('fills a batch with exactly the draws nextNormal gives, slow path and tail included', () => {
    const count = 200_000;
    const one = new SeededRandom(77, 3);
    const expected = Float64Array.from({ length: count }, () => one.nextNormal());
    const batched = new SeededRandom(77, 3);
    const target = new Float64Array(count + 2);
    // Uneven batches at an offset: the state carries over from one batch to the next.
    batched.fillNormals(target, 1, 7);
    batched.fillNormals(target, 8, count - 7);
    expect(target.subarray(1, count + 1)).toEqual(expected);
    expect([target[0], target[count + 1]]).toEqual([0, 0]);
    // Both paths of the ziggurat ran: some draws beyond the base layer's edge (the tail).
    expect(expected.some((z) => Math.abs(z) > 3.442619855899)).toBe(true);
    // And the stream continues identically after the batch.
    expect(batched.nextNormal()).toBe(one.nextNormal());
  });
});
