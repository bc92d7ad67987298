import { createHash } from "node:crypto";
import { keptUntilChanged } from "~/utils/data-version.server";
import { prisma } from "~/utils/db.server";
import { initiativePeople, initiativeRoster } from "~/modules/initiatives/roster.server";
import { can } from "~/utils/policy";
import { monthlyCadence } from "./cadence";
import { londonToUtc, utcToLondon } from "~/utils/london-time";
import { attendanceByAgency, quorumStatus, type QuorumRule } from "./quorum";
import { describeRule, parseRule } from "./recurrence";
import { MEETING_TYPES } from "./schema";

/**
 * Strategic planning meetings of one initiative, read: the list, a meeting's page (agenda, RSVP,
 * attendance and quorum, minutes, decisions and actions), actions across initiatives, and the
 * dashboard's counts. Every query is scoped by the initiative of the caller's checked access.
 */

export function typeLabel(type: string) {
  return MEETING_TYPES.find((t) => t.key === type)?.label ?? type;
}

/** The reply-by instant: the end of that London day, or the meeting's start if that is sooner. */
export function rsvpDeadlineFor(dateText: string | undefined, startsAt: Date): Date | null {
  if (!dateText) return null;
  const endOfDay = londonToUtc(dateText, "23:59");
  if (!endOfDay.ok) return null;
  return endOfDay.instant < startsAt ? endOfDay.instant : startsAt;
}

function quorumOf(meeting: { quorumRule: string; quorumCount: number | null }): QuorumRule {
  return meeting.quorumRule === "count" ? { rule: "count", count: meeting.quorumCount ?? 1 } : { rule: "every_agency" };
}

const meetingSelect = {
  id: true,
  seriesId: true,
  title: true,
  type: true,
  startsAt: true,
  endsAt: true,
  location: true,
  onlineLink: true,
  rsvpDeadline: true,
  quorumRule: true,
  quorumCount: true,
  status: true,
  cancelledReason: true,
  minutes: true,
  minutesStatus: true,
  minutesApprovedAt: true,
  minutesApprovedAtMeetingId: true,
  updatedAt: true,
  series: { select: { rule: true } },
} as const;

/** The meetings page: upcoming and past, and the cadence of the last 12 months. */
export async function listMeetings(initiativeId: string, now = new Date()) {
  const [meetings, { agencies }] = await Promise.all([
    prisma.meeting.findMany({
      where: { initiativeId },
      select: { ...meetingSelect, attendances: { where: { present: true }, select: { agencyId: true } }, _count: { select: { agendaItems: true } } },
      orderBy: { startsAt: "asc" },
    }),
    initiativeRoster(initiativeId),
  ]);
  const agencyCount = agencies.length;
  const rows = meetings.map(({ attendances, _count, series, ...meeting }) => ({
    ...meeting,
    recurrence: series ? describeRule(parseRule(series.rule) ?? { kind: "every_n_weeks", weeks: 1 }) : null,
    agendaItems: _count.agendaItems,
    agenciesPresent: new Set(attendances.map((a) => a.agencyId)).size,
    agenciesTotal: agencyCount,
    attendanceRecorded: attendances.length > 0,
  }));
  return {
    upcoming: rows.filter((m) => m.endsAt >= now),
    past: rows.filter((m) => m.endsAt < now).reverse(),
    cadence: monthlyCadence(rows, now),
  };
}

/** Open actions from earlier meetings (or none), carried onto this meeting's agenda until done. */
async function carriedActions(initiativeId: string, meeting: { id: string; startsAt: Date }) {
  return prisma.actionItem.findMany({
    where: {
      initiativeId,
      status: "open",
      createdAt: { lt: meeting.startsAt },
      OR: [{ meetingId: null }, { meetingId: { not: meeting.id }, meeting: { startsAt: { lt: meeting.startsAt } } }],
    },
    select: actionSelect,
    orderBy: { dueDate: "asc" },
  });
}

const actionSelect = {
  id: true,
  title: true,
  dueDate: true,
  status: true,
  ownerId: true,
  meetingId: true,
  owner: { select: { name: true } },
  agency: { select: { name: true } },
  meeting: { select: { id: true, title: true, startsAt: true } },
} as const;

/** Everything the meeting page shows. */
export async function getMeetingPage(initiativeId: string, meetingId: string, viewerId: string, now = new Date()) {
  const meeting = await prisma.meeting.findFirst({
    where: { id: meetingId, initiativeId },
    select: {
      ...meetingSelect,
      agendaItems: {
        select: {
          id: true,
          position: true,
          title: true,
          type: true,
          minutesAllowed: true,
          notes: true,
          ownerId: true,
          owner: { select: { name: true } },
        },
        orderBy: { position: "asc" },
      },
      responses: { select: { userId: true, response: true, respondedAt: true } },
      attendances: { select: { userId: true, agencyId: true, present: true } },
      decisions: { select: { id: true, text: true, decidedAt: true }, orderBy: { decidedAt: "asc" } },
      actionItems: { select: actionSelect, orderBy: { dueDate: "asc" } },
    },
  });
  if (!meeting) return null;
  const [{ members, agencies }, people, carried, previousDraft] = await Promise.all([
    initiativeRoster(initiativeId),
    initiativePeople(initiativeId),
    carriedActions(initiativeId, meeting),
    prisma.meeting.findFirst({
      where: { initiativeId, minutesStatus: "draft", startsAt: { lt: meeting.startsAt } },
      select: { id: true, title: true, startsAt: true, minutes: true },
      orderBy: { startsAt: "desc" },
    }),
  ]);
  const agencyList = agencies.map(({ id, name }) => ({ id, name }));
  const present = meeting.attendances.filter((a) => a.present);
  const started = meeting.startsAt <= now;
  // By person, once: a meeting may have a thousand members, each looked up in each list.
  const personOf = new Map(people.map((p) => [p.id, p]));
  const responseOf = new Map(meeting.responses.map((r) => [r.userId, r.response]));
  const attendanceOf = new Map(meeting.attendances.map((a) => [a.userId, a.present]));
  return {
    meeting: {
      ...meeting,
      recurrence: meeting.series ? describeRule(parseRule(meeting.series.rule) ?? { kind: "every_n_weeks", weeks: 1 }) : null,
      london: { ...utcToLondon(meeting.startsAt), endTime: utcToLondon(meeting.endsAt).time },
    },
    started,
    rsvpOpen: meeting.status === "scheduled" && !started && (meeting.rsvpDeadline === null || now <= meeting.rsvpDeadline),
    myResponse: responseOf.get(viewerId) ?? null,
    // By agency, then by name (the roster is by name, and the sort keeps that order within an agency).
    members: [...members]
      .sort((a, b) => a.agencyName.localeCompare(b.agencyName, "en-GB"))
      .map((m) => ({
        id: m.userId,
        name: m.name,
        agencyId: m.agencyId,
        agency: m.agencyName,
        // As every page names them: with their agency, and job title (or email) beside a namesake (names.ts).
        label: personOf.get(m.userId)?.label ?? m.name,
        detail: personOf.get(m.userId)?.detail ?? null,
        response: responseOf.get(m.userId) ?? null,
        // Observers follow meetings without replying: they are not counted as "not replied".
        mayReply: can(m.role, "respond_to_meetings"),
        present: attendanceOf.get(m.userId) ?? null,
      })),
    agencies: agencyList,
    attendanceRecorded: meeting.attendances.length > 0,
    quorum: quorumStatus(quorumOf(meeting), present, agencyList),
    attendanceByAgency: attendanceByAgency(present, agencyList),
    carried,
    previousDraft: previousDraft && started ? previousDraft : null,
  };
}

/** The initiative's actions and decisions, open actions first by due date. */
export async function listActionsAndDecisions(initiativeId: string) {
  const [actions, decisions] = await Promise.all([
    prisma.actionItem.findMany({ where: { initiativeId }, select: actionSelect, orderBy: [{ status: "desc" }, { dueDate: "asc" }] }),
    prisma.decision.findMany({
      where: { initiativeId },
      select: { id: true, text: true, decidedAt: true, meeting: { select: { id: true, title: true } } },
      orderBy: { decidedAt: "desc" },
    }),
  ]);
  return { actions: sortActions(actions, new Date()), decisions };
}

/** Open and overdue first (most overdue first), then open by due date, then closed ones. */
function sortActions<A extends { status: string; dueDate: Date }>(actions: A[], today: Date): A[] {
  const rank = (a: A) => (a.status !== "open" ? 2 : a.dueDate < today ? 0 : 1);
  return [...actions].sort((a, b) => rank(a) - rank(b) || a.dueDate.getTime() - b.dueDate.getTime());
}

/** "My actions": a person's actions across every initiative they belong to, overdue first. */
export async function myActions(userId: string, now = new Date()) {
  const actions = await prisma.actionItem.findMany({
    where: { ownerId: userId, initiative: { memberships: { some: { userId } } } },
    select: { ...actionSelect, initiative: { select: { id: true, name: true } } },
  });
  return sortActions(actions, now);
}

// Calendar feeds ---------------------------------------------------------------------------

export function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export async function hasCalendarFeed(userId: string) {
  return (await prisma.calendarToken.count({ where: { userId, revokedAt: null } })) > 0;
}

/** Meeting counts for the dashboard and the self-assessment's evidence. */
export async function getMeetingsSummary(initiativeId: string, now = new Date()) {
  // Only what the overview shows: not the meetings' series, minutes or agendas the meetings page reads.
  // The rows are kept while the initiative's records are unchanged (decision 016); what depends on the time is worked out here.
  const [{ meetings, openActions }, { agencies }] = await Promise.all([
    keptUntilChanged(
      `records:${initiativeId}`,
      ["meetings summary", initiativeId],
      async () => {
        const [meetings, openActions] = await Promise.all([
          prisma.meeting.findMany({
            where: { initiativeId },
            select: {
              id: true,
              title: true,
              startsAt: true,
              endsAt: true,
              status: true,
              attendances: { where: { present: true }, select: { agencyId: true } },
            },
            orderBy: { startsAt: "asc" },
          }),
          prisma.actionItem.findMany({ where: { initiativeId, status: "open" }, select: { dueDate: true } }),
        ]);
        return { meetings, openActions };
      },
      now,
    ),
    initiativeRoster(initiativeId),
  ]);
  const rows = meetings.map(({ attendances, ...meeting }) => ({
    ...meeting,
    agenciesPresent: new Set(attendances.map((a) => a.agencyId)).size,
    agenciesTotal: agencies.length,
  }));
  const next = rows.find((m) => m.endsAt >= now && m.status === "scheduled") ?? null;
  const cadence = monthlyCadence(rows, now);
  return {
    next: next && { id: next.id, title: next.title, startsAt: next.startsAt },
    heldLastYear: cadence.reduce((sum, month) => sum + month.held, 0),
    withEveryAgency: cadence.reduce((sum, month) => sum + month.withEveryAgency, 0),
    pastCount: rows.filter((m) => m.endsAt < now).length,
    openActions: openActions.length,
    overdueActions: openActions.filter((a) => a.dueDate !== null && a.dueDate < now).length,
  };
}
