/**
 * The dependencies allowed between folders, checked by `npm run lint:deps` and by `npm test`
 * (docs/architecture.md, "Rules the tools check"). Each rule names the direction it forbids and
 * why. Tests and test helpers may import anything, so every rule starts from production code only.
 * scripts/check-dependencies.ts runs this and adds the one rule dependency-cruiser cannot say:
 * no cycles between folders (server/modules counted as one).
 */

/** Tests and what only tests use: test files, `testing/` folders, `test-*.ts` helpers, e2e specs and the benchmarks. */
const TESTS = ["\\.(int\\.)?test\\.tsx?$", "\\.spec\\.ts$", "(^|/)testing(/|$)", "(^|/)test-[^/]+\\.ts$", "^e2e(/|$)", "^bench(/|$)"];

/** Node built-ins that reach outside the process: files, sockets, processes, threads, the terminal. */
const IO_BUILTINS =
  "^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|dns|dns/promises|child_process|cluster|worker_threads|readline|readline/promises|repl|inspector)$";

/** The database: the Prisma client module, its generated code and Prisma's packages. */
const PRISMA_CLIENT = ["^server/db/client\\.ts$", "^server/db/generated/", "^node_modules/@prisma/(client|adapter-pg)/"];

/** A folder that is a leaf: its production code imports packages and Node's built-ins, and nothing of ours outside `server/<folder>/`. */
function importsOnlyItself(folder, comment) {
  return {
    name: `${folder}-imports-only-${folder}`,
    comment,
    severity: "error",
    from: { path: `^server/${folder}/`, pathNot: TESTS },
    to: { pathNot: [`^server/${folder}/`, "^node_modules/"], dependencyTypesNot: ["core"] },
  };
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    importsOnlyItself(
      "engine",
      "The flow interpreter is pure: it gets its I/O (actions, clock, storage) injected, so it runs the same in the worker, a synchronous request and the editor's checks. It imports nothing of ours outside server/engine.",
    ),
    {
      name: "engine-no-io-builtins",
      comment: "No file, network or process access from the interpreter either: Node's I/O modules are as foreign to it as our own database code.",
      severity: "error",
      from: { path: "^server/engine/", pathNot: TESTS },
      to: { dependencyTypes: ["core"], path: IO_BUILTINS },
    },
    importsOnlyItself(
      "verify",
      "Webhook signature schemes and the verify preset table are pure checks over a delivery's bytes, headers and secrets. The manifest takes the preset names from the table, the ingest verifies with it and the sandbox signs with it, so it sits below all three and imports nothing of ours outside server/verify.",
    ),
    {
      name: "connectors-not-to-data-or-web",
      comment:
        "A connector sees only the context it is given (http client, credentials, instance state, logger): never the database, the business modules, or the web layers (app/, tRPC, the REST API).",
      severity: "error",
      from: { path: "^server/connectors/", pathNot: TESTS },
      to: { path: ["^server/(db|modules|trpc|api)/", "^app/", ...PRISMA_CLIENT] },
    },
    {
      name: "connectors-not-reaching-data-or-web",
      comment:
        "The same, through any chain of imports: a connector that imports a shared helper which imports a service reaches the service all the same (e.g. a logger that imports a module's redaction).",
      severity: "error",
      from: { path: "^server/connectors/", pathNot: TESTS },
      to: { path: ["^server/(db|modules|trpc|api)/", "^app/", ...PRISMA_CLIENT], reachable: true },
    },
    {
      name: "app-no-database",
      comment: "app/ holds routes and UI: it reaches data through services and routers in server/, never through Prisma or server/db (types included).",
      severity: "error",
      from: { path: "^(app/|proxy\\.ts$)", pathNot: TESTS },
      to: { path: ["^server/db/", "^node_modules/@prisma/"] },
    },
    {
      name: "app-not-to-repositories",
      comment: "A page or route handler calls a service or a router, which applies the rules (tenant scope, permissions) before a repository runs a query.",
      severity: "error",
      from: { path: "^(app/|proxy\\.ts$)", pathNot: TESTS },
      to: { path: "\\.repo\\.ts$" },
    },
    {
      name: "prisma-only-in-repositories",
      comment:
        "Repositories (*.repo.ts) and server/db are the only files that use the Prisma client, so every query is in a file whose job is queries, scoped by organization. Type-only imports (Prisma's JSON and model types) run no query and are allowed. The process entry points (scripts/, server/launcher/, the worker's start) only point the client at a database and close it.",
      severity: "error",
      from: { pathNot: ["\\.repo\\.ts$", "^server/db/", "^scripts/", "^server/launcher/", "^server/worker/start-worker\\.ts$", ...TESTS] },
      to: { path: PRISMA_CLIENT, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "production-not-to-tests",
      comment: "Production code never loads a test or a test helper (fixtures shared with the demo seed live beside the seed, not under testing/).",
      severity: "error",
      from: { pathNot: TESTS },
      to: { path: TESTS },
    },
    {
      name: "no-circular",
      comment: "No import cycles between files: a cycle makes load order matter and hides which of two modules is the lower layer.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      comment: "Every import resolves; otherwise the rules above would pass by not seeing a dependency.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Tests are in the graph (so production code importing one is seen) but what they import is not
    // followed: they may import anything, and their imports would otherwise join folders into cycles.
    doNotFollow: { path: ["node_modules", "^server/db/generated/", ...TESTS] },
    exclude: { path: ["^embed-sdk/dist/", "^bench/peers/", "^\\.next/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
      mainFields: ["module", "main", "types", "typings"],
    },
    skipAnalysisNotInRules: true,
  },
};
