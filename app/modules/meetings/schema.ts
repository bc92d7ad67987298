import { z } from "zod";
import { parseCalendarDate } from "~/utils/dates";

export const MEETING_TYPES = [
  { key: "strategic_planning", label: "Strategic planning" },
  { key: "operational", label: "Operational" },
  { key: "review", label: "Review" },
] as const;
type MeetingType = (typeof MEETING_TYPES)[number]["key"];
const MEETING_TYPE_KEYS = MEETING_TYPES.map((t) => t.key) as [MeetingType, ...MeetingType[]];

export const AGENDA_ITEM_TYPES = [
  { key: "information", label: "For information" },
  { key: "discussion", label: "For discussion" },
  { key: "decision", label: "For decision" },
] as const;
const AGENDA_TYPE_KEYS = AGENDA_ITEM_TYPES.map((t) => t.key) as ["information", "discussion", "decision"];

export const RSVP_RESPONSES = [
  { key: "attending", label: "Attending" },
  { key: "apologies", label: "Sending apologies" },
  { key: "tentative", label: "Not sure yet" },
] as const;

export const ACTION_STATUSES = [
  { key: "open", label: "Open" },
  { key: "done", label: "Done" },
  { key: "dropped", label: "Dropped" },
] as const;

/** A whole number typed into a text or number field (the form sends text). */
const wholeNumber = (notNumber: string, min: number, tooSmall: string, max: number, tooBig: string) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, notNumber)
    .transform(Number)
    .pipe(z.number().min(min, tooSmall).max(max, tooBig));

const calendarDate = (message: string) =>
  z.string({ error: message }).refine((value) => parseCalendarDate(value) !== null, "Enter a real date, like 2026-12-01");
const clockTime = (message: string) => z.string({ error: message }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter a time like 14:30 (24-hour clock)");

export const MeetingSchema = z
  .object({
    title: z
      .string({ error: "Enter the meeting's title" })
      .trim()
      .min(3, "The title must be at least 3 characters")
      .max(120, "The title must be 120 characters or fewer"),
    type: z.enum(MEETING_TYPE_KEYS, { error: "Choose the type of meeting" }),
    date: calendarDate("Enter the date of the meeting"),
    startTime: clockTime("Enter the start time"),
    endTime: clockTime("Enter the end time"),
    location: z.string().trim().max(200, "The location must be 200 characters or fewer").optional(),
    onlineLink: z
      .string()
      .trim()
      .max(500, "The link must be 500 characters or fewer")
      .refine((value) => /^https:\/\/[^\s]+$/.test(value), "Enter the online link as a web address starting https://")
      .optional(),
    rsvpDeadlineDate: calendarDate("Enter a real date").optional(),
    quorumRule: z.enum(["every_agency", "count"], { error: "Choose the quorum rule" }),
    quorumCount: wholeNumber(
      "Enter the number of people as a whole number",
      1,
      "The quorum must be at least 1 person",
      500,
      "The quorum must be 500 people or fewer",
    ).optional(),
    /** "one" or a recurrence. */
    repeat: z.enum(["none", "every_n_weeks", "nth_weekday_monthly"], { error: "Choose whether the meeting repeats" }).default("none"),
    everyWeeks: wholeNumber(
      "Enter the number of weeks as a whole number",
      1,
      "Enter at least 1 week",
      52,
      "Meetings can be at most 52 weeks apart",
    ).optional(),
    occurrenceCount: wholeNumber(
      "Enter how many meetings as a whole number",
      2,
      "A repeating meeting needs at least 2 meetings",
      26,
      "Schedule 26 meetings or fewer at a time",
    ).optional(),
    /** Recording a meeting that already happened: the only way a past date is accepted. */
    recordingPast: z.literal("yes").optional(),
  })
  .superRefine(
    (value, ctx) => {
      if (value.startTime && value.endTime && value.endTime <= value.startTime) {
        ctx.addIssue({ code: "custom", path: ["endTime"], message: "The end time must be after the start time" });
      }
      if (value.quorumRule === "count" && value.quorumCount === undefined) {
        ctx.addIssue({ code: "custom", path: ["quorumCount"], message: "Enter how many people make the meeting quorate" });
      }
      if (value.repeat !== "none" && value.recordingPast) {
        ctx.addIssue({ code: "custom", path: ["repeat"], message: "Record past meetings one at a time" });
      }
      if (value.repeat !== "none" && value.occurrenceCount === undefined) {
        ctx.addIssue({ code: "custom", path: ["occurrenceCount"], message: "Enter how many meetings to schedule" });
      }
      if (value.repeat === "every_n_weeks" && value.everyWeeks === undefined) {
        ctx.addIssue({ code: "custom", path: ["everyWeeks"], message: "Enter how many weeks apart the meetings are" });
      }
      if (value.rsvpDeadlineDate && value.date && value.rsvpDeadlineDate > value.date) {
        ctx.addIssue({ code: "custom", path: ["rsvpDeadlineDate"], message: "The reply-by date must be on or before the meeting date" });
      }
    },
    { when: () => true },
  );
export type MeetingInput = z.infer<typeof MeetingSchema>;

export const MeetingEditSchema = MeetingSchema.safeExtend({
  scope: z.enum(["one", "series"], { error: "Choose whether to change this meeting or the whole series" }).default("one"),
});

export const AgendaItemSchema = z.object({
  title: z
    .string({ error: "Enter the agenda item" })
    .trim()
    .min(2, "The item must be at least 2 characters")
    .max(160, "The item must be 160 characters or fewer"),
  ownerId: z.string().max(40).optional(),
  minutesAllowed: wholeNumber("Enter the minutes as a whole number", 1, "Allow at least 1 minute", 480, "Allow 480 minutes or fewer").optional(),
  type: z.enum(AGENDA_TYPE_KEYS, { error: "Choose the type of item" }),
  notes: z.string().trim().max(2000, "The notes must be 2,000 characters or fewer").optional(),
});

export const ActionSchema = z.object({
  title: z
    .string({ error: "Enter the action" })
    .trim()
    .min(3, "The action must be at least 3 characters")
    .max(200, "The action must be 200 characters or fewer"),
  ownerId: z.string({ error: "Choose who will do it" }).max(40),
  dueDate: calendarDate("Enter the due date"),
});

export const DecisionSchema = z.object({
  text: z
    .string({ error: "Enter the decision" })
    .trim()
    .min(3, "The decision must be at least 3 characters")
    .max(1000, "The decision must be 1,000 characters or fewer"),
});

export const MinutesSchema = z.object({
  minutes: z
    .string({ error: "Write the minutes before saving" })
    .trim()
    .min(1, "Write the minutes before saving")
    .max(50_000, "The minutes must be 50,000 characters or fewer"),
});

/** Why an observer has no reply form (and is refused one): read-only means read-only. */
export const OBSERVERS_DO_NOT_REPLY = "Observers follow the meetings but do not reply to them. If you plan to come, tell the initiative's lead.";
