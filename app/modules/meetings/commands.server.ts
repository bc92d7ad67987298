import { randomBytes } from "node:crypto";
import { getAuditActor, recordAudit } from "~/modules/audit/audit.server";
import type { Prisma } from "~/generated/prisma/client";
import { prisma, writeTransaction } from "~/utils/db.server";
import { initiativeRoster } from "~/modules/initiatives/roster.server";
import { recordSystemPost } from "~/utils/system-posts.server";
import { DAY_MS, formatDateTime, parseCalendarDate } from "~/utils/dates";
import { can } from "~/utils/policy";
import { writeAsMember, type InitiativeAccess } from "~/utils/policy.server";
import { londonToUtc, utcToLondon } from "~/utils/london-time";
import { describeRule, occurrences, type RecurrenceRule } from "./recurrence";
import { OBSERVERS_DO_NOT_REPLY, type MeetingInput } from "./schema";
import { refused, type Refused } from "~/utils/refusal";
import { hashToken, rsvpDeadlineFor, typeLabel } from "./queries.server";

/**
 * Changes to an initiative's strategic planning meetings: schedule (one-off or recurring), agenda,
 * RSVP, attendance, minutes, decisions and actions; and a person's private calendar feed. Each
 * checks the caller's access, then writes and audits in one transaction.
 */

/** Turns the form into UTC instants, refusing nonexistent London times and unasked-for past dates. */
function plan(
  input: MeetingInput,
  now: Date,
): { ok: true; meetings: Array<{ startsAt: Date; endsAt: Date; date: string }>; rule: RecurrenceRule | null } | Refused {
  let rule: RecurrenceRule | null = null;
  let meetings: Array<{ startsAt: Date; endsAt: Date; date: string }>;
  if (input.repeat === "none") {
    const start = londonToUtc(input.date, input.startTime);
    const end = londonToUtc(input.date, input.endTime);
    if (!start.ok)
      return refused(
        start.reason === "nonexistent" ? "That time does not exist on that day: the clocks go forward" : "Enter a real start time",
        "startTime",
      );
    if (!end.ok)
      return refused(
        end.reason === "nonexistent" ? "That time does not exist on that day: the clocks go forward" : "Enter a real end time",
        "endTime",
      );
    meetings = [{ startsAt: start.instant, endsAt: end.instant, date: input.date }];
  } else {
    const firstDay = parseCalendarDate(input.date)!;
    rule =
      input.repeat === "every_n_weeks"
        ? { kind: "every_n_weeks", weeks: input.everyWeeks ?? 0 }
        : { kind: "nth_weekday_monthly", nth: Math.min(5, Math.ceil(firstDay.getUTCDate() / 7)) as 1 | 2 | 3 | 4 | 5, weekday: firstDay.getUTCDay() };
    const result = occurrences({ firstDate: input.date, startTime: input.startTime, endTime: input.endTime, rule, count: input.occurrenceCount });
    if (!result.ok) return refused(result.message, "repeat");
    meetings = result.meetings;
  }
  const first = meetings[0]!;
  if (input.recordingPast) {
    if (first.startsAt > now) return refused("A meeting you are recording must have already happened: untick the box to schedule it", "date");
  } else if (first.startsAt < now) {
    return refused("That date and time has passed. To record a meeting that already happened, tick “This meeting has already taken place”", "date");
  }
  return { ok: true, meetings, rule };
}

function meetingFields(input: MeetingInput) {
  return {
    title: input.title,
    type: input.type,
    location: input.location || null,
    onlineLink: input.onlineLink || null,
    quorumRule: input.quorumRule,
    quorumCount: input.quorumRule === "count" ? (input.quorumCount ?? null) : null,
  };
}

export async function scheduleMeeting(access: InitiativeAccess, input: MeetingInput, now = new Date()) {
  const planned = plan(input, now);
  if (!planned.ok) return planned;
  const actor = await getAuditActor(access.user);
  const rsvpDaysBefore = input.rsvpDeadlineDate
    ? Math.round((parseCalendarDate(input.date)!.getTime() - parseCalendarDate(input.rsvpDeadlineDate)!.getTime()) / DAY_MS)
    : null;
  const ids = await writeAsMember(access, async (tx) => {
    const series = planned.rule
      ? await tx.meetingSeries.create({ data: { initiativeId: access.initiativeId, rule: JSON.stringify(planned.rule) } })
      : null;
    const created: string[] = [];
    for (const occurrence of planned.meetings) {
      const rsvpDate =
        rsvpDaysBefore === null
          ? undefined
          : new Date(parseCalendarDate(occurrence.date)!.getTime() - rsvpDaysBefore * DAY_MS).toISOString().slice(0, 10);
      const meeting = await tx.meeting.create({
        data: {
          ...meetingFields(input),
          initiativeId: access.initiativeId,
          seriesId: series?.id ?? null,
          startsAt: occurrence.startsAt,
          endsAt: occurrence.endsAt,
          rsvpDeadline: rsvpDeadlineFor(rsvpDate, occurrence.startsAt),
          createdById: access.user.id,
        },
      });
      created.push(meeting.id);
    }
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: input.recordingPast ? "meeting.recorded" : "meeting.scheduled",
      entity: "meeting",
      entityId: created[0]!,
      after: {
        title: input.title,
        type: typeLabel(input.type),
        first: `${input.date} ${input.startTime}–${input.endTime} (London)`,
        repeats: planned.rule ? `${describeRule(planned.rule)}, ${planned.meetings.length} meetings` : "no",
      },
    });
    // A meeting recorded after the event is not news for the feed.
    if (!input.recordingPast) {
      await recordSystemPost(tx, {
        initiativeId: access.initiativeId,
        event: "meeting.scheduled",
        body: `${access.user.name} scheduled “${input.title}” (${typeLabel(input.type).toLowerCase()}) for ${formatDateTime(planned.meetings[0]!.startsAt)}${planned.rule ? `, ${describeRule(planned.rule)}, ${planned.meetings.length} meetings` : ""}.`,
        linkPath: `/initiatives/${access.initiativeId}/meetings/${created[0]!}`,
      });
    }
    return created;
  });
  return { ok: true as const, meetingId: ids[0]!, count: ids.length };
}

async function findMeeting(access: InitiativeAccess, meetingId: string) {
  return prisma.meeting.findFirst({ where: { id: meetingId, initiativeId: access.initiativeId } });
}

function requireEditor(access: InitiativeAccess): Refused | null {
  return can(access.membership.role, "edit_records") ? null : refused("Only leads and coordinators can change meetings.");
}

export async function updateMeeting(access: InitiativeAccess, meetingId: string, input: MeetingInput, scope: "one" | "series", now = new Date()) {
  const notEditor = requireEditor(access);
  if (notEditor) return notEditor;
  const meeting = await findMeeting(access, meetingId);
  if (!meeting) return refused("That meeting is not in this initiative.");
  if (meeting.status === "cancelled") return refused("A cancelled meeting cannot be changed.");
  const start = londonToUtc(input.date, input.startTime);
  const end = londonToUtc(input.date, input.endTime);
  if (!start.ok) return refused("That start time does not exist on that day: the clocks go forward", "startTime");
  if (!end.ok) return refused("That end time does not exist on that day: the clocks go forward", "endTime");
  if (start.instant < now && meeting.startsAt >= now && !input.recordingPast) {
    return refused("That date and time has passed: choose a time in the future", "date");
  }
  const actor = await getAuditActor(access.user);
  const before = { title: meeting.title, starts: meeting.startsAt.toISOString(), location: meeting.location, quorum: meeting.quorumRule };
  if (scope === "series" && meeting.seriesId) {
    if (input.date !== utcToLondon(meeting.startsAt).date) {
      return refused("To move the whole series to other dates, cancel it and schedule a new one; or change this meeting only", "date");
    }
    const future = await prisma.meeting.findMany({
      where: { seriesId: meeting.seriesId, initiativeId: access.initiativeId, status: "scheduled", startsAt: { gte: meeting.startsAt } },
      select: { id: true, startsAt: true },
    });
    const updates: Array<{ id: string; startsAt: Date; endsAt: Date }> = [];
    for (const occurrence of future) {
      const day = utcToLondon(occurrence.startsAt).date;
      const s = londonToUtc(day, input.startTime);
      const e = londonToUtc(day, input.endTime);
      if (!s.ok || !e.ok) return refused(`That time does not exist on ${day}: the clocks go forward`, "startTime");
      updates.push({ id: occurrence.id, startsAt: s.instant, endsAt: e.instant });
    }
    await writeAsMember(access, async (tx) => {
      for (const u of updates) {
        await tx.meeting.update({ where: { id: u.id }, data: { ...meetingFields(input), startsAt: u.startsAt, endsAt: u.endsAt } });
      }
      await recordAudit(tx, {
        actor,
        initiativeId: access.initiativeId,
        action: "meeting.series_changed",
        entity: "meeting",
        entityId: meeting.id,
        before,
        after: { title: input.title, time: `${input.startTime}–${input.endTime} (London)`, meetings: updates.length },
      });
    });
    return { ok: true as const, count: updates.length };
  }
  await writeAsMember(access, async (tx) => {
    await tx.meeting.update({
      where: { id: meeting.id },
      data: {
        ...meetingFields(input),
        startsAt: start.instant,
        endsAt: end.instant,
        rsvpDeadline: rsvpDeadlineFor(input.rsvpDeadlineDate, start.instant),
      },
    });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "meeting.changed",
      entity: "meeting",
      entityId: meeting.id,
      before,
      after: { title: input.title, starts: start.instant.toISOString(), location: input.location ?? null, quorum: input.quorumRule },
    });
  });
  return { ok: true as const, count: 1 };
}

export async function cancelMeeting(access: InitiativeAccess, meetingId: string, reason: string) {
  const notEditor = requireEditor(access);
  if (notEditor) return notEditor;
  const meeting = await findMeeting(access, meetingId);
  if (!meeting) return refused("That meeting is not in this initiative.");
  if (meeting.status === "cancelled") return refused("That meeting is already cancelled.");
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    await tx.meeting.update({ where: { id: meeting.id }, data: { status: "cancelled", cancelledReason: reason || null } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "meeting.cancelled",
      entity: "meeting",
      entityId: meeting.id,
      before: { title: meeting.title, starts: meeting.startsAt.toISOString(), status: "scheduled" },
      after: { status: "cancelled", reason: reason || null },
    });
    await recordSystemPost(tx, {
      initiativeId: access.initiativeId,
      event: "meeting.cancelled",
      body: `${access.user.name} cancelled “${meeting.title}” on ${formatDateTime(meeting.startsAt)}${reason ? `: ${reason}` : "."}`,
      linkPath: `/initiatives/${access.initiativeId}/meetings/${meeting.id}`,
    });
  });
  return { ok: true as const, title: meeting.title };
}

export async function respondToMeeting(
  access: InitiativeAccess,
  meetingId: string,
  response: "attending" | "apologies" | "tentative",
  now = new Date(),
) {
  if (!can(access.membership.role, "respond_to_meetings")) return refused(OBSERVERS_DO_NOT_REPLY);
  const meeting = await findMeeting(access, meetingId);
  if (!meeting) return refused("That meeting is not in this initiative.");
  if (meeting.status === "cancelled") return refused("That meeting was cancelled.");
  if (meeting.startsAt <= now) return refused("That meeting has already started.");
  if (meeting.rsvpDeadline && now > meeting.rsvpDeadline) {
    return refused(`Replies closed at the reply-by date. Tell the meeting's lead directly if your plans have changed.`);
  }
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    await tx.meetingResponse.upsert({
      where: { meetingId_userId: { meetingId, userId: access.user.id } },
      create: { meetingId, userId: access.user.id, response, respondedAt: now },
      update: { response, respondedAt: now },
    });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "meeting.rsvp",
      entity: "meeting",
      entityId: meetingId,
      after: { response },
    });
  });
  return { ok: true as const };
}

export async function recordAttendance(access: InitiativeAccess, meetingId: string, presentUserIds: string[], now = new Date()) {
  const notEditor = requireEditor(access);
  if (notEditor) return notEditor;
  const meeting = await findMeeting(access, meetingId);
  if (!meeting) return refused("That meeting is not in this initiative.");
  if (meeting.status === "cancelled") return refused("That meeting was cancelled.");
  if (meeting.startsAt > now) return refused("You can record who attended once the meeting has started.");
  const { members } = await initiativeRoster(access.initiativeId);
  const memberIds = new Set(members.map((m) => m.userId));
  if (presentUserIds.some((id) => !memberIds.has(id))) return refused("Choose members of this initiative.");
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    for (const member of members) {
      const present = presentUserIds.includes(member.userId);
      await tx.meetingAttendance.upsert({
        where: { meetingId_userId: { meetingId, userId: member.userId } },
        create: { meetingId, userId: member.userId, agencyId: member.agencyId, present, recordedAt: now },
        update: { present, agencyId: member.agencyId, recordedAt: now },
      });
    }
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "meeting.attendance_recorded",
      entity: "meeting",
      entityId: meetingId,
      after: { present: members.filter((m) => presentUserIds.includes(m.userId)).map((m) => m.name) },
    });
  });
  return { ok: true as const, count: presentUserIds.length };
}

export async function saveMinutes(access: InitiativeAccess, meetingId: string, minutes: string) {
  const notEditor = requireEditor(access);
  if (notEditor) return notEditor;
  const meeting = await findMeeting(access, meetingId);
  if (!meeting) return refused("That meeting is not in this initiative.");
  if (meeting.minutesStatus === "approved") {
    return refused(
      "These minutes were approved at a later meeting and are locked. Record any correction as a decision or in the next meeting's minutes.",
    );
  }
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    await tx.meeting.update({ where: { id: meeting.id }, data: { minutes, minutesStatus: "draft" } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "meeting.minutes_saved",
      entity: "meeting",
      entityId: meeting.id,
      before: meeting.minutes ? { minutes: meeting.minutes } : undefined,
      after: { minutes },
    });
  });
  return { ok: true as const };
}

/** Approves the draft minutes of an earlier meeting at this (later, started) meeting; they lock. */
export async function approveMinutes(access: InitiativeAccess, earlierMeetingId: string, atMeetingId: string, now = new Date()) {
  const notEditor = requireEditor(access);
  if (notEditor) return notEditor;
  const [earlier, at] = await Promise.all([findMeeting(access, earlierMeetingId), findMeeting(access, atMeetingId)]);
  if (!earlier || !at) return refused("That meeting is not in this initiative.");
  if (earlier.minutesStatus !== "draft") return refused("Those minutes are not a draft waiting for approval.");
  if (!(earlier.startsAt < at.startsAt)) return refused("Minutes are approved at a later meeting.");
  if (at.startsAt > now) return refused("Minutes are approved once the later meeting has started.");
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    await tx.meeting.update({
      where: { id: earlier.id },
      data: { minutesStatus: "approved", minutesApprovedAt: now, minutesApprovedAtMeetingId: at.id },
    });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "meeting.minutes_approved",
      entity: "meeting",
      entityId: earlier.id,
      before: { minutesStatus: "draft" },
      after: { minutesStatus: "approved and locked", approvedAt: at.title },
    });
  });
  return { ok: true as const };
}

export async function addAgendaItem(
  access: InitiativeAccess,
  meetingId: string,
  input: { title: string; ownerId?: string; minutesAllowed?: number; type: string; notes?: string },
) {
  const notEditor = requireEditor(access);
  if (notEditor) return notEditor;
  const meeting = await findMeeting(access, meetingId);
  if (!meeting) return refused("That meeting is not in this initiative.");
  if (
    input.ownerId &&
    !(await prisma.membership.findUnique({ where: { initiativeId_userId: { initiativeId: access.initiativeId, userId: input.ownerId } } }))
  ) {
    return refused("The owner must be a member of this initiative", "ownerId");
  }
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    const last = await tx.agendaItem.findFirst({ where: { meetingId }, orderBy: { position: "desc" }, select: { position: true } });
    const item = await tx.agendaItem.create({
      data: {
        meetingId,
        position: (last?.position ?? 0) + 1,
        title: input.title,
        ownerId: input.ownerId || null,
        minutesAllowed: input.minutesAllowed ?? null,
        type: input.type,
        notes: input.notes || null,
      },
    });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "agenda.item_added",
      entity: "agenda_item",
      entityId: item.id,
      after: { meeting: meeting.title, item: input.title, type: input.type },
    });
  });
  return { ok: true as const };
}

/** Puts the agenda in the given order (from dragging, or one step up or down). */
export async function reorderAgenda(access: InitiativeAccess, meetingId: string, orderedIds: string[]) {
  const notEditor = requireEditor(access);
  if (notEditor) return notEditor;
  const items = await prisma.agendaItem.findMany({
    where: { meetingId, meeting: { initiativeId: access.initiativeId } },
    select: { id: true, title: true },
  });
  const known = new Set(items.map((i) => i.id));
  if (orderedIds.length !== items.length || orderedIds.some((id) => !known.has(id)) || new Set(orderedIds).size !== orderedIds.length) {
    return refused("The agenda changed while you were reordering it. Reload the page and try again.");
  }
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    for (const [index, id] of orderedIds.entries()) await tx.agendaItem.update({ where: { id }, data: { position: index + 1 } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "agenda.reordered",
      entity: "meeting",
      entityId: meetingId,
      after: { order: orderedIds.map((id) => items.find((i) => i.id === id)!.title) },
    });
  });
  return { ok: true as const };
}

export async function moveAgendaItem(access: InitiativeAccess, meetingId: string, itemId: string, direction: "up" | "down") {
  const items = await prisma.agendaItem.findMany({
    where: { meetingId, meeting: { initiativeId: access.initiativeId } },
    select: { id: true },
    orderBy: { position: "asc" },
  });
  const ids = items.map((i) => i.id);
  const index = ids.indexOf(itemId);
  if (index === -1) return refused("That agenda item is not on this meeting's agenda.");
  const swapWith = direction === "up" ? index - 1 : index + 1;
  if (swapWith < 0 || swapWith >= ids.length) return { ok: true as const };
  [ids[index], ids[swapWith]] = [ids[swapWith]!, ids[index]!];
  return reorderAgenda(access, meetingId, ids);
}

export async function removeAgendaItem(access: InitiativeAccess, meetingId: string, itemId: string) {
  const notEditor = requireEditor(access);
  if (notEditor) return notEditor;
  const item = await prisma.agendaItem.findFirst({ where: { id: itemId, meetingId, meeting: { initiativeId: access.initiativeId } } });
  if (!item) return refused("That agenda item is not on this meeting's agenda.");
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    await tx.agendaItem.delete({ where: { id: item.id } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "agenda.item_removed",
      entity: "agenda_item",
      entityId: item.id,
      before: { item: item.title },
    });
  });
  return { ok: true as const };
}

/**
 * Work to do in the same transaction as a new decision or action, e.g. linking the post it came
 * from. It throws to roll the whole change back.
 */
type AlsoInTransaction = (tx: Prisma.TransactionClient, createdId: string) => Promise<void>;

export async function addDecision(access: InitiativeAccess, meetingId: string | null, text: string, now = new Date(), also?: AlsoInTransaction) {
  const notEditor = requireEditor(access);
  if (notEditor) return notEditor;
  if (meetingId && !(await findMeeting(access, meetingId))) return refused("That meeting is not in this initiative.");
  const actor = await getAuditActor(access.user);
  const decision = await writeAsMember(access, async (tx) => {
    const created = await tx.decision.create({
      data: { initiativeId: access.initiativeId, meetingId, text, decidedAt: now, createdById: access.user.id },
    });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "decision.recorded",
      entity: "decision",
      entityId: created.id,
      after: { text },
    });
    await also?.(tx, created.id);
    return created;
  });
  return { ok: true as const, decisionId: decision.id };
}

/** An action with an owner (a member), their agency, and a due date. */
export async function addAction(
  access: InitiativeAccess,
  meetingId: string | null,
  input: { title: string; ownerId: string; dueDate: string },
  also?: AlsoInTransaction,
) {
  const notEditor = requireEditor(access);
  if (notEditor) return notEditor;
  if (meetingId && !(await findMeeting(access, meetingId))) return refused("That meeting is not in this initiative.");
  const owner = await prisma.membership.findUnique({
    where: { initiativeId_userId: { initiativeId: access.initiativeId, userId: input.ownerId } },
    select: { agencyId: true, user: { select: { name: true } }, agency: { select: { name: true } } },
  });
  if (!owner) return refused("The owner must be a member of this initiative", "ownerId");
  const actor = await getAuditActor(access.user);
  const action = await writeAsMember(access, async (tx) => {
    const created = await tx.actionItem.create({
      data: {
        initiativeId: access.initiativeId,
        meetingId,
        title: input.title,
        ownerId: input.ownerId,
        agencyId: owner.agencyId,
        dueDate: parseCalendarDate(input.dueDate)!,
        createdById: access.user.id,
      },
    });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "action.created",
      entity: "action",
      entityId: created.id,
      after: { title: input.title, owner: owner.user.name, agency: owner.agency.name, due: input.dueDate },
    });
    await also?.(tx, created.id);
    return created;
  });
  return { ok: true as const, actionId: action.id };
}

/** Done or dropped (or open again): by its owner, or a lead or coordinator. */
export async function setActionStatus(access: InitiativeAccess, actionId: string, status: "open" | "done" | "dropped", now = new Date()) {
  const action = await prisma.actionItem.findFirst({ where: { id: actionId, initiativeId: access.initiativeId } });
  if (!action) return refused("That action is not in this initiative.");
  if (action.ownerId !== access.user.id && !can(access.membership.role, "edit_records")) {
    return refused("Only the action's owner, a lead or a coordinator can change it.");
  }
  const actor = await getAuditActor(access.user);
  await writeAsMember(access, async (tx) => {
    await tx.actionItem.update({ where: { id: action.id }, data: { status, closedAt: status === "open" ? null : now } });
    await recordAudit(tx, {
      actor,
      initiativeId: access.initiativeId,
      action: "action.status_changed",
      entity: "action",
      entityId: action.id,
      before: { title: action.title, status: action.status },
      after: { title: action.title, status },
    });
  });
  return { ok: true as const, title: action.title };
}

// Calendar feeds ---------------------------------------------------------------------------

/** A new private feed address for the user; any earlier one stops working. */
export async function renewCalendarFeed(user: { id: string; name: string; agencyId: string }, now = new Date()) {
  const token = randomBytes(24).toString("base64url");
  const actor = await getAuditActor(user);
  await writeTransaction(async (tx) => {
    await tx.calendarToken.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now } });
    await tx.calendarToken.create({ data: { userId: user.id, tokenHash: hashToken(token) } });
    await recordAudit(tx, { actor, initiativeId: null, action: "calendar.feed_created", entity: "user", entityId: user.id });
  });
  return token;
}

export async function revokeCalendarFeed(user: { id: string; name: string; agencyId: string }, now = new Date()) {
  const actor = await getAuditActor(user);
  await writeTransaction(async (tx) => {
    const { count } = await tx.calendarToken.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: now } });
    if (count > 0) await recordAudit(tx, { actor, initiativeId: null, action: "calendar.feed_revoked", entity: "user", entityId: user.id });
  });
}
