"use client";

import { indentWithTab } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { EditorState, type Text } from "@codemirror/state";
import { EditorView, keymap, placeholder as placeholderText } from "@codemirror/view";
import { basicSetup } from "codemirror";
import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";

/** A problem the server found, at its line and column (1-based) when it has one. */
export interface EditorProblem {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export interface CodeEditorHandle {
  /** Selects what is at `line:column` (the word or value there), scrolls it into view and focuses the editor. */
  jumpTo(line: number, column?: number): void;
}

interface Props {
  value: string;
  onChange(value: string): void;
  problems: readonly EditorProblem[];
  /** The accessible name of the editing area. */
  label: string;
  placeholder?: string;
}

/** From `line:column` to the end of the word or scalar that starts there (a key, a state name, a path). */
function rangeAt(doc: Text, line: number, column = 1): { from: number; to: number } {
  const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
  const from = Math.min(at.from + Math.max(column - 1, 0), at.to);
  const rest = doc.sliceString(from, at.to);
  const token = /^("[^"]*"|'[^']*'|[^\s,{}[\]#]+)/.exec(rest)?.[0] ?? "";
  return { from, to: from + (token.length || Math.min(rest.length, 1)) };
}

function diagnosticsFor(doc: Text, problems: readonly EditorProblem[]): Diagnostic[] {
  return problems.map((problem) => ({
    ...(problem.line ? rangeAt(doc, problem.line, problem.column) : { from: 0, to: Math.min(doc.length, doc.line(1).to) }),
    severity: "error",
    source: problem.path || "manifest",
    message: problem.message,
  }));
}

const theme = EditorView.theme({
  "&": { height: "28rem", fontSize: "13px", backgroundColor: "white" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.55" },
  ".cm-gutters": { backgroundColor: "#f8fafc", borderRight: "1px solid #e2e8f0", color: "#94a3b8" },
  ".cm-activeLineGutter": { backgroundColor: "#eef6ff" },
  // Translucent: the selection is drawn beneath the lines, and an opaque active line would hide it.
  ".cm-activeLine": { backgroundColor: "rgba(34, 89, 201, 0.04)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground": { backgroundColor: "#c9dcff" },
});

/**
 * CodeMirror 6 with YAML highlighting, line numbers, folding, search, bracket matching and
 * undo history (basicSetup); the server's problems are underlined in the text and marked in the
 * gutter. Tab indents; Escape then Tab leaves the editor (CodeMirror's tab focus mode).
 */
export const CodeEditor = forwardRef<CodeEditorHandle, Props>(function CodeEditor({ value, onChange, problems, label, placeholder }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latestOnChange = useRef(onChange);
  latestOnChange.current = onChange;

  // biome-ignore lint/correctness/useExhaustiveDependencies: created once; later values and problems arrive through the effects below.
  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          keymap.of([indentWithTab]),
          yaml(),
          lintGutter(),
          theme,
          placeholderText(placeholder ?? ""),
          EditorView.contentAttributes.of({ "aria-label": label, "aria-multiline": "true", role: "textbox", spellcheck: "false" }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latestOnChange.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // Created once: later values and problems arrive through the effects below.
  }, []);

  // A new text from outside (an uploaded file): replace the document.
  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === value) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    editor.dispatch(setDiagnostics(editor.state, diagnosticsFor(editor.state.doc, problems)));
  }, [problems]);

  useImperativeHandle(ref, () => ({
    jumpTo(line, column) {
      const editor = view.current;
      if (!editor) return;
      const { from, to } = rangeAt(editor.state.doc, line, column);
      editor.dispatch({ selection: { anchor: from, head: to }, effects: EditorView.scrollIntoView(from, { y: "center" }) });
      editor.focus();
    },
  }));

  return (
    <div
      ref={host}
      data-testid="manifest-editor"
      className="overflow-hidden rounded-md border border-slate-300 focus-within:ring-2 focus-within:ring-brand-500"
    />
  );
});
