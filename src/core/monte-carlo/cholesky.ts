/**
 * Cholesky factor of a positive semi-definite correlation matrix. A zero pivot (a variable
 * perfectly correlated with earlier ones) gets a zero column instead of a division by zero.
 * The factor of a leading block of the matrix is the leading block of the factor, so a run
 * that needs only the first k variables uses the first k rows unchanged.
 */
export function choleskyFactor(matrix: readonly (readonly number[])[]): Float64Array {
  const size = matrix.length;
  const factor = new Float64Array(size * size);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column <= row; column++) {
      let sum = matrix[row]?.[column] ?? 0;
      for (let k = 0; k < column; k++) {
        sum -= (factor[row * size + k] ?? 0) * (factor[column * size + k] ?? 0);
      }
      if (row === column) {
        if (sum < -1e-9) throw new RangeError('correlation matrix is not positive semi-definite');
        factor[row * size + column] = sum > 1e-12 ? Math.sqrt(sum) : 0;
      } else {
        const pivot = factor[column * size + column] ?? 0;
        factor[row * size + column] = pivot > 0 ? sum / pivot : 0;
      }
    }
  }
  return factor;
}
