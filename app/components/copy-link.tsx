import { useState } from "react";

/** A link shown once to copy: in a read-only field (select and copy by hand) with a copy button. */
export function CopyLink({ id, label, link }: { id: string; label: string; link: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2">
      <label htmlFor={id} className="block font-bold">
        {label}
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id={id}
          readOnly
          value={link}
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 border-2 border-slate-800 bg-slate-50 px-2 py-1.5 font-mono text-sm"
        />
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(link).then(() => setCopied(true));
          }}
          className="bg-slate-700 px-4 py-2 font-bold text-white hover:bg-slate-800"
        >
          Copy link
        </button>
      </div>
      <p role="status" className="text-green-800">
        {copied ? "Link copied." : ""}
      </p>
    </div>
  );
}
