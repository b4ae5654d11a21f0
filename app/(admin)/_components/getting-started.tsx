import Link from "next/link";

const link = "font-medium text-brand-700 hover:underline";

/**
 * The dashboard of an organization without customers yet: where to see the product working
 * (the demo vendor page, when the sandbox providers are on) and what to do to make it one's own.
 */
export function GettingStarted({ sandbox }: { sandbox: boolean }) {
  return (
    <section className="rounded-lg border border-brand-500/30 bg-brand-50 p-5" aria-labelledby="getting-started" data-testid="getting-started">
      <h2 id="getting-started" className="text-base font-semibold">
        Getting started
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        No customer has activated an integration yet. A few minutes show the whole path, from your customer&rsquo;s click to a run you can read here.
      </p>
      <ol className="mt-4 grid gap-4 text-sm md:grid-cols-3">
        {sandbox ? (
          <>
            <li className="rounded-md bg-white p-4 shadow-sm">
              <p className="font-semibold">1. See what your customers see</p>
              <p className="mt-1 text-slate-600">
                The{" "}
                <Link href="/sandbox/vendor" className={link}>
                  demo vendor page
                </Link>{" "}
                is an app with your marketplace embedded. Activate <span className="font-medium">GitHub ↔ Zendesk</span> there; the sign-ins go to simulated
                providers, nothing leaves this machine.
              </p>
            </li>
            <li className="rounded-md bg-white p-4 shadow-sm">
              <p className="font-semibold">2. Make something happen</p>
              <p className="mt-1 text-slate-600">
                Open an issue in the{" "}
                <Link href="/sandbox/github" className={link}>
                  sandbox GitHub
                </Link>
                , then find the ticket in the sandbox Zendesk and the run under{" "}
                <Link href="/executions" className={link}>
                  Executions
                </Link>
                , step by step.
              </p>
            </li>
          </>
        ) : null}
        <li className="rounded-md bg-white p-4 shadow-sm">
          <p className="font-semibold">{sandbox ? "3. " : ""}Make it yours</p>
          <p className="mt-1 text-slate-600">
            Write an integration under{" "}
            <Link href="/integrations/new" className={link}>
              Integrations
            </Link>
            , then add an embed key, your app&rsquo;s origin and an API key in{" "}
            <Link href="/settings" className={link}>
              Settings
            </Link>
            . Your app needs a few lines of the embed SDK to show the marketplace.
          </p>
        </li>
      </ol>
    </section>
  );
}
