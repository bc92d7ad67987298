import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { SuccessNotice } from "~/components/ui/notice";
import { PageHeading } from "~/components/ui/page-heading";
import { promoteConfiguredAdmin } from "~/modules/accounts/commands.server";
import { SignInSchema } from "~/modules/accounts/schema";
import { createSessionCookie, requireAnonymous, safeRedirectPath, verifyLogin } from "~/utils/auth.server";
import { getEnv } from "~/utils/env.server";
import { takeAttempt, tooManyAttempts } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Sign in – Partnership Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

const WRONG_DETAILS = "The email address or password is not right. Check them and try again.";

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  // Counted before the form is read: a refused request costs no parsing.
  if (!(await takeAttempt(`sign-in:${context.clientAddress}`, getEnv().AUTH_RATE_LIMIT_PER_MINUTE))) return tooManyAttempts();
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: SignInSchema });
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const userId = await verifyLogin(submission.value.email, submission.value.password);
  if (!userId) {
    // NOTE: the same message whether or not the email has an account.
    return data(submission.reply({ formErrors: [WRONG_DETAILS], hideFields: ["password"] }), { status: 400 });
  }
  await promoteConfiguredAdmin(userId, getEnv().ADMIN_EMAIL);
  const cookie = await createSessionCookie(userId, request.headers.get("User-Agent"), {
    persistent: submission.value.keepSignedIn === "yes",
  });
  return redirect(safeRedirectPath(submission.value.redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function SignIn() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const [form, fields] = useSchemaForm(SignInSchema, {
    id: "sign-in",
    lastResult,
    defaultValue: { redirectTo, email: searchParams.get("email") ?? "" },
  });
  const { key: keepKey, ...keepProps } = getInputProps(fields.keepSignedIn, { type: "checkbox", value: "yes" });

  return (
    <div className="max-w-xl">
      <PageHeading>Sign in</PageHeading>
      {searchParams.get("signedOut") ? (
        <SuccessNotice>
          <p>You have signed out.</p>
        </SuccessNotice>
      ) : null}
      {searchParams.get("signedUp") ? (
        <SuccessNotice title="Now sign in">
          <p className="mt-2">If this address was new to the portal, your account is ready: sign in with it now.</p>
          <p className="mt-2">If it already had an account, sign in with that account’s password.</p>
        </SuccessNotice>
      ) : null}
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <input {...getInputProps(fields.redirectTo, { type: "hidden" })} key={fields.redirectTo.key} />
        <TextField meta={fields.email} label="Email address" type="email" autoComplete="email" />
        <TextField meta={fields.password} label="Password" type="password" autoComplete="current-password" />
        <div className="flex items-start gap-3">
          <input {...keepProps} key={keepKey} aria-describedby={`${fields.keepSignedIn.id}-hint`} className="mt-1 size-6 shrink-0 accent-brand-700" />
          <div>
            <label htmlFor={fields.keepSignedIn.id} className="text-lg">
              Keep me signed in on this device for 30 days
            </label>
            <p id={`${fields.keepSignedIn.id}-hint`} className="text-slate-600">
              Only on a device that you alone use. Otherwise you are signed out when you close the browser, or after 2 hours without using the portal.
            </p>
          </div>
        </div>
        <SubmitButton pending={navigation.state !== "idle"}>Sign in</SubmitButton>
      </Form>
      <p className="mt-8 text-lg">
        New to the portal?{" "}
        <Link to={redirectTo ? `/sign-up?${new URLSearchParams({ redirectTo })}` : "/sign-up"} className="text-brand-700 underline">
          Create an account
        </Link>
      </p>
    </div>
  );
}
