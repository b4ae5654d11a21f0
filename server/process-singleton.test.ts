import { describe, expect, it } from "vitest";
import { processSingleton } from "./process-singleton";

/** Another copy of a module, as another bundle of the app loads it: its own module-level state. */
function copyOf<T>(specifier: string, copy: string): Promise<T> {
  return import(/* @vite-ignore */ `${specifier}?copy=${copy}`) as Promise<T>;
}

describe("processSingleton", () => {
  it("gives every copy of a module the same value, created once", async () => {
    let created = 0;
    const create = () => ({ created: ++created });
    const other = await copyOf<typeof import("./process-singleton")>("./process-singleton.ts", "other");
    const first = processSingleton("test.shared", create);
    expect(other.processSingleton("test.shared", create)).toBe(first);
    expect(created).toBe(1);
    expect(processSingleton("test.another", () => ({}))).not.toBe(first);
  });
});
