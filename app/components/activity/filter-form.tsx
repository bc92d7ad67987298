import { Form } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Link } from "~/components/ui/link";
import { AGENCY_COMBINATION_LABELS, INITIATIVE_STATUSES } from "~/modules/study/study";

const FIELD_LABELS: Record<string, string> = {
  combination: "Agency combination",
  targetGroup: "Target group",
  status: "Status",
  from: "Running between",
  to: "and",
  page: "Page",
};

/** The filters of the audit of activity, with a summary of what is wrong with them on top. */
export function FilterForm({
  raw,
  errors,
  targetGroups,
  filtered,
  firstPageHref,
}: {
  raw: Record<string, string | undefined>;
  errors: Record<string, string>;
  targetGroups: string[];
  filtered: boolean;
  firstPageHref: string;
}) {
  const summary = useRef<HTMLDivElement>(null);
  const hasErrors = Object.keys(errors).length > 0;
  useEffect(() => {
    if (hasErrors) summary.current?.focus();
  }, [hasErrors]);
  const select = "block w-full border-2 border-slate-800 bg-white px-2 py-1.5 text-base aria-[invalid=true]:border-red-700";
  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`${name}-error`} className="font-bold text-red-700">
        <span className="sr-only">Error: </span>
        {errors[name]}
      </p>
    ) : null;
  const described = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
  return (
    <section aria-labelledby="filters-heading" className="border border-slate-300 bg-white p-5">
      <h2 id="filters-heading" className="mb-3 text-xl font-bold">
        Filters
      </h2>
      {hasErrors ? (
        <div ref={summary} tabIndex={-1} role="alert" aria-labelledby="filter-errors-title" className="mb-4 border-4 border-red-700 bg-white p-4">
          <h3 id="filter-errors-title" className="text-lg font-bold">
            There is a problem with the filters, so nothing is shown
          </h3>
          <ul className="mt-2">
            {Object.entries(errors).map(([name, message]) =>
              name === "page" ? (
                // The page has no field of its own: the way out is the first page.
                <li key={name}>
                  <span className="font-bold text-red-700">
                    {FIELD_LABELS[name]}: {message}.
                  </span>{" "}
                  <Link to={firstPageHref} className="text-brand-700 underline">
                    Show the first page
                  </Link>
                </li>
              ) : (
                <li key={name}>
                  <a href={`#filter-${name}`} className="font-bold text-red-700 underline">
                    {FIELD_LABELS[name] ? `${FIELD_LABELS[name]}: ` : ""}
                    {message}
                  </a>
                </li>
              ),
            )}
          </ul>
        </div>
      ) : null}
      <Form method="get" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <div className="space-y-1">
          <label htmlFor="filter-combination" className="block font-bold">
            Agency combination
          </label>
          {fieldError("combination")}
          <select id="filter-combination" name="combination" defaultValue={raw.combination ?? ""} className={select} {...described("combination")}>
            <option value="">Any</option>
            {Object.entries(AGENCY_COMBINATION_LABELS).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="filter-targetGroup" className="block font-bold">
            Target group
          </label>
          {fieldError("targetGroup")}
          <select id="filter-targetGroup" name="targetGroup" defaultValue={raw.targetGroup ?? ""} className={select} {...described("targetGroup")}>
            <option value="">Any</option>
            {targetGroups.map((group) => (
              <option key={group} value={group}>
                {group}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="filter-status" className="block font-bold">
            Status
          </label>
          {fieldError("status")}
          <select id="filter-status" name="status" defaultValue={raw.status ?? ""} className={select} {...described("status")}>
            <option value="">Any</option>
            {INITIATIVE_STATUSES.map((s) => (
              <option key={s.key} value={s.key}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="filter-from" className="block font-bold">
            Running at any time from
          </label>
          {fieldError("from")}
          <input id="filter-from" name="from" type="date" defaultValue={raw.from ?? ""} className={select} {...described("from")} />
        </div>
        <div className="space-y-1">
          <label htmlFor="filter-to" className="block font-bold">
            to
          </label>
          {fieldError("to")}
          <input id="filter-to" name="to" type="date" defaultValue={raw.to ?? ""} className={select} {...described("to")} />
        </div>
        <div className="flex flex-wrap items-end gap-6">
          <button type="submit" className="bg-green-700 px-5 py-2.5 text-lg font-bold text-white shadow-[0_2px_0_#002d18] hover:bg-green-800">
            Apply filters
          </button>
          {filtered ? (
            <Link to="/activity" className="text-lg text-brand-700 underline">
              Clear filters
            </Link>
          ) : null}
        </div>
      </Form>
    </section>
  );
}
