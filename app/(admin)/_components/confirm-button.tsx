"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/app/_components/sy/confirm-dialog";
import { ConsoleSyTheme } from "./sy-theme";
import { Button } from "./ui";

/**
 * A danger button for what cannot be undone (revoking a key, deleting an app, removing a member):
 * it asks first, saying what will stop working, and acts only on the dialog's confirm.
 */
export function ConfirmButton(props: { label: string; title: string; message: string; confirmLabel: string; pending: boolean; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button variant="danger" pending={props.pending} onClick={() => setAsking(true)}>
        {props.label}
      </Button>
      {asking ? (
        <ConsoleSyTheme>
          <ConfirmDialog
            title={props.title}
            message={props.message}
            confirmLabel={props.confirmLabel}
            busy={props.pending}
            onConfirm={() => {
              setAsking(false);
              props.onConfirm();
            }}
            onCancel={() => setAsking(false)}
          />
        </ConsoleSyTheme>
      ) : null}
    </>
  );
}
