import { prisma } from "~/utils/db.server";
import { DAY_MS } from "~/utils/dates";
import { icsCalendar, type IcsEvent } from "./ics";
import { hashToken } from "./queries.server";

/** Meetings as calendar files (ICS): one meeting, or a person's private feed of every meeting of theirs. */

function toIcsEvent(
  meeting: {
    id: string;
    title: string;
    startsAt: Date;
    endsAt: Date;
    location: string | null;
    onlineLink: string | null;
    status: string;
    updatedAt: Date;
    initiative: { name: string };
  },
  baseUrl: string,
  initiativeId: string,
): IcsEvent {
  return {
    uid: meeting.id,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    title: `${meeting.title} (${meeting.initiative.name})`,
    description: meeting.onlineLink ? `Join online: ${meeting.onlineLink}` : undefined,
    location: meeting.location ?? meeting.onlineLink ?? undefined,
    url: `${baseUrl}/initiatives/${initiativeId}/meetings/${meeting.id}`,
    cancelled: meeting.status === "cancelled",
    updatedAt: meeting.updatedAt,
  };
}

const icsMeetingSelect = {
  id: true,
  initiativeId: true,
  title: true,
  startsAt: true,
  endsAt: true,
  location: true,
  onlineLink: true,
  status: true,
  updatedAt: true,
  initiative: { select: { name: true } },
} as const;

/** One meeting as an .ics file. No attendee or organiser: no one's personal details. */
export async function meetingIcs(initiativeId: string, meetingId: string, baseUrl: string, now = new Date()) {
  const meeting = await prisma.meeting.findFirst({ where: { id: meetingId, initiativeId }, select: icsMeetingSelect });
  if (!meeting) return null;
  return icsCalendar([toIcsEvent(meeting, baseUrl, initiativeId)], { name: meeting.initiative.name, now });
}

/** The feed of every meeting of every initiative the token's owner belongs to, or null. */
export async function calendarFeed(token: string, baseUrl: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const row = await prisma.calendarToken.findUnique({ where: { tokenHash: hashToken(token) }, select: { userId: true, revokedAt: true } });
  if (!row || row.revokedAt) return null;
  const meetings = await prisma.meeting.findMany({
    where: { initiative: { memberships: { some: { userId: row.userId } } }, startsAt: { gte: new Date(now.getTime() - 365 * DAY_MS) } },
    select: icsMeetingSelect,
    orderBy: { startsAt: "asc" },
  });
  return icsCalendar(
    meetings.map((m) => toIcsEvent(m, baseUrl, m.initiativeId)),
    { name: "Partnership Portal meetings", now },
  );
}
