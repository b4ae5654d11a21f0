"use client";

import { useEffect, useRef } from "react";
import { useEmbed } from "./embed-context";

export interface NeedsReconnect {
  instanceId: string;
  integrationKey: string;
  connectionKey: string;
  connector: string;
  reason: string | null;
}

/**
 * Tells the vendor's page (SDK event `connection.needsReconnect`) about each connection this
 * frame prompts to reconnect, once per connection while the frame lives, so the host can show
 * its own notice.
 */
export function useNeedsReconnectEvents(connections: NeedsReconnect[]): void {
  const { emit } = useEmbed();
  const told = useRef(new Set<string>());
  const key = connections.map((c) => `${c.instanceId}:${c.connectionKey}`).join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the list, so a new array with the same connections does not run it again.
  useEffect(() => {
    for (const connection of connections) {
      const id = `${connection.instanceId}:${connection.connectionKey}`;
      if (told.current.has(id)) continue;
      told.current.add(id);
      emit("connection.needsReconnect", { ...connection });
    }
    // `key` stands for the list: a new array with the same connections sends nothing again.
  }, [key, emit]);
}
