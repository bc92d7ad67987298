import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { Link, NavLink, useLinksFollowedInPage } from "~/components/ui/link";
import type { ReactNode } from "react";
import tailwindHref from "./tailwind.css?url";
import { unreadCounts } from "./modules/updates/queries.server";
import { useLiveRevalidation } from "./realtime/use-live-initiative";
import { useUnread } from "./realtime/use-unread";
import { getSessionUser } from "./utils/auth.server";
import { mayViewActivityAudit } from "./utils/policy.server";
import { useNonce } from "./utils/nonce-provider";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: tailwindHref },
  { rel: "icon", href: "/favicon.ico", sizes: "any" },
];

export const meta: MetaFunction = () => [{ title: "Partnership Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getSessionUser(request);
  return {
    user: session
      ? { id: session.user.id, name: session.user.name, isAdmin: session.user.isAdmin, seesActivity: mayViewActivityAudit(session.user) }
      : null,
    unread: session ? await unreadCounts(session.user.id) : null,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  useLinksFollowedInPage();
  return (
    <html lang="en-GB" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-full flex-col bg-slate-50 text-slate-900 antialiased">
        <a
          href="#main-content"
          className="sr-only bg-[var(--color-focus)] px-4 py-2 text-slate-900 focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50"
        >
          Skip to main content
        </a>
        <SiteHeader user={data?.user ?? null} />
        <LiveRevalidation enabled={Boolean(data?.user)} />
        <main id="main-content" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 focus:outline-none">
          {children}
        </main>
        <footer className="no-print border-t border-slate-300 bg-white">
          <div className="mx-auto flex max-w-5xl flex-wrap gap-x-6 gap-y-2 px-4 py-6 text-sm text-slate-700">
            <Link to="/accessibility" className="underline hover:text-slate-900">
              Accessibility statement
            </Link>
            <span>Success factors from the NFER audit of multi-agency activity (221 initiatives, 117 local authorities).</span>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function LiveRevalidation({ enabled }: { enabled: boolean }) {
  useLiveRevalidation(enabled);
  return null;
}

function CountBadge({ count, label }: { count: number; label: string }) {
  if (count === 0) return null;
  return (
    <>
      {" "}
      <span className="ml-1 rounded-full bg-white px-2 py-0.5 text-sm font-bold text-brand-800">
        {count > 99 ? "99+" : count} {label}
      </span>
    </>
  );
}

function SiteHeader({ user }: { user: { name: string; isAdmin: boolean; seesActivity: boolean } | null }) {
  const unread = useUnread();
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `rounded px-2 py-1 underline-offset-4 hover:underline ${isActive ? "font-semibold underline" : ""}`;
  return (
    <header className="no-print bg-brand-800 text-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-4 px-4 py-3">
        <Link to={user ? "/initiatives" : "/"} className="text-xl font-bold tracking-tight hover:underline">
          Partnership Portal
        </Link>
        {user ? (
          <nav aria-label="Main" className="flex flex-wrap items-center gap-3 text-base">
            <NavLink to="/initiatives" className={navClass}>
              My initiatives
              <CountBadge count={unread.total} label="new" />
            </NavLink>
            <NavLink to="/my-actions" className={navClass}>
              My actions
            </NavLink>
            <NavLink to="/mentions" className={navClass}>
              Mentions
              <CountBadge count={unread.mentions} label="new" />
            </NavLink>
            {user.seesActivity ? (
              <NavLink to="/activity" className={navClass}>
                Audit of activity
              </NavLink>
            ) : null}
            {user.isAdmin ? (
              <NavLink to="/admin" className={navClass}>
                Administration
              </NavLink>
            ) : null}
            <NavLink to="/account" className={navClass}>
              <span className="sr-only">Your account: </span>
              {user.name}
            </NavLink>
            <Form method="post" action="/sign-out">
              <button type="submit" className="rounded px-2 py-1 underline underline-offset-4 hover:no-underline">
                Sign out
              </button>
            </Form>
          </nav>
        ) : (
          <nav aria-label="Main" className="flex items-center gap-3 text-base">
            <NavLink to="/sign-in" className={navClass}>
              Sign in
            </NavLink>
            <NavLink to="/sign-up" className={navClass}>
              Create an account
            </NavLink>
          </nav>
        )}
      </div>
    </header>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  // A page may say what was wrong (notFoundBecause, forbiddenBecause).
  const reason =
    isRouteErrorResponse(error) && typeof error.data === "object" && error.data !== null && typeof error.data.message === "string"
      ? error.data.message
      : null;
  if (isRouteErrorResponse(error) && error.status === 404) {
    if (reason) {
      return (
        <ErrorPage title="Page not found">
          <p>{reason}</p>
          <p>If you typed the web address, check it is correct.</p>
        </ErrorPage>
      );
    }
    return (
      <ErrorPage title="Page not found">
        <p>If you typed the web address, check it is correct.</p>
        <p>If you followed a link to an initiative, you may not be a member of it. Ask its lead to invite you.</p>
      </ErrorPage>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <ErrorPage title="You cannot do that">
        <p>{reason ?? "Your role in this initiative does not allow it."} Ask the initiative&apos;s lead if you need to.</p>
      </ErrorPage>
    );
  }
  // NOTE: no error details on the page: they may hold data the viewer should not see.
  return (
    <ErrorPage title="Sorry, there is a problem with the service">
      <p>Try again later. Nothing you had saved has been lost.</p>
    </ErrorPage>
  );
}

function ErrorPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="text-3xl font-bold">{title}</h1>
      <div className="space-y-3 text-lg">{children}</div>
      <p className="text-lg">
        <Link to="/" className="text-brand-700 underline">
          Go to the start page
        </Link>
      </p>
    </div>
  );
}
