/**
 * One value per process, however many copies of this code base the process has loaded. The web
 * process has several: `scripts/web.ts` loads the server's source for the webhook path
 * (server/web/web-server.ts), and Next.js runs its own compiled copy of the same files — one per
 * bundle layer (route handlers, pages, proxy.ts). A module-level `let` or `new Map()` is one per
 * copy; what must be one per process (pools, rate-limit allotments, caches that are invalidated
 * from elsewhere, id counters, in-flight refreshes) is kept here instead, on `globalThis` under
 * a `Symbol.for` key that every copy finds.
 *
 * Keep state and resources here (pools and agents of external libraries, maps of plain data,
 * counters), never objects of our own classes or promises that may reject with our own errors:
 * each copy has its own classes, so `error instanceof AppError` in one copy is false for an error
 * made by another. Values derived only from the code or the environment (the connector registry,
 * parsed settings) may stay one per copy: every copy derives the same.
 */
type Holder = Record<symbol, unknown>;

export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`switchyard.${name}`);
  const holder = globalThis as unknown as Holder;
  if (!(key in holder)) holder[key] = create();
  return holder[key] as T;
}
