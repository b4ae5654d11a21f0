import { Spinner } from "@/app/_components/sy/spinner";

export function StatusScreen({ kind, title, message, testId }: { kind: "loading" | "error"; title: string; message?: string; testId?: string }) {
  return (
    <div className="flex min-h-48 flex-col items-center justify-center gap-3 p-8 text-center" role={kind === "error" ? "alert" : "status"} data-testid={testId}>
      {kind === "loading" ? (
        <Spinner label={title} />
      ) : (
        <div className="sy-error-icon" aria-hidden="true">
          !
        </div>
      )}
      <h1 className="text-base font-semibold">{title}</h1>
      {message ? <p className="sy-muted max-w-md text-sm">{message}</p> : null}
    </div>
  );
}
