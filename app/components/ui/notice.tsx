import type { ReactNode } from "react";

/** A success or information banner, announced politely to screen readers. */
export function SuccessNotice({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div role="status" className="mb-6 border-l-4 border-green-700 bg-white p-4 text-lg">
      <p className="font-bold">{title}</p>
      {children}
    </div>
  );
}

/** A refusal or problem that is not about one form field. */
export function ProblemNotice({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div role="alert" className="mb-6 border-4 border-red-700 bg-white p-4 text-lg">
      <p className="font-bold">{title}</p>
      {children}
    </div>
  );
}
