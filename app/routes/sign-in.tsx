import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { ErrorSummary, SubmitButton, TextField, useSchemaForm } from "~/components/forms";
import { PageHeading } from "~/components/ui/page-heading";
import { promoteConfiguredAdmin } from "~/modules/accounts/accounts.server";
import { SignInSchema } from "~/modules/accounts/schema";
import { createSessionCookie, requireAnonymous, safeRedirectPath, verifyLogin } from "~/utils/auth.server";
import { getEnv } from "~/utils/env.server";
import { takeAttempt, TOO_MANY_ATTEMPTS } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Sign in – Partnership Portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return null;
}

const WRONG_DETAILS = "The email address or password is not right. Check them and try again.";

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: SignInSchema });
  if (!(await takeAttempt(`sign-in:${context.clientAddress}`, getEnv().AUTH_RATE_LIMIT_PER_MINUTE))) {
    return data(submission.reply({ formErrors: [TOO_MANY_ATTEMPTS], hideFields: ["password"] }), {
      status: 429,
    });
  }
  if (submission.status !== "success") {
    return data(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const userId = await verifyLogin(submission.value.email, submission.value.password);
  if (!userId) {
    // NOTE: the same message whether or not the email has an account.
    return data(submission.reply({ formErrors: [WRONG_DETAILS], hideFields: ["password"] }), { status: 400 });
  }
  await promoteConfiguredAdmin(userId, getEnv().ADMIN_EMAIL);
  const cookie = await createSessionCookie(userId, request.headers.get("User-Agent"));
  return redirect(safeRedirectPath(submission.value.redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function SignIn() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useSchemaForm(SignInSchema, {
    id: "sign-in",
    lastResult,
    defaultValue: { redirectTo: searchParams.get("redirectTo") ?? "" },
  });

  return (
    <div className="max-w-xl">
      <PageHeading>Sign in</PageHeading>
      {searchParams.get("signedOut") ? (
        <p role="status" className="mb-6 border-l-4 border-green-700 bg-white p-4 text-lg">
          You have signed out.
        </p>
      ) : null}
      <ErrorSummary form={form} fields={fields} />
      <Form method="post" {...getFormProps(form)} className="space-y-6">
        <input {...getInputProps(fields.redirectTo, { type: "hidden" })} key={fields.redirectTo.key} />
        <TextField meta={fields.email} label="Email address" type="email" autoComplete="email" />
        <TextField meta={fields.password} label="Password" type="password" autoComplete="current-password" />
        <SubmitButton pending={navigation.state !== "idle"}>Sign in</SubmitButton>
      </Form>
      <p className="mt-8 text-lg">
        New to the portal?{" "}
        <Link
          to={searchParams.get("redirectTo") ? `/sign-up?${new URLSearchParams({ redirectTo: searchParams.get("redirectTo")! })}` : "/sign-up"}
          className="text-brand-700 underline"
        >
          Create an account
        </Link>
      </p>
    </div>
  );
}
