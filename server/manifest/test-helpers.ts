import { loadManifest, type LoadManifestOptions } from "@/server/manifest/load-manifest";
import type { ManifestError } from "@/server/manifest/manifest-error";

/**
 * A small valid manifest in YAML; tests append flows or sections to it so each one shows only
 * what it is about.
 */
export const MINIMAL_HEADER = `key: demo
name: Demo
connections:
  zendesk: { connector: zendesk }
config:
  pages:
    - title: Settings
      fields:
        - { key: webhookSecret, type: secret, generate: true }
        - { key: threshold, type: number, default: 3 }
        - { key: nightly, type: schedule, default: { cron: "0 2 * * *", timezone: UTC } }
`;

/** A manifest with one manual flow whose States block is `states` (indented by the caller as YAML). */
export function manifestWithStates(states: string, startAt = "First"): string {
  return `${MINIMAL_HEADER}flows:
  - key: main
    trigger: { type: manual }
    StartAt: ${startAt}
    States:
${indent(states, 6)}`;
}

export function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .split("\n")
    .map((line) => (line.trim() === "" ? line : pad + line))
    .join("\n");
}

/** The errors of a manifest that must not load. */
export function errorsOf(text: string, options?: LoadManifestOptions): ManifestError[] {
  const result = loadManifest(text, options);
  if (result.ok) throw new Error("expected the manifest to be rejected, but it loaded");
  return result.errors;
}

/** Line and column (1-based) of the `occurrence`-th appearance of `needle`: an oracle independent of the loader. */
export function positionOf(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let offset = -1;
  for (let seen = 0; seen < occurrence; seen += 1) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`"${needle}" occurs fewer than ${occurrence} times`);
  }
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
