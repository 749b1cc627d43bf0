/**
 * A readable diff between two versions of a knowledge-base document: field by field (paths such
 * as `symptoms[smtp-reply-550].signatures[1].display`), and inside a changed text field the words
 * that were removed and added (jsdiff's word diff). Arrays are compared position by position; an
 * element is named by its key when it has one, so a reader sees which symptom changed.
 */
import { diffWordsWithSpace } from "diff";

export interface TextPart {
  value: string;
  added?: boolean;
  removed?: boolean;
}

export interface FieldChange {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: string;
  after?: string;
  /** Word-level diff for changed text fields. */
  parts?: TextPart[];
}

/** Text longer than this is shown whole (before/after) instead of as a word diff. */
const MAX_WORD_DIFF_CHARS = 20_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 1);
}

function elementName(item: unknown, index: number): string {
  if (isObject(item)) {
    for (const k of ["key", "slug", "findingId", "cause"]) if (typeof item[k] === "string") return `[${index + 1}: ${item[k] as string}]`;
  }
  return `[${index + 1}]`;
}

export function diffDocuments(before: unknown, after: unknown): FieldChange[] {
  const changes: FieldChange[] = [];
  walk(before, after, "", changes);
  return changes;
}

function walk(a: unknown, b: unknown, path: string, out: FieldChange[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) {
    out.push({ path: path || "(document)", kind: "added", after: show(b) });
    return;
  }
  if (b === undefined) {
    out.push({ path: path || "(document)", kind: "removed", before: show(a) });
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
    for (const k of keys) walk(a[k], b[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}${elementName(i < b.length ? b[i] : a[i], i)}`, out);
    return;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const change: FieldChange = { path, kind: "changed", before: show(a), after: show(b) };
  if (typeof a === "string" && typeof b === "string" && a.length + b.length <= MAX_WORD_DIFF_CHARS) {
    change.parts = diffWordsWithSpace(a, b).map((p) => ({ value: p.value, ...(p.added ? { added: true } : {}), ...(p.removed ? { removed: true } : {}) }));
  }
  out.push(change);
}
