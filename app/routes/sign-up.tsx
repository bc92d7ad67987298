import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { getInputProps } from "@conform-to/react";
import { ErrorSummary, SelectField, SubmitButton, TextField, ChoiceField, useSchemaForm } from "~/components/forms";
import { PageHeading } from "~/components/ui/page-heading";
import { listAgencies, signUp } from "~/modules/accounts/accounts.server";
import { PASSWORD_MIN, SignUpSchema } from "~/modules/accounts/schema";
import { labelOf, SECTORS } from "~/modules/framework/framework";
import { createSessionCookie, requireAnonymous, safeRedirectPath } from "~/utils/auth.server";
import { getEnv } from "~/utils/env.server";
import { takeAttempt, TOO_MANY_ATTEMPTS } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Create an account – Partnership Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return { agencies: await listAgencies() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: SignUpSchema });
  if (!(await takeAttempt(`sign-up:${context.clientAddress}`, getEnv().AUTH_RATE_LIMIT_PER_MINUTE))) {
    return data(submission.reply({ formErrors: [TOO_MANY_ATTEMPTS], hideFields: ["password"] }), {
      status: 429,
    });
  }
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const result = await signUp(submission.value, getEnv().ADMIN_EMAIL);
  if (!result.ok) {
    return data(
      submission.reply({ fieldErrors: { [result.field]: [result.message] }, hideFields: ["password"] }),
      { status: 400 },
    );
  }
  const cookie = await createSessionCookie(result.userId, request.headers.get("User-Agent"));
  return redirect(safeRedirectPath(submission.value.redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function SignUp() {
  const { agencies } = useLoaderData<typeof loader>();
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
        For staff of the agencies that work together in your area: health, social services, education,
        and partners such as police, housing and the voluntary sector.
      </p>
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <input {...getInputProps(fields.redirectTo, { type: "hidden" })} key={fields.redirectTo.key} />
        <TextField meta={fields.name} label="Full name" autoComplete="name" />
        <TextField
          meta={fields.email}
          label="Work email address"
          type="email"
          autoComplete="email"
          hint="You will use this to sign in."
        />
        <TextField
          meta={fields.password}
          label="Create a password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN} characters. A few unrelated words make a strong password that is easy to remember.`}
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
        <SubmitButton pending={navigation.state !== "idle"}>Create account</SubmitButton>
      </Form>
      <p className="mt-8 text-lg">
        Already have an account?{" "}
        <Link
          to={redirectTo ? `/sign-in?${new URLSearchParams({ redirectTo })}` : "/sign-in"}
          className="text-brand-700 underline"
        >
          Sign in
        </Link>
      </p>
    </div>
  );
}
