import { NavLink } from "~/components/ui/link";

export type Tab = { to: string; label: string; end?: boolean };

/** A row of tabs (links), the current one marked, for the pages of one area. */
export function TabNav({ label, tabs }: { label: string; tabs: Tab[] }) {
  return (
    <nav aria-label={label} className="no-print mb-8 border-b-2 border-slate-300">
      <ul className="-mb-0.5 flex flex-wrap gap-1">
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink
              to={tab.to}
              end={tab.end}
              className={({ isActive }) =>
                `block border-b-4 px-3 py-2 text-base ${isActive ? "border-brand-700 font-bold text-slate-900" : "border-transparent text-brand-700 underline hover:border-slate-400"}`
              }
            >
              {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
