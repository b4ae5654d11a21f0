import { expect, test } from "@playwright/test";

const owner = { organization: "Globex Corporation", name: "Hank Scorpio", email: "hank@globex.test", password: "volcano-lair-2026" };

test.describe.configure({ mode: "serial" });

test("first visit sets up the owner, then sign-out and sign-in work", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Switchyard" })).toBeVisible();

  // Bad input is explained next to the field, and nothing is created.
  await page.getByLabel("Organization name").fill(owner.organization);
  await page.getByLabel("Your name").fill(owner.name);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("Use at least 12 characters for the password.")).toBeVisible();

  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Create organization" }).click();

  await expect(page.getByTestId("organization-name")).toHaveText(owner.organization);
  await expect(page.getByTestId("signed-in-as")).toContainText(owner.email);
  // No customers yet: the dashboard shows where to start, first of all the demo vendor page.
  const started = page.getByTestId("getting-started");
  await expect(started.getByRole("heading", { name: "Getting started" })).toBeVisible();
  await expect(started.getByRole("link", { name: "demo vendor page" })).toHaveAttribute("href", "/sandbox/vendor");
  if (process.env.CAPTURE_SCREENSHOTS) {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: "docs/screenshots/console-getting-started.png" });
  }

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  // Once set up, the set-up page is gone for good.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/login$/);

  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("wrong password entirely");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Wrong email or password.");

  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("organization-name")).toHaveText(owner.organization);
  await expect(page.getByText(owner.name)).toBeVisible();
});

test("repeated wrong passwords are rate-limited", async ({ page }) => {
  await page.goto("/login");
  const email = "mallory@globex.test";
  for (let i = 0; i < 5; i++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`guess-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("form-error")).toHaveText("Wrong email or password.");
  }
  await page.getByLabel("Password").fill("guess-final");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toContainText("Too many failed sign-ins for this account");
});

test("the console is not reachable signed out, and health answers JSON", async ({ page, request }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok", database: { ok: true }, queue: { ok: true } });
  const headers = (await request.get("/login")).headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
});
