import type { EventHandler, SwitchyardEventMap, SwitchyardEventName } from "./types.js";

export const EVENT_NAMES: readonly SwitchyardEventName[] = [
  "ready",
  "signedIn",
  "instance.deployed",
  "instance.updated",
  "instance.removed",
  "connection.failed",
  "connection.needsReconnect",
  "error",
  "close",
];

export interface Emitter {
  on<K extends SwitchyardEventName>(name: K, handler: EventHandler<K>): () => void;
  off<K extends SwitchyardEventName>(name: K, handler: EventHandler<K>): void;
  emit<K extends SwitchyardEventName>(name: K, payload: SwitchyardEventMap[K]): void;
  clear(): void;
}

export function createEmitter(): Emitter {
  const handlers = new Map<SwitchyardEventName, Set<(payload: never) => void>>();

  const emitter: Emitter = {
    on(name, handler) {
      let set = handlers.get(name);
      if (!set) handlers.set(name, (set = new Set()));
      set.add(handler);
      return () => emitter.off(name, handler);
    },
    off(name, handler) {
      handlers.get(name)?.delete(handler);
    },
    emit(name, payload) {
      // Copy first: a handler may unsubscribe itself while we iterate.
      for (const handler of [...(handlers.get(name) ?? [])]) {
        try {
          (handler as EventHandler<typeof name>)(payload);
        } catch (error) {
          // One vendor handler throwing must not starve the others or break the message loop;
          // rethrowing later still surfaces it in the console and in error trackers.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
    clear() {
      handlers.clear();
    },
  };
  return emitter;
}
