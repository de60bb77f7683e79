export { createTagger, TAGGER_BATCH_SIZE, type TaggerOptions } from './tagger.ts';
export { classifyByRules } from './offline-writer.ts';
export {
  instrumentClassificationSchema,
  MAX_INSTRUMENTS_PER_RUN,
  taggerInputSchema,
  taggerOutputSchema,
  type ClassificationConfidence,
  type ClassificationSource,
  type InstrumentClassification,
  type ReferenceClassification,
  type RequestedInstrument,
  type TaggerInput,
  type TaggerOutput,
} from './schema.ts';
