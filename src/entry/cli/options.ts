import { InputError } from '../../errors.ts';

/** A numeric flag value, or an InputError naming the flag. */
export function numberOption(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number))
    throw InputError.field(flag, `must be a number (got "${value}")`);
  return number;
}

export function integerOption(flag: string, value: string | undefined): number | undefined {
  const number = numberOption(flag, value);
  if (number !== undefined && !Number.isInteger(number))
    throw InputError.field(flag, `must be a whole number (got "${value}")`);
  return number;
}

/** `equity=70,fixed_income=30` → { equity: 70, fixed_income: 30 }. */
export function keyValueOption(
  flag: string,
  value: string | undefined,
): Record<string, number> | undefined {
  if (value === undefined) return undefined;
  const entries = value.split(',').map((part) => {
    const [key, amount, ...rest] = part.split('=');
    if (!key || amount === undefined || rest.length > 0) {
      throw InputError.field(flag, `must look like key=number,key=number (got "${part}")`);
    }
    return [key.trim(), numberOption(flag, amount) ?? 0] as const;
  });
  return Object.fromEntries(entries);
}
