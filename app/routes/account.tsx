import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { DangerButton } from "~/components/ui/danger-button";
import { Link } from "~/components/ui/link";
import { useEffect, useRef, type ReactNode } from "react";
import { ErrorSummary, SelectField, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { SuccessNotice } from "~/components/ui/notice";
import { PageHeading } from "~/components/ui/page-heading";
import { Cell, ColumnHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import { Tag } from "~/components/ui/tag";
import { listAgencies } from "~/modules/accounts/queries.server";
import { PresenceSchema, ProfileSchema, SessionActionSchema } from "~/modules/accounts/profile-schema";
import { findOwnSession, getProfile, listSessions } from "~/modules/accounts/queries.server";
import { revokeOtherSessions, revokeSession, SESSION_ENDED, setShowPresence, USE_SIGN_OUT, updateProfile } from "~/modules/accounts/commands.server";
import { labelOf, SECTORS } from "~/modules/study/study";
import { getSessionUser, requireUser } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/dates";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Your account – Partnership Portal" }];

/** The signed-in person and the id of the session this request came with. */
async function requireAccount(request: Request) {
  const user = await requireUser(request);
  // requireUser has just found this session, so it is there (and cached for the request).
  const { sessionId } = (await getSessionUser(request))!;
  return { user, sessionId };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, sessionId } = await requireAccount(request);
  const [profile, agencies, sessions] = await Promise.all([getProfile(user.id), listAgencies(), listSessions(user.id, sessionId)]);
  return { profile, agencies, sessions };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, sessionId } = await requireAccount(request);
  const formData = await request.formData();

  if (formData.get("intent") === "update-profile") {
    const submission = parseWithZod(formData, { schema: ProfileSchema });
    if (submission.status !== "success") return data(submission.reply(), { status: 400 });
    const result = await updateProfile(user, submission.value);
    if (!result.ok) {
      return data(submission.reply(refusalErrors(result)), { status: 400 });
    }
    return redirect(`/account?saved=${result.changed ? "profile" : "unchanged"}`);
  }

  if (formData.get("intent") === "presence") {
    const parsed = PresenceSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return data({ sessionError: "Choose whether others see when you are online." }, { status: 400 });
    await setShowPresence(user, parsed.data.showPresence === "on");
    return redirect(`/account?saved=presence-${parsed.data.showPresence}`);
  }

  const submission = parseWithZod(formData, { schema: SessionActionSchema });
  if (submission.status !== "success") return data({ sessionError: SESSION_ENDED }, { status: 400 });
  const input = submission.value;
  if (input.intent === "revoke-session") {
    if (input.confirmed !== "yes") {
      const session = await findOwnSession(user.id, input.session);
      if (!session) return data({ sessionError: SESSION_ENDED }, { status: 400 });
      if (session.id === sessionId) return data({ sessionError: USE_SIGN_OUT }, { status: 400 });
      return { confirm: { intent: "revoke-session", key: session.key, browser: session.browser, createdAt: session.createdAt } } as const;
    }
    const result = await revokeSession(user, input.session, sessionId);
    if (!result.ok) return data({ sessionError: result.message }, { status: 400 });
    return redirect("/account?signedOut=one");
  }
  if (input.confirmed !== "yes") return { confirm: { intent: "revoke-other-sessions" } } as const;
  const { count } = await revokeOtherSessions(user, sessionId);
  return redirect(`/account?signedOut=others&count=${count}`);
}

function SuccessBanner() {
  const [searchParams] = useSearchParams();
  const saved = searchParams.get("saved");
  const signedOut = searchParams.get("signedOut");
  if (saved === "profile") {
    return (
      <SuccessNotice>
        <p className="font-bold">Your details have been saved</p>
      </SuccessNotice>
    );
  }
  if (saved === "presence-on" || saved === "presence-off") {
    return (
      <SuccessNotice>
        <p className="font-bold">
          {saved === "presence-on" ? "Other members can now see when you are online" : "Other members no longer see when you are online"}
        </p>
        <p>This takes effect the next time each page is opened.</p>
      </SuccessNotice>
    );
  }
  if (saved === "unchanged") {
    return (
      <SuccessNotice>
        <p className="font-bold">Nothing to save: your details were already up to date</p>
      </SuccessNotice>
    );
  }
  if (signedOut === "one") {
    return (
      <SuccessNotice>
        <p className="font-bold">That session has been signed out</p>
        <p>Whoever uses that browser will have to sign in again.</p>
      </SuccessNotice>
    );
  }
  if (signedOut === "others") {
    const count = Number.parseInt(searchParams.get("count") ?? "", 10) || 0;
    return (
      <SuccessNotice>
        <p className="font-bold">
          {count === 0 ? "There were no other sessions to sign out" : `You have signed out of ${count} other session${count === 1 ? "" : "s"}`}
        </p>
        <p>You are still signed in here.</p>
      </SuccessNotice>
    );
  }
  return null;
}

/** A question before something that cannot be undone; focused so keyboard and screen reader users land on it. */
function Confirmation({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} aria-labelledby={id} className="mb-6 space-y-4 border-4 border-slate-800 bg-white p-4">
      <h3 id={id} className="text-xl font-bold">
        {title}
      </h3>
      {children}
    </div>
  );
}

const secondaryButton = "inline-block bg-slate-200 px-4 py-2 text-base font-bold text-slate-900 shadow-[0_2px_0_#475569] hover:bg-slate-300";

export default function Account() {
  const { profile, agencies, sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const lastResult = actionData && !("confirm" in actionData) && !("sessionError" in actionData) ? actionData : undefined;
  const confirm = actionData && "confirm" in actionData ? actionData.confirm : null;
  const sessionError = actionData && "sessionError" in actionData ? actionData.sessionError : null;
  const [form, fields] = useSchemaForm(ProfileSchema, {
    id: "profile",
    lastResult,
    defaultValue: { name: profile.name, jobTitle: profile.jobTitle, agencyId: profile.agencyId },
  });
  const otherSessions = sessions.filter((session) => !session.isCurrent);
  const pending = navigation.state !== "idle";

  return (
    <div className="max-w-3xl">
      <PageHeading>Your account</PageHeading>
      {/* The banner belongs to the last change: a later question or problem replaces it. */}
      {actionData ? null : <SuccessBanner />}

      <section aria-labelledby="details-heading" className="mb-12">
        <h2 id="details-heading" className="mb-4 text-2xl font-bold">
          Your details
        </h2>
        <p className="mb-6 text-lg">
          You sign in with <strong className="[overflow-wrap:anywhere]">{profile.email}</strong>. Colleagues see your name, job title and agency in
          the initiatives you take part in.
        </p>
        <ErrorSummary form={form} fields={fields} />
        <Form method="post" {...getFormProps(form)} className="space-y-6">
          <input type="hidden" name="intent" value="update-profile" />
          <TextField meta={fields.name} label="Full name" autoComplete="name" />
          <TextField meta={fields.jobTitle} label="Job title" autoComplete="organization-title" />
          <SelectField
            meta={fields.agencyId}
            label="Your agency"
            hint="If your agency is not in the list, ask a portal administrator to add it. The agency you represent in each initiative stays as it is."
            placeholder="Choose your agency"
            options={agencies.map((agency) => ({
              value: agency.id,
              label: `${agency.name} (${labelOf(SECTORS, agency.sector)})`,
            }))}
          />
          <SubmitButton pending={pending}>Save your details</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="presence-heading" className="mb-12">
        <h2 id="presence-heading" className="mb-4 text-2xl font-bold">
          Being seen online
        </h2>
        <Form method="post" className="space-y-4">
          <input type="hidden" name="intent" value="presence" />
          <fieldset className="space-y-2">
            <legend className="mb-2 text-lg">
              When you have one of an initiative’s pages open, its other members see “Online now” with your name.
            </legend>
            {[
              { value: "on", label: "Show others when I am online" },
              { value: "off", label: "Do not show when I am online" },
            ].map((option) => (
              <div key={option.value} className="flex items-center gap-3">
                <input
                  type="radio"
                  id={`presence-${option.value}`}
                  name="showPresence"
                  value={option.value}
                  defaultChecked={profile.showPresence === (option.value === "on")}
                  className="size-6 accent-brand-700"
                />
                <label htmlFor={`presence-${option.value}`} className="text-base">
                  {option.label}
                </label>
              </div>
            ))}
          </fieldset>
          <SubmitButton pending={pending}>Save</SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="mb-4 text-2xl font-bold">
          Where you are signed in
        </h2>
        <p className="mb-6 text-lg">
          Each browser you have signed in with. It stays signed in until the browser is closed or goes 2 hours without use, or, where you chose “Keep
          me signed in”, for 30 days. Sign out any you do not recognise or no longer use, such as a shared computer. To sign out of this browser, use
          “Sign out” at the top of the page.
        </p>

        {sessionError ? (
          <div role="alert" className="mb-6 border-4 border-red-700 bg-white p-4">
            <h3 className="text-xl font-bold">There is a problem</h3>
            <p className="font-bold text-red-700">{sessionError}</p>
          </div>
        ) : null}

        {confirm?.intent === "revoke-session" ? (
          <Confirmation key={confirm.key} id="confirm-revoke-heading" title={`Sign out ${confirm.browser}?`}>
            <p className="text-lg">
              This ends the session started on {formatDateTime(confirm.createdAt)}. Whoever uses that browser will have to sign in again.
            </p>
            <Form method="post" className="flex flex-wrap items-center gap-6">
              <input type="hidden" name="intent" value="revoke-session" />
              <input type="hidden" name="session" value={confirm.key} />
              <input type="hidden" name="confirmed" value="yes" />
              <DangerButton aria-disabled={pending || undefined}>Yes, sign out that session</DangerButton>
              <Link to="/account" className="text-lg text-brand-700 underline">
                Cancel
              </Link>
            </Form>
          </Confirmation>
        ) : null}

        {confirm?.intent === "revoke-other-sessions" ? (
          <Confirmation id="confirm-revoke-others-heading" title="Sign out of all other sessions?">
            <p className="text-lg">Every other browser signed in to your account will have to sign in again. You stay signed in here.</p>
            <Form method="post" className="flex flex-wrap items-center gap-6">
              <input type="hidden" name="intent" value="revoke-other-sessions" />
              <input type="hidden" name="confirmed" value="yes" />
              <DangerButton aria-disabled={pending || undefined}>Yes, sign out all other sessions</DangerButton>
              <Link to="/account" className="text-lg text-brand-700 underline">
                Cancel
              </Link>
            </Form>
          </Confirmation>
        ) : null}

        <Table caption="Browsers signed in to your account" density="roomy" wrapperClassName="relative mb-6">
          <TableHead>
            <ColumnHeader>Browser</ColumnHeader>
            <ColumnHeader>Signed in</ColumnHeader>
            <ColumnHeader>
              <span className="sr-only">Action</span>
            </ColumnHeader>
          </TableHead>
          <tbody>
            {sessions.map((session) => (
              <TableRow key={session.key} align="middle">
                <Cell>
                  <span className="break-words">{session.browser}</span>
                  {session.isCurrent ? (
                    <strong>
                      <Tag tone="brand" className="ml-2">
                        This browser
                      </Tag>
                    </strong>
                  ) : null}
                </Cell>
                <Cell>
                  {formatDateTime(session.createdAt)}
                  {session.keptUntil ? (
                    <span className="block text-sm text-slate-600">Kept signed in until {formatDateTime(session.keptUntil)}</span>
                  ) : null}
                </Cell>
                <Cell className="text-right">
                  {session.isCurrent ? null : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="revoke-session" />
                      <input type="hidden" name="session" value={session.key} />
                      <button type="submit" className={secondaryButton}>
                        Sign out this session
                        <span className="sr-only">
                          : {session.browser}, signed in {formatDateTime(session.createdAt)}
                        </span>
                      </button>
                    </Form>
                  )}
                </Cell>
              </TableRow>
            ))}
          </tbody>
        </Table>

        {otherSessions.length > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="revoke-other-sessions" />
            <DangerButton>Sign out of all other sessions</DangerButton>
          </Form>
        ) : (
          <p className="text-lg">You are not signed in anywhere else.</p>
        )}
      </section>
    </div>
  );
}
