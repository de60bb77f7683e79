// Colours for charts whose data carries none (the dashboard's allocations). Chosen to stay
// distinguishable on light and dark backgrounds; the charts payload brings its own colours.
export const PALETTE = [
  '#2563eb',
  '#16a34a',
  '#f59e0b',
  '#db2777',
  '#7c3aed',
  '#0891b2',
  '#dc2626',
  '#65a30d',
  '#ea580c',
  '#475569',
  '#0d9488',
  '#c026d3',
  '#ca8a04',
  '#4f46e5',
  '#be123c',
  '#15803d',
  '#9333ea',
  '#0284c7',
];

export function colourAt(index: number): string {
  return PALETTE[index % PALETTE.length] ?? '#475569';
}
