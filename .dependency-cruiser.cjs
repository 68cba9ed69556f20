// @ts-check
// The layers of Ringmaster, lowest first (docs/architecture.md draws them). A folder may import its
// own layer and the layers below it, never one above; and nothing imports in a circle. `npm test`
// checks this (`npm run lint:layers`).
const LAYERS = [
  ['model'], // pure shapes and decisions: no I/O
  ['config'], // settings, paths of the data dir
  ['process', 'ipc', 'git', 'toolchain', 'temporal', 'telemetry'], // plumbing: processes, IPC, git, the Temporal CLI and client helpers, tracing
  ['store', 'enrich', 'agents'], // the projection; prompt building; agent CLIs
  ['secrets', 'access', 'maintenance', 'release', 'notify'],
  ['backup', 'host-link'],
  ['activities', 'workflows'], // Temporal activities, and workflow code (sandboxed, see below)
  ['worker'], // a Temporal Worker of this host
  ['supervisor'], // `up`: the processes of one host
  ['api'], // the REST API and dashboard
  ['cli', 'bench'], // entry points
];

const folders = (layers) => `^(${layers.flat().join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules that import each other in a circle (types included) cannot be understood or moved one at a time.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...LAYERS.slice(0, -1).map((layer, i) => ({
      name: `layer-${layer.join('-')}`,
      comment: `${layer.join(', ')} may not import a higher layer (${LAYERS.slice(i + 1)
        .flat()
        .join(', ')}).`,
      severity: 'error',
      from: { path: folders([layer]) },
      to: { path: folders(LAYERS.slice(i + 1)) },
    })),
    {
      name: 'workflows-allowlist',
      comment:
        'Workflow code runs in the Temporal sandbox: it imports model/, workflows/, @temporalio/workflow, @temporalio/common, typebox and @opentelemetry/api (the bundled tracing interceptors set it up), and only types from elsewhere.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: {
        dependencyTypesNot: ['type-only'],
        pathNot: ['^(model|workflows)/', 'node_modules/(@temporalio/(workflow|common)|typebox|@opentelemetry/api)/'],
      },
    },
    {
      name: 'no-unknown-folder',
      comment: 'Every top-level folder of code has its place in LAYERS above; tests, examples and the build script stand outside.',
      severity: 'error',
      from: { path: '^[^/]+/', pathNot: [folders(LAYERS), '^(test|examples|scripts)/'] },
      to: {},
    },
    {
      name: 'product-not-tests',
      comment: 'Product code never imports test support.',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|\\.tools|\\.cache|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
