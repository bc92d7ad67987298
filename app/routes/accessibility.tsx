import type { MetaFunction } from "@remix-run/node";
import { PageHeading } from "~/components/ui/page-heading";

export const meta: MetaFunction = () => [{ title: "Accessibility statement – Partnership Portal" }];

export default function Accessibility() {
  return (
    <article className="max-w-3xl space-y-4 text-lg">
      <PageHeading>Accessibility statement</PageHeading>
      <p>
        Partnership Portal is used by staff of many agencies, on many devices. We want as many people as possible to be able to use it. You should be
        able to:
      </p>
      <ul className="list-disc space-y-1 pl-6">
        <li>zoom in up to 400% without text spilling off the screen;</li>
        <li>move through every page and form using just a keyboard;</li>
        <li>use the portal with a screen reader (we test with the axe accessibility engine);</li>
        <li>read every page in plain English.</li>
      </ul>
      <h2 className="pt-4 text-2xl font-bold">How accessible the portal is</h2>
      <p>
        We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. Every page is checked automatically with axe in our
        browser tests before a change is released, and we test keyboard use by hand.
      </p>
      <h2 className="pt-4 text-2xl font-bold">Known problems</h2>
      <p>Charts show their figures in a table as well. If you find something that does not work for you, tell us.</p>
      <h2 className="pt-4 text-2xl font-bold">Reporting problems</h2>
      <p>
        Contact your portal administrator (usually in your local authority&apos;s partnership or digital team). Say which page, what you were trying
        to do and what assistive technology you use.
      </p>
      <h2 className="pt-4 text-2xl font-bold">Enforcement procedure</h2>
      <p>
        The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No.
        2) Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support
        Service (EASS).
      </p>
    </article>
  );
}
