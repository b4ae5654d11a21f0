/**
 * Logos for integrations and connectors. A manifest's `icon:` (and a connector's key) names a
 * brand of the Simple Icons set (`github`, `zendesk`, `stripe`: the SVG path and the brand colour
 * are sent, nothing is fetched), or is the vendor's own image: an https URL or a path on this
 * server. Anything else, or a brand the set does not carry (Slack asked to be left out), falls back
 * to the name's initials where it is drawn.
 */
export type IconView = { kind: "image"; src: string } | { kind: "brand"; title: string; path: string; color: string };

type SimpleIcon = { title: string; slug: string; hex: string; path: string };

let catalogue: Promise<Record<string, unknown>> | null = null;
const loadCatalogue = () => (catalogue ??= import("simple-icons") as Promise<Record<string, unknown>>);

const IMAGE = /^(https:\/\/[^\s"'<>]+|\/[^\s"'<>/][^\s"'<>]*)$/;

/** `github` → `siGithub`, the module's export name for a slug. */
const exportName = (slug: string) => `si${slug[0]!.toUpperCase()}${slug.slice(1)}`;

export async function resolveIcon(icon: string | null | undefined): Promise<IconView | null> {
  const value = icon?.trim();
  if (!value) return null;
  if (IMAGE.test(value)) return { kind: "image", src: value };
  const slug = value.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (!slug) return null;
  const found = (await loadCatalogue())[exportName(slug)] as SimpleIcon | undefined;
  if (!found || typeof found.path !== "string") return null;
  return { kind: "brand", title: found.title, path: found.path, color: `#${found.hex}` };
}

/** Resolves many at once (a marketplace page), each distinct name once. */
export async function resolveIcons(icons: (string | null | undefined)[]): Promise<(IconView | null)[]> {
  const distinct = [...new Set(icons.map((icon) => icon ?? ""))];
  const views = new Map(await Promise.all(distinct.map(async (icon) => [icon, await resolveIcon(icon)] as const)));
  return icons.map((icon) => views.get(icon ?? "") ?? null);
}
