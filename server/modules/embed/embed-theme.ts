/**
 * The marketplace's look: the organization's theme, overridden per frame by the vendor page (SDK
 * `theme`). Values from the embedding page are untrusted, so each one is checked against a strict
 * shape before it becomes a CSS variable; anything else is dropped. Pure: used in the browser too.
 */
export interface EmbedTheme {
  mode?: "light" | "dark";
  primaryColor?: string;
  /** CSS length, e.g. "8px". */
  radius?: string;
  fontFamily?: string;
}

const COLOR = /^(#[0-9a-f]{3,8}|(rgb|rgba|hsl|hsla)\(\s*[\d.%\s,/]+\)|[a-z]{3,20})$/i;
const LENGTH = /^\d{1,3}(\.\d{1,3})?(px|rem|em)$/;
const FONT = /^[\w\s,'"-]{1,200}$/;

export function sanitizeTheme(input: unknown): EmbedTheme {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return {};
  const raw = input as Record<string, unknown>;
  const theme: EmbedTheme = {};
  if (raw.mode === "light" || raw.mode === "dark") theme.mode = raw.mode;
  if (typeof raw.primaryColor === "string" && COLOR.test(raw.primaryColor.trim())) theme.primaryColor = raw.primaryColor.trim();
  if (typeof raw.radius === "number" && Number.isFinite(raw.radius) && raw.radius >= 0 && raw.radius <= 64) theme.radius = `${raw.radius}px`;
  if (typeof raw.radius === "string" && LENGTH.test(raw.radius.trim())) theme.radius = raw.radius.trim();
  if (typeof raw.fontFamily === "string" && FONT.test(raw.fontFamily.trim())) theme.fontFamily = raw.fontFamily.trim();
  return theme;
}

/** The organization's theme first, the page's values on top (only those it sets). */
export function mergeThemes(base: EmbedTheme, override: EmbedTheme): EmbedTheme {
  return { ...base, ...Object.fromEntries(Object.entries(override).filter(([, value]) => value !== undefined)) };
}

/** CSS custom properties the embed pages read (app/embed/v1/embed.css). */
export function themeVariables(theme: EmbedTheme): Record<string, string> {
  const vars: Record<string, string> = {};
  if (theme.primaryColor) vars["--sy-primary"] = theme.primaryColor;
  if (theme.radius) vars["--sy-radius"] = theme.radius;
  if (theme.fontFamily) vars["--sy-font"] = theme.fontFamily;
  return vars;
}
