/** Turns texts into vectors of one model and one dimension. */
export interface Embedder {
  /** The configured `provider:model-or-endpoint`, recorded beside every vector it writes. */
  readonly model: string;
  /** One vector per text, in order. */
  embed(texts: readonly string[]): Promise<number[][]>;
}
