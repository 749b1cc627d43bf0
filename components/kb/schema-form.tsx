"use client";

/**
 * A form for a knowledge-base document, drawn from the document's published JSON Schema (the
 * same schema the files and the server-side zod validation use): objects become fieldsets,
 * arrays ordered lists with add / move / remove, enums selects, the basis union a kind switch.
 * Errors from the server's validation are shown beside the field they name (by field path).
 */
import { useId, useState } from "react";

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: string[];
  const?: string;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  default?: unknown;
  description?: string;
}

type Value = unknown;
type Obj = Record<string, unknown>;

const LABELS: Record<string, string> = {
  kbNumber: "KB number",
  previousId: "Previous ID",
  findingId: "Finding ID",
  sourceKind: "Source kind",
  sourceFile: "Source document file",
  sourceTitle: "Source title",
  appliesTo: "Applies to (product versions)",
  lastReviewed: "Last reviewed",
  verdictStrength: "Verdict strength",
  valueName: "Value name",
  valueType: "Value type",
  defaultValue: "Default value",
  causes: "Causes",
};
const LONG_TEXT = new Set(["summary", "description", "body", "text", "content", "explanation", "quote", "reason", "note", "help", "outcome", "status", "prompt"]);
const HIDDEN = new Set(["$schema", "position"]);

export function labelFor(name: string): string {
  if (LABELS[name]) return LABELS[name]!;
  const words = name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function singular(label: string): string {
  if (label.endsWith("ies")) return `${label.slice(0, -3)}y`;
  if (label.endsWith("ses")) return label.slice(0, -2);
  return label.endsWith("s") ? label.slice(0, -1) : label;
}

const variantsOf = (s: JsonSchema) => s.oneOf ?? s.anyOf ?? null;

/** A new value that has every required field (empty), for "Add …" buttons and new documents. */
export function defaultFor(schema: JsonSchema): Value {
  const variants = variantsOf(schema);
  if (variants) return defaultFor(variants[0]!);
  if (schema.const !== undefined) return schema.const;
  switch (schema.type) {
    case "object": {
      const out: Obj = {};
      for (const [k, p] of Object.entries(schema.properties ?? {})) {
        if (HIDDEN.has(k)) continue;
        if (schema.required?.includes(k) || Array.isArray(p.default)) out[k] = defaultFor(p);
      }
      return out;
    }
    case "array":
      return [];
    case "number":
    case "integer":
      return schema.minimum ?? 0;
    case "boolean":
      return false;
    default:
      return schema.enum ? schema.enum[0] : "";
  }
}

const fieldId = (path: string) => `f-${path.replace(/[^a-zA-Z0-9]+/g, "-")}`;

interface Ctx {
  errors: ReadonlyMap<string, string[]>;
  hints: Readonly<Record<string, string[]>>;
  listId: string;
}

export function SchemaForm({
  schema,
  value,
  onChange,
  errors,
  hints = {},
}: {
  schema: JsonSchema;
  value: Obj;
  onChange: (next: Obj) => void;
  errors: ReadonlyMap<string, string[]>;
  /** Suggestions per field name (datalist): product version slugs, cause keys, article slugs. */
  hints?: Record<string, string[]>;
}) {
  const listId = useId().replace(/:/g, "");
  const ctx: Ctx = { errors, hints, listId };
  return (
    <div className="space-y-4">
      {Object.entries(hints).map(([name, options]) => (
        <datalist key={name} id={`${listId}-${name}`}>
          {options.map((o) => (
            <option key={o} value={o} />
          ))}
        </datalist>
      ))}
      <ObjectFields schema={schema} value={value} path="" onChange={(v) => onChange(v as Obj)} ctx={ctx} />
    </div>
  );
}

function ErrorText({ path, ctx }: { path: string; ctx: Ctx }) {
  const messages = ctx.errors.get(path);
  if (!messages?.length) return null;
  return (
    <p id={`${fieldId(path)}-error`} className="mt-1 text-sm font-medium text-red-800" role="alert">
      {messages.join("; ")}
    </p>
  );
}

function ObjectFields({ schema, value, path, onChange, ctx }: { schema: JsonSchema; value: Value; path: string; onChange: (v: Value) => void; ctx: Ctx }) {
  const obj = (value && typeof value === "object" && !Array.isArray(value) ? value : {}) as Obj;
  const set = (key: string, v: Value) => {
    const next = { ...obj };
    if (v === undefined) delete next[key];
    else next[key] = v;
    onChange(next);
  };
  return (
    <>
      {Object.entries(schema.properties ?? {})
        .filter(([k]) => !HIDDEN.has(k))
        .map(([k, p]) => (
          <Field
            key={k}
            name={k}
            schema={p}
            value={obj[k]}
            path={path ? `${path}.${k}` : k}
            required={schema.required?.includes(k) ?? false}
            onChange={(v) => set(k, v)}
            ctx={ctx}
          />
        ))}
    </>
  );
}

function Field({ name, schema, value, path, required, onChange, ctx }: { name: string; schema: JsonSchema; value: Value; path: string; required: boolean; onChange: (v: Value) => void; ctx: Ctx }) {
  const label = labelFor(name);
  const id = fieldId(path);
  const hasError = (ctx.errors.get(path)?.length ?? 0) > 0;
  const described = hasError ? `${id}-error` : undefined;
  const variants = variantsOf(schema);

  if (variants) {
    const kinds = variants.map((v) => v.properties?.kind?.const ?? "");
    const current = (value as Obj | undefined)?.kind as string | undefined;
    const variant = variants[Math.max(0, kinds.indexOf(current ?? ""))]!;
    return (
      <fieldset className="rounded border border-slate-300 p-3">
        <legend className="px-1 text-sm font-semibold">{label}</legend>
        <label htmlFor={`${id}-kind`} className="block text-sm font-medium">
          Kind
        </label>
        <select
          id={`${id}-kind`}
          className="mt-1 min-h-11 w-full rounded border border-slate-400 bg-white px-2"
          value={current ?? ""}
          onChange={(e) => onChange(defaultFor(variants[kinds.indexOf(e.target.value)]!))}
        >
          {current === undefined ? <option value="">(choose)</option> : null}
          {kinds.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <ErrorText path={path} ctx={ctx} />
        {current !== undefined ? (
          <div className="mt-3 space-y-3">
            <ObjectFields schema={{ ...variant, properties: Object.fromEntries(Object.entries(variant.properties ?? {}).filter(([k]) => k !== "kind")) }} value={value} path={path} onChange={onChange} ctx={ctx} />
          </div>
        ) : null}
      </fieldset>
    );
  }

  if (schema.type === "object") {
    if (value === undefined && !required) {
      return (
        <div>
          <button type="button" className="min-h-11 rounded border border-slate-400 px-3 text-sm hover:bg-slate-100" onClick={() => onChange(defaultFor(schema))}>
            Add {label.toLowerCase()}
          </button>
          <ErrorText path={path} ctx={ctx} />
        </div>
      );
    }
    return (
      <fieldset className="rounded border border-slate-300 p-3">
        <legend className="px-1 text-sm font-semibold">{label}</legend>
        <div className="space-y-3">
          <ObjectFields schema={schema} value={value} path={path} onChange={onChange} ctx={ctx} />
        </div>
        <ErrorText path={path} ctx={ctx} />
        {!required ? (
          <button type="button" className="mt-2 min-h-11 rounded px-3 text-sm text-red-800 hover:bg-red-50" onClick={() => onChange(undefined)}>
            Remove {label.toLowerCase()}
          </button>
        ) : null}
      </fieldset>
    );
  }

  if (schema.type === "array") return <ArrayField name={name} label={label} schema={schema} value={value} path={path} onChange={onChange} ctx={ctx} />;

  const common = {
    id,
    "aria-invalid": hasError || undefined,
    "aria-describedby": described,
    className: `mt-1 w-full rounded border px-2 ${hasError ? "border-red-700" : "border-slate-400"} bg-white`,
  };
  let input;
  if (schema.enum) {
    input = (
      <select {...common} className={`${common.className} min-h-11`} value={(value as string | undefined) ?? ""} onChange={(e) => onChange(e.target.value === "" && !required ? undefined : e.target.value)}>
        {!required || value === undefined ? <option value="">{required ? "(choose)" : "(none)"}</option> : null}
        {schema.enum.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (schema.type === "number" || schema.type === "integer") {
    input = (
      <input
        {...common}
        className={`${common.className} min-h-11`}
        type="number"
        step={schema.type === "integer" ? 1 : "any"}
        min={schema.minimum}
        max={schema.maximum}
        value={typeof value === "number" ? value : ""}
        onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
      />
    );
  } else {
    const text = typeof value === "string" ? value : "";
    const change = (v: string) => onChange(v === "" && !required ? undefined : v);
    input =
      LONG_TEXT.has(name) || text.length > 80 ? (
        <textarea {...common} className={`${common.className} py-2`} rows={Math.min(10, Math.max(2, Math.ceil(text.length / 90)))} value={text} onChange={(e) => change(e.target.value)} />
      ) : (
        <input {...common} className={`${common.className} min-h-11`} list={ctx.hints[name] ? `${ctx.listId}-${name}` : undefined} value={text} onChange={(e) => change(e.target.value)} />
      );
  }
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
        {required ? null : <span className="font-normal text-slate-600"> (optional)</span>}
      </label>
      {input}
      <ErrorText path={path} ctx={ctx} />
    </div>
  );
}

function itemName(item: Value, index: number, label: string): string {
  const o = item as Obj | null;
  if (o && typeof o === "object" && typeof o.findingId === "string" && typeof o.cause === "string") {
    return `${singular(label)} ${index + 1}: ${o.findingId} ${o.effect === "refutes" ? "refutes" : "→"} ${o.cause}`;
  }
  const named = o && typeof o === "object" ? (o.key ?? o.slug ?? o.findingId ?? o.display ?? o.cause ?? o.heading ?? o.title) : typeof item === "string" ? item : null;
  return `${singular(label)} ${index + 1}${typeof named === "string" && named ? `: ${named.length > 60 ? `${named.slice(0, 60)}…` : named}` : ""}`;
}

function ArrayField({ name, label, schema, value, path, onChange, ctx }: { name: string; label: string; schema: JsonSchema; value: Value; path: string; onChange: (v: Value) => void; ctx: Ctx }) {
  const list = Array.isArray(value) ? value : [];
  const items = schema.items ?? {};
  const [opened, setOpened] = useState<ReadonlySet<number>>(new Set());
  const move = (from: number, to: number) => {
    const next = [...list];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved);
    onChange(next);
  };
  const scalar = items.type !== "object" && !variantsOf(items);
  return (
    <fieldset className="rounded border border-slate-300 p-3">
      <legend className="px-1 text-sm font-semibold">{label}</legend>
      <ErrorText path={path} ctx={ctx} />
      <ol className="space-y-2">
        {list.map((item, i) => {
          const itemPath = `${path}.${i}`;
          const errorInside = [...ctx.errors.keys()].some((k) => k === itemPath || k.startsWith(`${itemPath}.`));
          const controls = (
            <div className="mt-2 flex flex-wrap gap-1">
              <button type="button" className="min-h-11 rounded border border-slate-300 px-3 text-sm disabled:opacity-40" disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={`Move ${itemName(item, i, label)} up`}>
                ↑
              </button>
              <button type="button" className="min-h-11 rounded border border-slate-300 px-3 text-sm disabled:opacity-40" disabled={i === list.length - 1} onClick={() => move(i, i + 1)} aria-label={`Move ${itemName(item, i, label)} down`}>
                ↓
              </button>
              <button type="button" className="min-h-11 rounded px-3 text-sm text-red-800 hover:bg-red-50" onClick={() => onChange(list.filter((_, j) => j !== i))}>
                Remove {singular(label).toLowerCase()} {i + 1}
              </button>
            </div>
          );
          if (scalar) {
            return (
              <li key={i}>
                <Field name={name} schema={items} value={item} path={itemPath} required onChange={(v) => onChange(list.map((x, j) => (j === i ? v : x)))} ctx={ctx} />
                {controls}
              </li>
            );
          }
          return (
            <li key={i}>
              <details
                open={opened.has(i) || errorInside || list.length <= 2}
                onToggle={(e) => {
                  const isOpen = (e.currentTarget as HTMLDetailsElement).open;
                  setOpened((s) => {
                    const n = new Set(s);
                    if (isOpen) n.add(i);
                    else n.delete(i);
                    return n;
                  });
                }}
                className={`rounded border ${errorInside ? "border-red-700" : "border-slate-200"} bg-slate-50 p-2`}
              >
                <summary className="min-h-11 cursor-pointer py-2 text-sm font-medium">{itemName(item, i, label)}</summary>
                <div className="mt-2 space-y-3">
                  <Field name={singular(name)} schema={items} value={item} path={itemPath} required onChange={(v) => onChange(list.map((x, j) => (j === i ? v : x)))} ctx={ctx} />
                </div>
                {controls}
              </details>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="mt-2 min-h-11 rounded border border-sky-800 px-3 text-sm text-sky-900 hover:bg-sky-50"
        onClick={() => {
          setOpened((s) => new Set(s).add(list.length));
          onChange([...list, defaultFor(items)]);
        }}
      >
        Add {singular(label).toLowerCase()}
      </button>
    </fieldset>
  );
}
