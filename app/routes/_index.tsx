import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "~/components/ui/link";
import { getSessionUser } from "~/utils/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/initiatives");
  return null;
}

export default function Index() {
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-4xl font-bold tracking-tight">Run your multi-agency partnership in one place</h1>
      <p className="text-xl">
        Partnership Portal is for health, social services and education staff, and partners such as police, housing and the voluntary sector, who work
        together for children and families.
      </p>
      <ul className="list-disc space-y-2 pl-6 text-lg">
        <li>Record who does what, from which agency.</li>
        <li>Schedule and run strategic planning meetings, with decisions and actions.</li>
        <li>Keep track of joint funding: who puts in what, and how long it lasts.</li>
        <li>Share updates with everyone in the partnership as they happen.</li>
        <li>Check how your partnership is doing against the factors that research found make multi-agency work succeed.</li>
      </ul>
      <div className="flex flex-wrap gap-4">
        <Link to="/sign-up" className="bg-green-700 px-5 py-2.5 text-lg font-bold text-white shadow-[0_2px_0_#002d18] hover:bg-green-800">
          Create an account
        </Link>
        <Link to="/sign-in" className="px-2 py-2.5 text-lg text-brand-700 underline">
          Sign in
        </Link>
      </div>
    </div>
  );
}
