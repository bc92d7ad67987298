import { Link } from "~/components/ui/link";
import { formatCalendarDate, formatDate } from "~/utils/dates";

/**
 * Who sees what of a self-assessment, and when (decision 010): the same words on the answer form,
 * the round's page and the list of rounds, so that nobody is told one thing here and another there.
 */
export function WhoSeesWhat() {
  return (
    <section aria-labelledby="who-sees-what" className="max-w-3xl space-y-2 border-l-4 border-brand-600 bg-white p-4">
      <h3 id="who-sees-what" className="text-xl font-bold">
        Who sees what, and when
      </h3>
      <ul className="list-disc space-y-2 pl-6 text-lg">
        <li>
          <strong>While the round is open, nobody sees any results, not even the lead.</strong> Everyone sees only how many members have answered in
          all.
        </li>
        <li>
          <strong>When the round closes, every member sees the results</strong>, observers too. An agency is shown on its own only where at least
          three of its members answered; smaller agencies are shown together as “Other agencies”. If fewer than three answered in all, no results are
          shown.
        </li>
        <li>
          <strong>Nobody ever sees anyone&apos;s own answers.</strong> The initiative&apos;s audit log records that you answered or changed your
          answers, and when, but nothing of what you said.
        </li>
        <li>
          Evidence and examples you write are shown with the results without your name. Do not name yourself, colleagues, or any child or family.
        </li>
        <li>Leads, coordinators and members answer. Observers do not: the ratings are those of the people doing the work.</li>
      </ul>
    </section>
  );
}

export type Reminder = { roundId: string; roundTitle: string; closesOn: Date | string; sentAt: Date | string; sentByName: string };

/** The lead's reminder to a member who has not answered yet: on the overview and the round's page until they submit. */
export function ReminderNotice({ reminder, initiativeId, draft }: { reminder: Reminder; initiativeId: string; draft: boolean }) {
  return (
    <div className="no-print border-l-4 border-amber-600 bg-white p-4 text-lg">
      <p className="font-bold">
        {reminder.sentByName} reminded you on {formatDate(new Date(reminder.sentAt))} to answer “{reminder.roundTitle}” by{" "}
        {formatCalendarDate(new Date(reminder.closesOn))}.
      </p>
      <p className="mt-1">
        <Link to={`/initiatives/${initiativeId}/assessment/${reminder.roundId}/respond`} className="text-brand-700 underline">
          {draft ? "Continue your draft" : "Answer the self-assessment"}
        </Link>
        . Nobody is ever shown your own answers.
      </p>
    </div>
  );
}
