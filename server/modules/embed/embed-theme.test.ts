import { describe, expect, it } from "vitest";
import { mergeThemes, sanitizeTheme, themeVariables } from "./embed-theme";

describe("embed theme", () => {
  it("keeps well-formed values and turns a numeric radius into pixels", () => {
    expect(sanitizeTheme({ mode: "dark", primaryColor: "#4f46e5", radius: 6, fontFamily: "Inter, sans-serif" })).toEqual({
      mode: "dark",
      primaryColor: "#4f46e5",
      radius: "6px",
      fontFamily: "Inter, sans-serif",
    });
  });

  it("drops values from the embedding page that could inject CSS", () => {
    expect(
      sanitizeTheme({ mode: "neon", primaryColor: "red; background: url(https://evil.test)", radius: "1px;}", fontFamily: "x; } body { display:none" }),
    ).toEqual({});
    expect(sanitizeTheme("dark")).toEqual({});
    expect(sanitizeTheme(null)).toEqual({});
  });

  it("lets the page override only what it sets, and maps to CSS variables", () => {
    const merged = mergeThemes({ mode: "light", primaryColor: "#111111" }, { primaryColor: "#222222" });
    expect(merged).toEqual({ mode: "light", primaryColor: "#222222" });
    expect(themeVariables({ ...merged, radius: "4px" })).toEqual({ "--sy-primary": "#222222", "--sy-radius": "4px" });
  });
});
