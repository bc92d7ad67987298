/**
 * Demo meetings for `npm run seed:demo`: a year of strategic meetings every six weeks (attendance,
 * minutes, decisions, actions), and the next series ahead, all relative to today so the demo
 * always looks current. Everything goes through the meetings module, as the screens do.
 */
import type { InitiativeAccess } from "../app/utils/policy.server";

type Person = { id: string; name: string; agencyId: string };

const DAY = 86_400_000;
const isoDate = (date: Date) => date.toISOString().slice(0, 10);
/** The Tuesday on or after a date: strategic groups meet on weekdays. */
const nextTuesday = (date: Date) => new Date(date.getTime() + ((2 - date.getUTCDay() + 7) % 7) * DAY);

export type MeetingsDemo = {
  title: string;
  pastCount: number;
  /** Indexes of people who usually attend; the last of them misses every third meeting. */
  regulars: Person[];
  decisions: readonly string[];
  actions: Array<{ title: string; owner: Person; dueInDays: number; done?: boolean }>;
  agenda: Array<{ title: string; type: "information" | "discussion" | "decision"; minutes: number; owner?: Person }>;
  replies: Array<{ person: Person; response: "attending" | "apologies" | "tentative"; access: InitiativeAccess }>;
};

export async function seedMeetings(access: InitiativeAccess, demo: MeetingsDemo, today = new Date()) {
  const meetings = await import("../app/modules/meetings/commands.server");
  const { MeetingSchema } = await import("../app/modules/meetings/schema");
  const pastIds: string[] = [];
  for (let i = demo.pastCount; i >= 1; i--) {
    const date = nextTuesday(new Date(today.getTime() - i * 42 * DAY - 6 * DAY));
    const input = MeetingSchema.parse({
      title: demo.title,
      type: "strategic_planning",
      date: isoDate(date),
      startTime: "10:00",
      endTime: "12:00",
      location: "County Hall, Committee Room 2",
      quorumRule: "every_agency",
      recordingPast: "yes",
    });
    const created = await meetings.scheduleMeeting(access, input, today);
    if (!created.ok) throw new Error(`Could not record a past meeting: ${created.message}`);
    pastIds.push(created.meetingId);
    const present = demo.regulars.filter((person, index) => !(index === demo.regulars.length - 1 && i % 3 === 0));
    await meetings.recordAttendance(
      access,
      created.meetingId,
      present.map((p) => p.id),
      today,
    );
    await meetings.saveMinutes(
      access,
      created.meetingId,
      `Present: ${present.map((p) => p.name).join(", ")}.\n\nThe group reviewed progress against the plan and the waiting list. Papers are on the shared drive.`,
    );
    const previous = pastIds.at(-2);
    if (previous) await meetings.approveMinutes(access, previous, created.meetingId, today);
    const decision = demo.decisions[demo.pastCount - i];
    if (decision) await meetings.addDecision(access, created.meetingId, decision, date);
  }
  const lastPast = pastIds.at(-1)!;
  for (const action of demo.actions) {
    const added = await meetings.addAction(access, lastPast, {
      title: action.title,
      ownerId: action.owner.id,
      dueDate: isoDate(new Date(today.getTime() + action.dueInDays * DAY)),
    });
    if (!added.ok) throw new Error(`Could not add the action ${action.title}: ${added.message}`);
    if (action.done) await meetings.setActionStatus(access, added.actionId, "done", today);
  }
  const series = await meetings.scheduleMeeting(
    access,
    MeetingSchema.parse({
      title: demo.title,
      type: "strategic_planning",
      date: isoDate(nextTuesday(new Date(today.getTime() + 8 * DAY))),
      startTime: "10:00",
      endTime: "12:00",
      location: "County Hall, Committee Room 2",
      onlineLink: "https://teams.example.gov.uk/l/meetup-join/northshire-strategic-group",
      rsvpDeadlineDate: isoDate(nextTuesday(new Date(today.getTime() + 2 * DAY))),
      quorumRule: "every_agency",
      repeat: "every_n_weeks",
      everyWeeks: "6",
      occurrenceCount: "4",
    }),
    today,
  );
  if (!series.ok) throw new Error(`Could not schedule the series: ${series.message}`);
  for (const item of demo.agenda) {
    await meetings.addAgendaItem(access, series.meetingId, {
      title: item.title,
      type: item.type,
      minutesAllowed: item.minutes,
      ownerId: item.owner?.id,
    });
  }
  for (const reply of demo.replies) await meetings.respondToMeeting(reply.access, series.meetingId, reply.response, today);
}
