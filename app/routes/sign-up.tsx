import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { getInputProps } from "@conform-to/react";
import { ErrorSummary, SelectField, SubmitButton, TextField, ChoiceField, useSchemaForm } from "~/components/forms";
import { PageHeading } from "~/components/ui/page-heading";
import { listAgencies } from "~/modules/accounts/queries.server";
import { signUp } from "~/modules/accounts/commands.server";
import { portalHasAdministrator, requestFromThisMachine } from "~/modules/accounts/first-administrator.server";
import { passwordProblem } from "~/modules/accounts/password-strength.server";
import { PASSWORD_MIN, SignUpSchema } from "~/modules/accounts/schema";
import { labelOf, SECTORS } from "~/modules/study/study";
import { requireAnonymous, safeRedirectPath } from "~/utils/auth.server";
import { getEnv } from "~/utils/env.server";
import { takeAttempt, tooManyAttempts } from "~/utils/rate-limit.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction = () => [{ title: "Create an account – Partnership Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const [agencies, hasAdministrator] = await Promise.all([listAgencies(), portalHasAdministrator()]);
  // While the portal has no administrator, the set-up code printed in the server's log makes one.
  return { agencies, askSetupCode: !hasAdministrator };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  // Counted before the form is read: a refused request costs no parsing.
  if (!(await takeAttempt(`sign-up:${context.clientAddress}`, getEnv().AUTH_RATE_LIMIT_PER_MINUTE))) return tooManyAttempts();
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: SignUpSchema });
  if (submission.status !== "success") {
    // Every problem at once: a guessable password too, not only after the rest is put right.
    const password = formData.get("password");
    const weak =
      typeof password === "string" && !submission.error?.password
        ? await passwordProblem(password, {
            name: String(formData.get("name") ?? ""),
            email: String(formData.get("email") ?? ""),
            jobTitle: String(formData.get("jobTitle") ?? ""),
            agencyName: String(formData.get("newAgencyName") ?? ""),
          })
        : null;
    return data(submission.reply({ hideFields: ["password"], ...(weak ? { fieldErrors: { password: [weak] } } : {}) }), { status: 400 });
  }
  const result = await signUp(submission.value, { onThisMachine: requestFromThisMachine(request, context.clientAddress) });
  if (!result.ok) {
    return data(submission.reply({ ...refusalErrors(result), hideFields: ["password"] }), { status: 400 });
  }
  // NOTE: the same answer whether the address was new or already had an account (result.created),
  // and nobody is signed in here: the sign-in page says what happens next, with the email filled in.
  const next = new URLSearchParams({ signedUp: "1", email: submission.value.email });
  const redirectTo = safeRedirectPath(submission.value.redirectTo, "");
  if (redirectTo) next.set("redirectTo", redirectTo);
  return redirect(`/sign-in?${next}`);
}

export default function SignUp() {
  const { agencies, askSetupCode } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const [form, fields] = useSchemaForm(SignUpSchema, {
    id: "sign-up",
    lastResult,
    defaultValue: { redirectTo, email: searchParams.get("email") ?? "" },
  });

  return (
    <div className="max-w-2xl">
      <PageHeading>Create an account</PageHeading>
      <p className="mb-6 text-lg">
        For staff of the agencies that work together in your area: health, social services, education, and partners such as police, housing and the
        voluntary sector.
      </p>
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <input {...getInputProps(fields.redirectTo, { type: "hidden" })} key={fields.redirectTo.key} />
        <TextField meta={fields.name} label="Full name" autoComplete="name" />
        <TextField meta={fields.email} label="Work email address" type="email" autoComplete="email" hint="You will use this to sign in." />
        <TextField
          meta={fields.password}
          label="Create a password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN} characters, and not one that many people use. Three random words make a strong password that is easy to remember.`}
        />
        <TextField meta={fields.jobTitle} label="Job title" autoComplete="organization-title" />
        {agencies.length > 0 ? (
          <SelectField
            meta={fields.agencyId}
            label="Your agency"
            hint="The organisation you work for."
            placeholder="Choose your agency"
            options={agencies.map((agency) => ({
              value: agency.id,
              label: `${agency.name} (${labelOf(SECTORS, agency.sector)})`,
            }))}
          />
        ) : null}
        <details
          className="border-l-4 border-slate-400 pl-4"
          open={agencies.length === 0 || Boolean(fields.newAgencyName.errors || fields.newAgencySector.errors)}
        >
          <summary className="cursor-pointer text-lg text-brand-700 underline">
            {agencies.length > 0 ? "My agency is not in the list" : "Add your agency"}
          </summary>
          <div className="mt-4 space-y-6">
            <TextField
              meta={fields.newAgencyName}
              label="Agency name"
              hint="For example, Northshire Community Health NHS Trust."
              autoComplete="organization"
            />
            <ChoiceField
              meta={fields.newAgencySector}
              legend="Sector"
              type="radio"
              options={SECTORS.map((sector) => ({ value: sector.key, label: sector.label }))}
            />
          </div>
        </details>
        {askSetupCode ? (
          <TextField
            meta={fields.setupCode}
            label="Set-up code (only if you are setting up the portal)"
            hint="The portal has no administrator yet. The person setting it up enters the code printed in the server’s log when it started, and becomes its administrator. Everyone else leaves this empty."
            autoComplete="off"
            width="sm:w-72"
          />
        ) : null}
        <SubmitButton pending={navigation.state !== "idle"}>Create account</SubmitButton>
      </Form>
      <p className="mt-8 text-lg">
        Already have an account?{" "}
        <Link to={redirectTo ? `/sign-in?${new URLSearchParams({ redirectTo })}` : "/sign-in"} className="text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
