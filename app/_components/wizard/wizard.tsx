"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { Alert } from "@/app/_components/sy/alert";
import { errorMessage, fieldProblems, type FieldProblem } from "@/app/_components/sy/errors";
import { Spinner } from "@/app/_components/sy/spinner";
import { ConfigFields } from "./config-field";
import { DeployProgress } from "./deploy-progress";
import { ReviewPage } from "./review-page";
import { useWizardAdapter, useWizardRefresh, wizardKeys } from "./wizard-adapter";
import { WizardProgress } from "./wizard-progress";
import type { Values, WizardState } from "./wizard-types";

/**
 * The activation wizard: the manifest's pages, Review, Deploy; progress is saved on every move.
 * Its data comes from the WizardAdapter its host provides (embedded marketplace or console).
 */
export function Wizard({ instanceId }: { instanceId: string }) {
  const adapter = useWizardAdapter();
  const state = useQuery({ queryKey: wizardKeys.state(adapter.scope, instanceId), queryFn: () => adapter.loadState(instanceId), staleTime: 0 });
  if (state.isPending) return <Spinner label="Loading the setup…" />;
  if (state.isError) return <Alert>{errorMessage(state.error)}</Alert>;
  return <WizardForm state={state.data} />;
}

function WizardForm({ state }: { state: WizardState }) {
  const adapter = useWizardAdapter();
  const refresh = useWizardRefresh();
  const [values, setValues] = useState<Values>(state.values);
  const [page, setPage] = useState(state.page);
  // Problems as reported, with the values they were reported for: a field edited since shows none.
  const [reported, setReported] = useState<{ problems: FieldProblem[]; values: Values }>({ problems: [], values: state.values });
  const setProblems = (problems: FieldProblem[]) => setReported({ problems, values });
  const problems = reported.problems.filter((problem) => Object.is(values[problem.field], reported.values[problem.field]));
  const [failure, setFailure] = useState<string | null>(state.status === "failed" ? state.statusReason : null);
  const [deploying, setDeploying] = useState(state.status === "deploying");
  const heading = useRef<HTMLHeadingElement>(null);
  const save = useMutation({ mutationFn: adapter.savePage });
  const deploy = useMutation({ mutationFn: adapter.deploy });
  const reviewIndex = state.pages.length;
  const titles = [...state.pages.map((p) => p.title), "Review"];
  const fieldKeys = [...state.pages.flatMap((p) => p.fields.map((f) => f.key))];

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves to the heading each time the page changes.
  useEffect(() => heading.current?.focus(), [page]);

  const goTo = async (target: number, validate: boolean) => {
    setFailure(null);
    try {
      const result = await save.mutateAsync({ instanceId: state.instanceId, page: validate ? page : target, values, validate });
      setProblems(result.problems);
      setPage(result.page);
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  const finish = useCallback(
    async (status: "active" | "failed", reason: string | null) => {
      setDeploying(false);
      await refresh();
      if (status === "failed") {
        setFailure(reason ?? "The deploy failed.");
        return;
      }
      adapter.onDeployed(state);
    },
    [adapter, refresh, state],
  );

  const onDeploy = async () => {
    setFailure(null);
    setProblems([]);
    try {
      const result = await deploy.mutateAsync({ instanceId: state.instanceId, values });
      if (result.status === "active") await finish("active", null);
      else setDeploying(true);
    } catch (error) {
      const found = fieldProblems(error, fieldKeys);
      setProblems(found);
      setFailure(errorMessage(error));
      const first = state.pages.findIndex((p) => p.fields.some((f) => found.some((problem) => problem.field === f.key)));
      if (first >= 0) setPage(first);
    }
  };

  if (deploying) return <DeployProgress instanceId={state.instanceId} onSettled={finish} />;
  const current = state.pages[page];
  const busy = save.isPending || deploy.isPending;

  return (
    <form
      className="space-y-5"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        // Only this form's own submit: a nested form rendered through a portal (the token form) is not a Next.
        if (event.target !== event.currentTarget) return;
        if (page === reviewIndex) void onDeploy();
        else void goTo(page + 1, true);
      }}
      data-testid="wizard"
    >
      <WizardProgress titles={titles} current={page} />
      {failure ? <Alert testId="wizard-error">{failure}</Alert> : null}
      <h2 ref={heading} tabIndex={-1} className="text-base font-semibold outline-none">
        {page === reviewIndex ? "Review and deploy" : current?.title}
      </h2>
      {current?.description && page !== reviewIndex ? <p className="sy-muted text-sm">{current.description}</p> : null}

      {page === reviewIndex ? (
        <ReviewPage pages={state.pages} values={values} connections={state.connections} secretsSet={state.secretsSet} />
      ) : (
        <div className="space-y-4">
          <ConfigFields
            fields={current?.fields ?? []}
            values={values}
            onChange={setValues}
            problems={problems}
            instanceId={state.instanceId}
            connections={state.connections}
            secretsSet={state.secretsSet}
          />
        </div>
      )}

      <div className="flex items-center gap-2">
        {page > 0 ? (
          <button type="button" className="sy-btn" disabled={busy} onClick={() => void goTo(page - 1, false)}>
            Back
          </button>
        ) : null}
        <span className="flex-1" />
        {busy ? <Spinner /> : null}
        <button type="submit" className="sy-btn sy-btn-primary" disabled={busy}>
          {page === reviewIndex ? (state.status === "failed" ? "Retry deploy" : "Deploy") : "Next"}
        </button>
      </div>
    </form>
  );
}
