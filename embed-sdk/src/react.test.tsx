import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SwitchyardMarketplace } from "./react.js";
import { fakeJwt } from "./testing/fixtures.js";

describe("<SwitchyardMarketplace> on the server", () => {
  it("renders only its empty container: no window needed, no token in the markup", () => {
    const token = fakeJwt({ sub: "user-1", exp: 2_000_000_000 });
    const html = renderToStaticMarkup(
      <SwitchyardMarketplace url="https://switchyard.example" token={token} view="integration" integrationKey="github" className="integrations" />,
    );
    expect(typeof window).toBe("undefined");
    expect(html).toBe('<div class="integrations"></div>');
  });
});
