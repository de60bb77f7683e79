export { reporter } from './reporter.ts';
export { REPORT_SECTIONS } from './report-check.ts';
export {
  reporterInputSchema,
  reporterOutputSchema,
  type ReporterInput,
  type ReporterOutput,
  type RetirementOutlook,
} from './schema.ts';
