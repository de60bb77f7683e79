export { charter } from './charter.ts';
export {
  charterInputSchema,
  charterOutputSchema,
  MAX_CHARTS,
  MIN_CHARTS,
  type CharterInput,
  type CharterOutput,
} from './schema.ts';
