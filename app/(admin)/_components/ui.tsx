"use client";

import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { errorCode, inputProblemSentences } from "@/app/_components/sy/errors";

export function Spinner({ label = "Loading…" }: { label?: string }) {
  return (
    <span role="status" className="inline-flex items-center gap-2 text-sm text-slate-500">
      <span className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" aria-hidden />
      {label}
    </span>
  );
}

const buttonStyles = {
  primary: "bg-brand-600 text-white hover:bg-brand-700 border-transparent",
  secondary: "bg-white text-slate-700 hover:bg-slate-50 border-slate-300",
  danger: "bg-white text-red-700 hover:bg-red-50 border-red-300",
} as const;

export function Button(props: {
  children: ReactNode;
  onClick?: () => void;
  type?: "button" | "submit";
  variant?: keyof typeof buttonStyles;
  pending?: boolean;
  disabled?: boolean;
  title?: string;
}) {
  return (
    <button
      type={props.type ?? "button"}
      onClick={props.onClick}
      disabled={props.disabled || props.pending}
      title={props.title}
      className={`inline-flex items-center gap-2 rounded-md border px-3 py-1.5 text-sm font-medium shadow-sm focus:outline-none focus:ring-2 focus:ring-brand-500 focus:ring-offset-1 disabled:opacity-50 ${buttonStyles[props.variant ?? "secondary"]}`}
    >
      {props.pending ? <span className="h-3.5 w-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden /> : null}
      {props.children}
    </button>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: string; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold">{title}</h1>
        {description ? <p className="mt-1 text-sm text-slate-500">{description}</p> : null}
      </div>
      {actions ? <div className="flex gap-2">{actions}</div> : null}
    </div>
  );
}

const statusColours: Record<string, string> = {
  succeeded: "bg-emerald-100 text-emerald-800",
  active: "bg-emerald-100 text-emerald-800",
  published: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
  running: "bg-blue-100 text-blue-800",
  deploying: "bg-blue-100 text-blue-800",
  queued: "bg-slate-100 text-slate-700",
  draft: "bg-amber-100 text-amber-800",
  waiting: "bg-amber-100 text-amber-800",
  paused: "bg-amber-100 text-amber-800",
  cancelled: "bg-slate-200 text-slate-600",
  removing: "bg-slate-200 text-slate-600",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${statusColours[status] ?? "bg-slate-100 text-slate-700"}`}>{status}</span>;
}

/** A failed call: refused input as a sentence per field (server/input-problems.ts), anything else as the server's message. */
export function ErrorNote({ error }: { error: { message: string } | null | undefined }) {
  if (!error) return null;
  const problems = inputProblemSentences(error);
  const style = "rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700";
  if (problems.length > 1) {
    return (
      <ul role="alert" className={`${style} list-inside list-disc space-y-0.5`}>
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    );
  }
  return (
    <p role="alert" className={style}>
      {problems[0] ?? error.message}
    </p>
  );
}

/** A page's record that failed to load: one that is not (or no longer) there is the console's not-found page. */
export function LoadError({ error }: { error: { message: string } | null | undefined }) {
  if (errorCode(error) === "NOT_FOUND") notFound();
  return <ErrorNote error={error} />;
}

export function Card({ title, children, actions }: { title?: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white">
      {title ? (
        <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
          <h2 className="text-sm font-semibold">{title}</h2>
          {actions}
        </div>
      ) : null}
      <div className="p-4">{children}</div>
    </section>
  );
}

export const inputClass = "rounded-md border border-slate-300 px-2.5 py-1.5 text-sm shadow-sm outline-none focus:ring-2 focus:ring-brand-500";

export function formatDate(iso: string | null | undefined) {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "—";
}
