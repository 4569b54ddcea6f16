/**
 * Import rules that keep the layers one-way (`npm run lint:deps`, dependency-cruiser 16: 17+ needs Node 22).
 *
 *   features (src/<feature>/)  →  src/common/, src/database/     allowed
 *   src/common/                →  any feature or src/database/   forbidden
 *   a feature                  →  another feature's entities      forbidden (entities never leave their feature;
 *                                                                  src/database/entities.ts, the list TypeORM loads, is the one exception)
 *   web/ (the pages)           →  src/                           forbidden, except the shared type-and-constant modules below
 *   anything                   →  an import cycle                forbidden
 */

/** The only server modules the pages may import: types and constants shared with the server, no Nest, no TypeORM. */
const WEB_MAY_IMPORT = [
  '^src/presence/presence\\.events\\.ts$', // socket events and payloads
  '^src/presence/compact-snapshot\\.ts$', // the compact snapshot's codec (pure, type imports only)
  '^src/common/domain\\.ts$', // enums and the conference status machine
  '^src/common/errors/error-code\\.ts$', // error codes the pages word
  '^src/common/text/fold\\.ts$', // accent folding for search
  '^src/common/text/short-code\\.ts$', // what a check-in link's short code looks like (the check-in page's form)
];

/** Folders of src/ that are not features. */
const NOT_FEATURES = ['common', 'database'];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: modules on a cycle cannot be understood, tested or initialised one at a time.',
      from: {},
      // Type-only imports vanish at run time, but a cycle of types is still a cycle in the design.
      to: { circular: true },
    },
    {
      name: 'common-imports-no-feature',
      severity: 'error',
      comment: 'src/common is the bottom layer: it must not import a feature or the database layer.',
      from: { path: '^src/common/' },
      to: { path: '^src/', pathNot: '^src/common/' },
    },
    {
      name: 'database-imports-no-feature',
      severity: 'error',
      comment: 'src/database is shared by every feature: apart from the entity list TypeORM loads, it imports only src/common.',
      from: { path: '^src/database/', pathNot: ['^src/database/entities\\.ts$', '\\.spec\\.ts$'] },
      to: { path: '^src/', pathNot: '^src/(common|database)/' },
    },
    {
      name: 'no-foreign-entities',
      severity: 'error',
      comment: "Entities never leave their feature's service: use the other feature's exported service or a domain event.",
      // Unit specs may seed another feature's table through its entity (a test fixture, not a dependency of the code).
      from: { path: '^src/([^/]+)/', pathNot: ['^src/database/entities\\.ts$', '\\.spec\\.ts$'] },
      // `import type` of a union declared beside an entity brings no entity along at run time: allowed.
      to: { path: '^src/[^/]+/.*\\.entity\\.ts$', pathNot: '^src/$1/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'feature-imports-no-app',
      severity: 'error',
      comment: 'The application root (app.module, app.setup, main) wires features together; no feature depends on it.',
      // src/openapi/dump-openapi.ts is an entry point like main.ts: it builds the app to print its OpenAPI document.
      from: { path: `^src/(?!${NOT_FEATURES.join('|')})[^/]+/`, pathNot: '^src/openapi/dump-openapi\\.ts$' },
      to: { path: '^src/(app\\.module|app\\.setup|main)\\.ts$' },
    },
    {
      name: 'web-imports-only-shared-modules',
      severity: 'error',
      comment: 'The pages are a separate bundle: they may import only the shared type-and-constant modules of the server.',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: WEB_MAY_IMPORT },
    },
    {
      name: 'shared-modules-stay-leaves',
      severity: 'error',
      comment: 'A module shared with the pages must not pull server code into the page bundle.',
      from: { path: WEB_MAY_IMPORT },
      to: { path: '^src/', pathNot: WEB_MAY_IMPORT },
    },
    {
      name: 'src-imports-no-tests',
      severity: 'error',
      comment: 'Production code must not import tests, benchmarks or the pages.',
      from: { path: '^src/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(test|bench|web)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|web/dist|coverage|data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
