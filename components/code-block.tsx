import { CopyButton } from "./copy-button";

export function CodeBlock({ title, language, content }: { title: string; language: string; content: string }) {
  return (
    <figure className="my-2 overflow-hidden rounded-md border border-slate-300 bg-slate-900 text-slate-100">
      <figcaption className="flex items-center justify-between gap-2 border-b border-slate-700 bg-slate-800 px-3 py-1.5 text-xs">
        <span>
          <span className="font-semibold text-slate-200">{title}</span>
          <span className="ml-2 text-slate-300">{language}</span>
        </span>
        <CopyButton text={content} />
      </figcaption>
      <pre tabIndex={0} className="overflow-x-auto p-3 text-xs leading-relaxed">
        <code>{content}</code>
      </pre>
    </figure>
  );
}
