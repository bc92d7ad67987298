import type { ReactNode } from "react";

/** The portal's one tag (issue 26): a short label beside a name, coloured by what it says. */
export type TagTone = "plain" | "brand" | "success" | "warn" | "info" | "danger" | "new" | "outline";

const TONES: Record<TagTone, string> = {
  plain: "bg-slate-200 text-slate-800",
  brand: "bg-brand-100 text-brand-800",
  success: "bg-green-100 text-green-900",
  warn: "bg-amber-100 text-amber-900",
  info: "bg-sky-100 text-sky-900",
  danger: "bg-red-100 text-red-900",
  // Something the reader has not seen yet.
  new: "bg-red-700 text-white",
  outline: "border border-slate-400 bg-white text-slate-800",
};

/** The edge a `bordered` tag draws in its tone, where it must stand out from a coloured row. */
const BORDERS: Partial<Record<TagTone, string>> = {
  plain: "border-2 border-slate-600",
  brand: "border-2 border-brand-700",
  success: "border-2 border-green-800",
  warn: "border-2 border-amber-700",
  info: "border-2 border-sky-700",
  danger: "border-2 border-red-700",
};

export function Tag({
  tone = "plain",
  uppercase,
  bordered,
  className,
  children,
}: {
  tone?: TagTone;
  uppercase?: boolean;
  bordered?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <span
      className={[
        "inline-block px-2 py-0.5 text-sm font-bold",
        uppercase && "uppercase tracking-wide",
        TONES[tone],
        bordered && BORDERS[tone],
        className,
      ]
        .filter(Boolean)
        .join(" ")}
    >
      {children}
    </span>
  );
}
