"use client";

import { useState } from "react";

function generateSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Masked by default; `saved` means a value is stored already and an empty field keeps it. */
export function SecretInput(props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  canGenerate: boolean;
  saved: boolean;
  invalid: boolean;
  describedBy?: string;
  placeholder?: string;
}) {
  const [visible, setVisible] = useState(false);
  return (
    <div className="flex gap-2">
      <input
        id={props.id}
        className="sy-input font-mono"
        type={visible ? "text" : "password"}
        autoComplete="new-password"
        spellCheck={false}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.invalid}
        aria-describedby={props.describedBy}
        placeholder={props.saved ? "Saved — leave empty to keep it" : props.placeholder}
      />
      <button type="button" className="sy-btn" onClick={() => setVisible((v) => !v)} aria-pressed={visible} aria-controls={props.id}>
        {visible ? "Hide" : "Show"}
      </button>
      {props.canGenerate ? (
        <button type="button" className="sy-btn" onClick={() => props.onChange(generateSecret())}>
          Generate
        </button>
      ) : null}
    </div>
  );
}
