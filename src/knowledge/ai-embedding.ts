// The AI SDK's embedding functions, loaded lazily by embedders.ts on the first embedding. A
// static re-export lets esbuild keep only these two in a Lambda bundle.
export { APICallError, embedMany } from 'ai';
