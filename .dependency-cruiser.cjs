// The import rules of STYLE.md 6.3: imports point inward (entry → jobs/queue → agents → core).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'nothing-imports-entry',
      severity: 'error',
      from: { pathNot: '^src/entry/' },
      to: { path: '^src/entry/' },
    },
    {
      name: 'contracts-are-leaves',
      severity: 'error',
      from: { path: '^src/contracts/' },
      to: { path: '^src/', pathNot: '^src/contracts/' },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(?!core/|contracts/)' },
    },
    {
      name: 'core-has-no-node-builtins',
      severity: 'error',
      from: { path: '^src/core/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'llm-stays-low',
      severity: 'error',
      from: { path: '^src/llm/' },
      to: { path: '^src/(store|jobs|agents|queue|market|knowledge)/' },
    },
    {
      name: 'store-stays-low',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(agents|jobs|queue|llm|market|knowledge)/' },
    },
    {
      name: 'agents-do-not-reach-adapters',
      severity: 'error',
      from: { path: '^src/agents/' },
      to: { path: '^src/(store|queue|market|jobs)/' },
    },
    {
      name: 'queue-delivers-ids-only',
      severity: 'error',
      from: { path: '^src/queue/' },
      to: { path: '^src/(jobs|agents)/' },
    },
    {
      name: 'market-does-not-know-agents-or-jobs',
      severity: 'error',
      from: { path: '^src/market/' },
      to: { path: '^src/(agents|jobs|queue)/' },
    },
    {
      name: 'knowledge-does-not-know-agents-or-jobs',
      severity: 'error',
      from: { path: '^src/knowledge/' },
      to: { path: '^src/(agents|jobs|queue)/' },
    },
    {
      name: 'jobs-use-ports-not-adapters',
      severity: 'error',
      from: { path: '^src/jobs/' },
      to: { path: '^src/(store|queue|market|knowledge)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-imports-only-contract-types',
      comment: 'The browser bundle must not carry server code: src/contracts as types only.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: '^src/contracts/' },
    },
    {
      name: 'web-imports-contracts-as-types',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/contracts/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.tsx?$' },
  },
};
