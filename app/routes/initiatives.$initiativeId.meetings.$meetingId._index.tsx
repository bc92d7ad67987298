import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "~/components/ui/link";
import { z } from "zod";
import { ChoiceField, ErrorSummary, SelectField, SubmitButton, TextareaField, TextField, useSchemaForm } from "~/components/forms";
import { ActionOwner, ActionTable } from "~/components/meetings/action-table";
import { AgendaList } from "~/components/meetings/agenda-list";
import { ProblemNotice, SuccessNotice } from "~/components/ui/notice";
import { Cell, ColumnHeader, RowHeader, Table, TableHead, TableRow } from "~/components/ui/table";
import {
  addAction,
  addAgendaItem,
  addDecision,
  approveMinutes,
  moveAgendaItem,
  recordAttendance,
  removeAgendaItem,
  reorderAgenda,
  respondToMeeting,
  saveMinutes,
  setActionStatus,
} from "~/modules/meetings/commands.server";
import { getMeetingPage } from "~/modules/meetings/queries.server";
import {
  ActionSchema,
  AGENDA_ITEM_TYPES,
  AgendaItemSchema,
  DecisionSchema,
  MEETING_TYPES,
  MinutesSchema,
  OBSERVERS_DO_NOT_REPLY,
  RSVP_RESPONSES,
} from "~/modules/meetings/schema";
import { formatCalendarDate, formatDate, formatDateTime } from "~/utils/dates";
import { can } from "~/utils/policy";
import { notFound, requireAllowed, requireInitiativeAccess } from "~/utils/policy.server";
import { refusalErrors } from "~/utils/refusal";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.meeting.title} – Partnership Portal` : "Page not found – Partnership Portal" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const page = await getMeetingPage(access.initiativeId, params.meetingId ?? "", access.user.id);
  if (!page) notFound();
  return { ...page, me: { id: access.user.id, role: access.membership.role }, initiativeId: access.initiativeId };
}

const SmallIntents = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("rsvp"), response: z.enum(["attending", "apologies", "tentative"], { error: "Choose your reply" }) }),
  z.object({ intent: z.literal("agenda-move"), itemId: z.string().max(40), direction: z.enum(["up", "down"]) }),
  z.object({ intent: z.literal("agenda-reorder"), order: z.string().max(5000) }),
  z.object({ intent: z.literal("agenda-remove"), itemId: z.string().max(40) }),
  z.object({ intent: z.literal("attendance"), present: z.array(z.string().max(40)).max(1000).default([]) }),
  z.object({ intent: z.literal("minutes-approve"), earlierMeetingId: z.string().max(40) }),
  z.object({ intent: z.literal("action-status"), actionId: z.string().max(40), status: z.enum(["open", "done", "dropped"]) }),
]);

type Outcome = { intent: string; ok: boolean; message: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireInitiativeAccess(request, params.initiativeId);
  const meetingId = params.meetingId ?? "";
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");

  // The forms with fields of their own answer with Conform's reply, next to their fields.
  const withFields = {
    "agenda-add": AgendaItemSchema,
    "decision-add": DecisionSchema,
    "action-add": ActionSchema,
    "minutes-save": MinutesSchema,
  } as const;
  if (intent in withFields) {
    await requireAllowed(request, access, "edit_records");
    const schema = withFields[intent as keyof typeof withFields];
    const submission = parseWithZod(formData, { schema });
    if (submission.status !== "success") return data({ intent, reply: submission.reply(), outcome: null }, { status: 400 });
    const value = submission.value;
    const result =
      "type" in value
        ? await addAgendaItem(access, meetingId, value)
        : "text" in value
          ? await addDecision(access, meetingId, value.text)
          : "dueDate" in value
            ? await addAction(access, meetingId, value)
            : await saveMinutes(access, meetingId, value.minutes);
    if (!result.ok) {
      return data({ intent, reply: submission.reply(refusalErrors(result)), outcome: null }, { status: 400 });
    }
    const messages: Record<string, string> = {
      "agenda-add": "Agenda item added",
      "decision-add": "Decision recorded",
      "action-add": "Action added",
      "minutes-save": "Draft minutes saved",
    };
    return {
      intent,
      reply: submission.reply({ resetForm: intent !== "minutes-save" }),
      outcome: { intent, ok: true, message: messages[intent]! } as Outcome,
    };
  }

  const parsed = SmallIntents.safeParse({ ...Object.fromEntries(formData), present: formData.getAll("present") });
  if (!parsed.success) {
    return data(
      { intent, reply: null, outcome: { intent, ok: false, message: "That request was not understood. Reload the page and try again." } as Outcome },
      { status: 400 },
    );
  }
  const input = parsed.data;
  let result: { ok: true } | { ok: false; message: string };
  let message = "";
  switch (input.intent) {
    case "rsvp":
      result = await respondToMeeting(access, meetingId, input.response);
      message = `Thank you: your reply is “${RSVP_RESPONSES.find((r) => r.key === input.response)!.label}”.`;
      break;
    case "agenda-move":
      await requireAllowed(request, access, "edit_records");
      result = await moveAgendaItem(access, meetingId, input.itemId, input.direction);
      message = "Agenda reordered";
      break;
    case "agenda-reorder":
      await requireAllowed(request, access, "edit_records");
      result = await reorderAgenda(access, meetingId, input.order.split(",").filter(Boolean));
      message = "Agenda reordered";
      break;
    case "agenda-remove":
      await requireAllowed(request, access, "edit_records");
      result = await removeAgendaItem(access, meetingId, input.itemId);
      message = "Agenda item removed";
      break;
    case "attendance":
      await requireAllowed(request, access, "edit_records");
      result = await recordAttendance(access, meetingId, input.present);
      message = "Attendance saved";
      break;
    case "minutes-approve":
      await requireAllowed(request, access, "edit_records");
      result = await approveMinutes(access, input.earlierMeetingId, meetingId);
      message = "The previous meeting's minutes are approved and locked";
      break;
    case "action-status":
      result = await setActionStatus(access, input.actionId, input.status);
      message = `Action marked ${input.status}`;
      break;
  }
  const outcome: Outcome = result.ok ? { intent, ok: true, message } : { intent, ok: false, message: result.message };
  return data({ intent, reply: null, outcome }, { status: result.ok ? 200 : 400 });
}

const typeLabel = (type: string) => MEETING_TYPES.find((t) => t.key === type)?.label ?? type;

export default function MeetingPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { meeting, me } = page;
  const canEdit = can(me.role, "edit_records");
  const outcome = result?.outcome;
  const banner = searchParams.get("scheduled")
    ? `Meeting scheduled${Number(searchParams.get("scheduled")) > 1 ? `: ${searchParams.get("scheduled")} meetings in the series` : ""}`
    : searchParams.get("changed")
      ? `Changes saved${Number(searchParams.get("changed")) > 1 ? ` to ${searchParams.get("changed")} meetings` : ""}`
      : null;

  return (
    <div className="space-y-10">
      {outcome ? (
        outcome.ok ? (
          <SuccessNotice title={outcome.message} />
        ) : (
          <ProblemNotice title="That was not done">
            <p>{outcome.message}</p>
          </ProblemNotice>
        )
      ) : banner ? (
        <SuccessNotice title={banner} />
      ) : null}

      <section aria-labelledby="meeting-heading" className="space-y-3">
        <p className="text-slate-600">
          <Link to=".." relative="path" className="text-brand-700 underline">
            Meetings
          </Link>{" "}
          › {typeLabel(meeting.type)}
          {meeting.recurrence ? ` · ${meeting.recurrence}` : ""}
        </p>
        <h2 id="meeting-heading" className="text-3xl font-bold">
          {meeting.title}
        </h2>
        {meeting.status === "cancelled" ? (
          <div role="status" className="border-l-4 border-slate-700 bg-slate-100 p-4 text-lg">
            <p className="font-bold">This meeting was cancelled.</p>
            {meeting.cancelledReason ? <p>Reason: {meeting.cancelledReason}</p> : null}
          </div>
        ) : null}
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[10rem_1fr]">
          <dt className="font-bold">When</dt>
          <dd>
            {formatDateTime(meeting.startsAt)} to {meeting.london.endTime} (UK time)
          </dd>
          <dt className="font-bold">Where</dt>
          <dd>
            {meeting.location ?? "No place set"}
            {meeting.onlineLink ? (
              <>
                {" · "}
                <a href={meeting.onlineLink} className="text-brand-700 underline" rel="noreferrer">
                  Join online
                </a>
              </>
            ) : null}
          </dd>
          {meeting.rsvpDeadline ? (
            <>
              <dt className="font-bold">Reply by</dt>
              <dd>{formatDateTime(meeting.rsvpDeadline)}</dd>
            </>
          ) : null}
          <dt className="font-bold">Quorum</dt>
          <dd>{meeting.quorumRule === "count" ? `${meeting.quorumCount} people` : "Every agency represented"}</dd>
        </dl>
        <div className="no-print flex flex-wrap gap-4">
          <a href={`/initiatives/${page.initiativeId}/meetings/${meeting.id}.ics`} className="text-brand-700 underline" download>
            Add to your calendar (.ics)
          </a>
          {canEdit && meeting.status === "scheduled" ? (
            <>
              <Link to="edit" className="text-brand-700 underline">
                Change the meeting
              </Link>
              <Link to="cancel" className="text-red-700 underline">
                Cancel the meeting
              </Link>
            </>
          ) : null}
        </div>
      </section>

      {meeting.status === "scheduled" && !page.started ? <Rsvp /> : null}

      <section aria-labelledby="agenda-heading" className="space-y-4">
        <h3 id="agenda-heading" className="text-2xl font-bold">
          Agenda
        </h3>
        {meeting.agendaItems.length === 0 ? (
          <p className="text-lg">No agenda items yet.{canEdit ? " Add the first below." : ""}</p>
        ) : (
          <AgendaList items={meeting.agendaItems} canEdit={canEdit} />
        )}
        <CarriedActions />
        {canEdit ? <AddAgendaItem /> : null}
      </section>

      <Attendance />
      {page.previousDraft && canEdit ? <ApprovePreviousMinutes /> : null}
      <Minutes />
      <Decisions />
      <Actions />
    </div>
  );
}

function useMeetingPage() {
  return useLoaderData<typeof loader>();
}

function useReply(intent: string) {
  const result = useActionData<typeof action>();
  return result?.intent === intent && result.reply ? result.reply : undefined;
}

function Rsvp() {
  const { rsvpOpen, myResponse, members, meeting, me } = useMeetingPage();
  const counts = RSVP_RESPONSES.map((r) => ({ ...r, count: members.filter((m) => m.response === r.key).length }));
  const noReply = members.filter((m) => m.mayReply && m.response === null).length;
  const mayReply = can(me.role, "respond_to_meetings");
  return (
    <section aria-labelledby="rsvp-heading" className="space-y-3 border border-slate-300 bg-white p-5">
      <h3 id="rsvp-heading" className="text-2xl font-bold">
        {mayReply ? "Are you coming?" : "Replies"}
      </h3>
      {!mayReply ? (
        <p>{OBSERVERS_DO_NOT_REPLY}</p>
      ) : rsvpOpen ? (
        <Form method="post" className="flex flex-wrap items-end gap-4">
          <input type="hidden" name="intent" value="rsvp" />
          <fieldset>
            <legend className="mb-1 font-bold">
              Your reply{myResponse ? ` (now: ${RSVP_RESPONSES.find((r) => r.key === myResponse)?.label})` : ""}
            </legend>
            <div className="flex flex-wrap gap-4">
              {RSVP_RESPONSES.map((r) => (
                <label key={r.key} className="flex items-center gap-2">
                  <input type="radio" name="response" value={r.key} defaultChecked={myResponse === r.key} className="size-5 accent-brand-700" />
                  {r.label}
                </label>
              ))}
            </div>
          </fieldset>
          <button type="submit" className="bg-green-700 px-4 py-2 font-bold text-white hover:bg-green-800">
            Send reply
          </button>
        </Form>
      ) : (
        <p>{meeting.rsvpDeadline ? "Replies have closed." : "Replies are closed."} Tell the lead directly if your plans have changed.</p>
      )}
      <p className="text-slate-700">
        {counts.map((c) => `${c.count} ${c.label.toLowerCase()}`).join(" · ")} · {noReply} not replied
      </p>
    </section>
  );
}

function CarriedActions() {
  const { carried } = useMeetingPage();
  if (carried.length === 0) return null;
  return (
    <div className="border-l-4 border-amber-600 bg-white p-4">
      <h4 className="font-bold">Open actions carried forward from earlier meetings</h4>
      <ul className="mt-2 space-y-1">
        {carried.map((a) => (
          <li key={a.id}>
            {a.title} – <ActionOwner action={a} />, due {formatCalendarDate(a.dueDate)}
            {a.meeting ? (
              <span className="text-slate-600">
                {" "}
                · from {a.meeting.title}, {formatDate(a.meeting.startsAt)}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function AddAgendaItem() {
  const { members } = useMeetingPage();
  const [form, fields] = useSchemaForm(AgendaItemSchema, {
    id: "agenda-add",
    lastResult: useReply("agenda-add"),
    defaultValue: { type: "discussion" },
  });
  return (
    <details className="border border-slate-300 bg-white p-4" open={Boolean(form.status === "error")}>
      <summary className="cursor-pointer text-lg font-bold text-brand-700 underline">Add an agenda item</summary>
      <div className="mt-4">
        <ErrorSummary form={form} fields={fields} />
        <Form method="post" {...getFormProps(form)} className="space-y-6">
          <input type="hidden" name="intent" value="agenda-add" />
          <TextField meta={fields.title} label="Item" />
          <ChoiceField meta={fields.type} legend="Type" type="radio" options={AGENDA_ITEM_TYPES.map((t) => ({ value: t.key, label: t.label }))} />
          <SelectField
            meta={fields.ownerId}
            label="Led by (optional)"
            placeholder="Nobody in particular"
            options={members.map((m) => ({ value: m.id, label: m.label }))}
          />
          <TextField meta={fields.minutesAllowed} label="Minutes allowed (optional)" type="number" width="sm:w-32" />
          <TextareaField meta={fields.notes} label="Notes (optional)" rows={3} />
          <SubmitButton>Add to agenda</SubmitButton>
        </Form>
      </div>
    </details>
  );
}

function Attendance() {
  const { started, members, attendanceRecorded, quorum, attendanceByAgency, me, meeting } = useMeetingPage();
  const canEdit = can(me.role, "edit_records");
  if (meeting.status === "cancelled") return null;
  return (
    <section aria-labelledby="attendance-heading" className="space-y-4">
      <h3 id="attendance-heading" className="text-2xl font-bold">
        Attendance
      </h3>
      {!started ? (
        <p className="text-lg">Attendance is recorded once the meeting has started.</p>
      ) : (
        <>
          {attendanceRecorded ? (
            <div role="status" className={`border-l-4 bg-white p-4 text-lg ${quorum.met ? "border-green-700" : "border-amber-600"}`}>
              <p className="font-bold">
                {quorum.met ? "" : "⚠ "}
                {quorum.message}
              </p>
            </div>
          ) : (
            <p className="text-lg">{canEdit ? "Tick who attended, then save." : "Attendance has not been recorded yet."}</p>
          )}
          {attendanceRecorded ? (
            <Table caption="People present, by agency" width="fit">
              <TableHead>
                <ColumnHeader>Agency</ColumnHeader>
                <ColumnHeader numeric>Present</ColumnHeader>
              </TableHead>
              <tbody>
                {attendanceByAgency.map((a) => (
                  <TableRow key={a.id}>
                    <RowHeader>{a.name}</RowHeader>
                    <Cell numeric className={a.count === 0 ? "font-bold text-amber-900" : ""}>
                      {a.count}
                    </Cell>
                  </TableRow>
                ))}
              </tbody>
            </Table>
          ) : null}
          {canEdit ? (
            <Form method="post" className="space-y-3">
              <input type="hidden" name="intent" value="attendance" />
              <fieldset>
                <legend className="mb-2 font-bold">Who attended</legend>
                <ul className="grid gap-2 sm:grid-cols-2">
                  {members.map((m) => (
                    <li key={m.id} className="flex items-center gap-2">
                      <input
                        id={`present-${m.id}`}
                        type="checkbox"
                        name="present"
                        value={m.id}
                        defaultChecked={m.present ?? m.response === "attending"}
                        className="size-5 accent-brand-700"
                      />
                      <label htmlFor={`present-${m.id}`}>
                        {m.name}{" "}
                        <span className="text-slate-600">
                          ({m.agency}
                          {m.detail ? `, ${m.detail}` : ""}
                          {m.response === "apologies" ? ", sent apologies" : ""})
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              </fieldset>
              <button type="submit" className="bg-slate-700 px-4 py-2 font-bold text-white hover:bg-slate-800">
                Save attendance
              </button>
            </Form>
          ) : null}
        </>
      )}
    </section>
  );
}

function ApprovePreviousMinutes() {
  const { previousDraft } = useMeetingPage();
  if (!previousDraft) return null;
  return (
    <section aria-labelledby="previous-minutes-heading" className="space-y-3 border-l-4 border-brand-600 bg-white p-5">
      <h3 id="previous-minutes-heading" className="text-xl font-bold">
        Minutes of the previous meeting ({previousDraft.title}, {formatDate(previousDraft.startsAt)}) for approval
      </h3>
      <div
        role="region"
        className="max-h-64 overflow-y-auto whitespace-pre-line border border-slate-300 p-3"
        tabIndex={0}
        aria-label="Draft minutes of the previous meeting"
      >
        {previousDraft.minutes}
      </div>
      <Form method="post">
        <input type="hidden" name="intent" value="minutes-approve" />
        <input type="hidden" name="earlierMeetingId" value={previousDraft.id} />
        <button type="submit" className="bg-green-700 px-4 py-2 font-bold text-white hover:bg-green-800">
          Approve these minutes (they will be locked)
        </button>
      </Form>
    </section>
  );
}

function Minutes() {
  const { meeting, me } = useMeetingPage();
  const canEdit = can(me.role, "edit_records") && meeting.minutesStatus !== "approved";
  const [form, fields] = useSchemaForm(MinutesSchema, {
    id: "minutes-save",
    lastResult: useReply("minutes-save"),
    defaultValue: { minutes: meeting.minutes ?? "" },
  });
  return (
    <section aria-labelledby="minutes-heading" className="space-y-3">
      <h3 id="minutes-heading" className="text-2xl font-bold">
        Minutes
      </h3>
      {meeting.minutesStatus === "approved" ? (
        <p className="font-bold text-green-800">Approved on {formatDate(meeting.minutesApprovedAt!)} at a later meeting, and locked.</p>
      ) : meeting.minutesStatus === "draft" ? (
        <p className="font-bold text-amber-900">Draft: to be approved at the next meeting.</p>
      ) : null}
      {canEdit ? (
        <>
          <ErrorSummary form={form} fields={fields} />
          <Form method="post" {...getFormProps(form)} className="space-y-3">
            <input type="hidden" name="intent" value="minutes-save" />
            <TextareaField
              meta={fields.minutes}
              label="Draft minutes"
              hint="Record discussion briefly; put decisions and actions in their own sections below so nothing is buried."
              rows={10}
            />
            <SubmitButton>Save draft minutes</SubmitButton>
          </Form>
        </>
      ) : meeting.minutes ? (
        <div className="whitespace-pre-line border border-slate-300 bg-white p-4">{meeting.minutes}</div>
      ) : (
        <p className="text-lg">No minutes yet.</p>
      )}
    </section>
  );
}

function Decisions() {
  const { meeting, me } = useMeetingPage();
  const canEdit = can(me.role, "edit_records");
  const [form, fields] = useSchemaForm(DecisionSchema, {
    id: "decision-add",
    lastResult: useReply("decision-add"),
  });
  return (
    <section aria-labelledby="decisions-heading" className="space-y-3">
      <h3 id="decisions-heading" className="text-2xl font-bold">
        Decisions
      </h3>
      {meeting.decisions.length === 0 ? (
        <p className="text-lg">No decisions recorded at this meeting.</p>
      ) : (
        <ol className="list-decimal space-y-1 pl-6 text-lg">
          {meeting.decisions.map((d) => (
            <li key={d.id}>{d.text}</li>
          ))}
        </ol>
      )}
      {canEdit ? (
        <>
          <ErrorSummary form={form} fields={fields} />
          <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-3">
            <input type="hidden" name="intent" value="decision-add" />
            <div className="min-w-72 flex-1">
              <TextField meta={fields.text} label="Record a decision" />
            </div>
            <SubmitButton>Record decision</SubmitButton>
          </Form>
        </>
      ) : null}
    </section>
  );
}

function Actions() {
  const { meeting, me, members } = useMeetingPage();
  const canEdit = can(me.role, "edit_records");
  const [form, fields] = useSchemaForm(ActionSchema, {
    id: "action-add",
    lastResult: useReply("action-add"),
  });
  return (
    <section aria-labelledby="actions-heading" className="space-y-3">
      <h3 id="actions-heading" className="text-2xl font-bold">
        Actions from this meeting
      </h3>
      {meeting.actionItems.length === 0 ? (
        <p className="text-lg">No actions from this meeting.</p>
      ) : (
        <ActionTable actions={meeting.actionItems} meId={me.id} canEdit={canEdit} />
      )}
      {canEdit ? (
        <details className="border border-slate-300 bg-white p-4" open={form.status === "error"}>
          <summary className="cursor-pointer text-lg font-bold text-brand-700 underline">Add an action</summary>
          <div className="mt-4">
            <ErrorSummary form={form} fields={fields} />
            <Form method="post" {...getFormProps(form)} className="space-y-6">
              <input type="hidden" name="intent" value="action-add" />
              <TextField meta={fields.title} label="Action" hint="What will be done, in a few words." />
              <SelectField
                meta={fields.ownerId}
                label="Who will do it"
                placeholder="Choose a member"
                options={members.map((m) => ({ value: m.id, label: m.label }))}
              />
              <TextField meta={fields.dueDate} label="Due by" type="date" width="sm:w-60" />
              <SubmitButton>Add action</SubmitButton>
            </Form>
          </div>
        </details>
      ) : null}
    </section>
  );
}
