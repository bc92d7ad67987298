import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, test } from "vitest";
import { openRound, saveResponse } from "~/modules/assessment/commands.server";
import type { ResponseAnswers } from "~/modules/assessment/schema";
import { BENEFITS, CHALLENGES, SUCCESS_FACTORS } from "~/modules/study/study";
import { renewCalendarFeed } from "~/modules/meetings/commands.server";
import { loader as rootLoader } from "~/root";
import { createSessionCookie, type SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { accessOf, addMember, createAgency, createInitiative, createUser, routeContext as context } from "../fixtures";

/**
 * The differencing attack on the self-assessment (issue 19): a reader who notes everything they
 * can read while a round is open, waits for one person to answer (or change their answers), and
 * reads again, learns that person's answers from whatever moved. So: every role reads every
 * page, export and feed it can, before and after, and nothing may differ but the count of
 * responses and the audit log's entry saying that the person answered.
 *
 * "Everything" is every loader of every route file (found from the folder, so a new route cannot
 * slip past), with the ids of real records, each view and each export part, plus the root's data
 * (the header's unread counts) and the lead's one write that answers differently by results
 * (turning a concern into an action).
 */

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};
const routeModules = import.meta.glob<RouteModule>("../../app/routes/*.tsx", { eager: true });
const routes = Object.entries(routeModules).map(([key, mod]) => ({ file: key.replace("../../app/routes/", "").replace(/\.tsx$/, ""), mod }));

type Params = Record<string, string>;

/** The URL a route file answers at, with its params filled in (flat routes' file-name rules). */
function pathOf(file: string, params: Params) {
  const segments = file
    .replaceAll("[.]", "~dot~")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => s.replace(/_$/, "").replaceAll("~dot~", "."))
    .map((s) => s.replace(/^\$(\w+)/, (_m, name: string) => params[name] ?? "x").replace(/^\$$/, params["*"] ?? "x"));
  return `/${segments.join("/")}`;
}

/** Numbers that may move when one person answers: the count of responses, and nothing else. */
const COUNT_KEYS = new Set(["submitted", "submittedCount", "answered"]);

/**
 * Values that change between two readings with nothing changed in between, because they are
 * "now": they are replaced before comparing (and the two readings before the attack prove that
 * nothing else is needed).
 */
const NOW_KEYS = new Set<string>([
  // The printable summary's "Printed on", and the day My actions counts from.
  "printedAt",
  "today",
  // The evidence beside an open round's results is as of now (the lead saw them live before issue 19).
  "indicatorsAsOf",
]);
/** The same in text: a calendar file's time of making. */
const nowInText = (text: string) => text.replace(/^DTSTAMP:\d{8}T\d{6}Z$/gm, "DTSTAMP:<now>");

const people = {} as Record<
  "lead" | "coordinator" | "member" | "observer" | "notYet" | "admin" | "target" | "trust3" | "childrens2" | "childrens3",
  SessionUser
>;
const READERS = ["lead", "coordinator", "member", "observer", "notYet", "admin"] as const;
type Reader = (typeof READERS)[number];
const cookies = {} as Record<Reader, string>;
const calendarTokens = {} as Record<Reader, string>;
let initiativeId: string;
let openRoundId: string;
let closedRoundId: string;
let agencyIds: string[];
let base: Params;

/** Every factor `rating` with a word of evidence, every challenge `severity`, every benefit or none. */
function answersOf(
  rating: 1 | 2 | 3 | 4 | 5,
  severity: "none" | "minor" | "significant" | "major",
  evidence: string | null,
  benefits: boolean,
): ResponseAnswers {
  return {
    factors: Object.fromEntries(SUCCESS_FACTORS.map((f) => [f.key, { rating, evidence }])),
    challenges: Object.fromEntries(CHALLENGES.map((c) => [c.key, severity])),
    benefits: benefits ? Object.fromEntries(BENEFITS.map((b) => [b.key, evidence ?? ""])) : {},
  };
}

/** The answers of everyone but the target: middling, so that one very different answer moves every figure. */
const OTHERS = (i: number): ResponseAnswers => {
  const answers = answersOf(3, "minor", `Shared view ${i}`, true);
  answers.factors.commitment = { rating: 4, evidence: null };
  return answers;
};

/** The target's form as the answer page posts it. */
function formOf(answers: ResponseAnswers, responseId: string | null) {
  const body = new FormData();
  body.set("intent", "submit");
  body.set("responseId", responseId ?? "");
  for (const [key, answer] of Object.entries(answers.factors)) {
    body.set(`factors.${key}`, answer!.rating === null ? "dont_know" : String(answer!.rating));
    if (answer!.evidence) body.set(`evidence.${key}`, answer!.evidence);
  }
  for (const [key, severity] of Object.entries(answers.challenges)) body.set(`challenges.${key}`, severity!);
  for (const [key, example] of Object.entries(answers.benefits)) {
    body.set(`benefits.${key}`, "yes");
    if (example) body.set(`examples.${key}`, example);
  }
  return body;
}

/** The target answers (or changes their answers) through the answer page, as in the browser. */
async function targetAnswers(answers: ResponseAnswers) {
  const existing = await prisma.assessmentResponse.findUnique({ where: { roundId_userId: { roundId: openRoundId, userId: people.target.id } } });
  const cookie = (await createSessionCookie(people.target.id, "vitest")).split(";")[0]!;
  const path = `/initiatives/${initiativeId}/assessment/${openRoundId}/respond`;
  const request = new Request(`http://localhost${path}`, {
    method: "POST",
    body: formOf(answers, existing?.id ?? null),
    headers: { Cookie: cookie },
  });
  const mod = routes.find((r) => r.file === "initiatives.$initiativeId.assessment.$roundId.respond")!.mod;
  let answer: unknown;
  try {
    answer = await mod.action!({ request, params: { initiativeId, roundId: openRoundId }, context });
  } catch (thrown) {
    answer = thrown;
  }
  expect(answer instanceof Response ? answer.status : answer, "the target's answers are saved").toBe(302);
}

/** Each reading of a route beyond its plain one: other views, export parts, rounds, agencies. */
function variantsOf(file: string): Array<{ query?: string; params?: Params }> {
  const rounds = () => [{ roundId: openRoundId }, { roundId: closedRoundId }];
  if (file === "initiatives.$initiativeId.assessment.$roundId._index") {
    return rounds().flatMap((params) =>
      ["", "?view=agencies", "?view=trend", "?view=challenges", "?action=commitment", "?action=relationships"].map((query) => ({ query, params })),
    );
  }
  if (file === "initiatives.$initiativeId.assessment.$roundId[.]csv") {
    return rounds().flatMap((params) =>
      ["?part=factors", "?part=agencies", "?part=challenges", "?part=benefits"].map((query) => ({ query, params })),
    );
  }
  if (file.startsWith("initiatives.$initiativeId.assessment.$roundId")) return rounds().map((params) => ({ params }));
  if (file === "agencies.$agencyId") return agencyIds.map((agencyId) => ({ params: { agencyId } }));
  if (file === "activity[.]csv") {
    return ["initiatives", "status", "target_group", "model", "rationale", "local_authority", "combination", "factors", "challenges", "benefits"].map(
      (table) => ({ query: `?table=${table}` }),
    );
  }
  return [{}];
}

/** What a loader (or action) answered, as text: data as JSON, a response's status, headers and body. */
async function serialise(run: () => unknown): Promise<string> {
  let outcome: unknown;
  let thrown = false;
  try {
    outcome = await run();
  } catch (error) {
    outcome = error;
    thrown = true;
  }
  if (outcome instanceof Response) {
    const headers = ["content-type", "content-disposition", "location"].map((name) => [name, outcome.headers.get(name)]);
    return JSON.stringify({ thrown, status: outcome.status, headers, body: nowInText(await outcome.text()) });
  }
  if (outcome instanceof Error) throw outcome;
  const withInit = outcome as { type?: string; data?: unknown; init?: { status?: number } | null } | null;
  if (withInit && withInit.type === "DataWithResponseInit")
    return JSON.stringify({ thrown, status: withInit.init?.status ?? 200, data: normalised(withInit.data) });
  return JSON.stringify({ thrown, data: normalised(outcome) });
}

/** Plain JSON of loader data: Dates as ISO text, Maps and Sets as arrays, "now" values replaced. */
function normalised(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [k, normalised(v)]);
  if (value instanceof Set) return [...value].map(normalised);
  if (Array.isArray(value)) return value.map(normalised);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, NOW_KEYS.has(k) ? "<now>" : normalised(v)]));
  }
  return value;
}

/** Everything `reader` can read, by a name saying what was read. */
async function readEverything(reader: Reader): Promise<Map<string, string>> {
  const readings = new Map<string, string>();
  const cookie = cookies[reader];
  const request = (path: string, init: RequestInit = {}) => new Request(`http://localhost${path}`, { ...init, headers: { Cookie: cookie } });
  readings.set("root", await serialise(() => rootLoader({ request: request("/initiatives"), params: {}, context })));
  for (const { file, mod } of routes) {
    if (!mod.loader) continue;
    for (const variant of variantsOf(file)) {
      const params = { ...base, token: calendarTokens[reader], ...variant.params };
      const path = `${pathOf(file, params)}${variant.query ?? ""}`;
      readings.set(`${file} ${path}`, await serialise(() => mod.loader!({ request: request(path), params, context })));
    }
  }
  if (reader === "lead") {
    // The lead's one write whose answer could depend on the results: turning a factor into an action.
    const mod = routes.find((r) => r.file === "initiatives.$initiativeId.assessment.$roundId._index")!.mod;
    for (const factor of SUCCESS_FACTORS) {
      const body = new FormData();
      for (const [name, value] of Object.entries({
        intent: "create-action",
        factorKey: factor.key,
        title: `Improve ${factor.label}`,
        ownerId: people.lead.id,
        dueDate: "2031-01-31",
      })) {
        body.set(name, value);
      }
      const path = `/initiatives/${initiativeId}/assessment/${openRoundId}`;
      readings.set(
        `create an action from ${factor.key}`,
        await serialise(() => mod.action!({ request: request(path, { method: "POST", body }), params: { ...base, roundId: openRoundId }, context })),
      );
    }
  }
  return readings;
}

async function readAll() {
  const all = new Map<Reader, Map<string, string>>();
  for (const reader of READERS) all.set(reader, await readEverything(reader));
  return all;
}

/** Where two JSON values differ: the path and both values of each differing leaf. */
function differences(before: unknown, after: unknown, path: string[] = []): Array<{ path: string[]; before: unknown; after: unknown }> {
  if (before && after && typeof before === "object" && typeof after === "object" && Array.isArray(before) === Array.isArray(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].flatMap((key) => differences((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], [...path, key]));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, before, after }];
}

/** A reading, parsed: a response's status and body, or a loader's data. */
type Reading = { thrown: boolean; status?: number; body?: string; data?: { log?: Record<string, unknown> } };

type Expected = {
  /** How many responses were submitted before, and after. */
  counts: [number, number];
  /** The audit log's one new entry: what it records, and of whom. */
  audit: { action: string; actorName: string };
};

/**
 * What is left when the allowed changes are taken out: the audit log's new entry (checked to say
 * only what happened), and the count of responses (from the count before to the count after).
 */
function unexplained(name: string, before: string, after: string, expected: Expected) {
  const [was, is] = expected.counts;
  const roundTitle = "Spring review";
  const b = JSON.parse(before) as Reading;
  let a = JSON.parse(after) as Reading;
  if (name.startsWith("initiatives.$initiativeId.audit[.]csv") && a.status === 200 && typeof a.body === "string") {
    // Oldest first: the new entry is the last line, and it says who did what, with no answers.
    const lines = a.body.trimEnd().split("\r\n");
    const last = lines.pop()!;
    expect
      .soft(last, `${name}: the new entry`)
      .toMatch(new RegExp(`^[^,]+,${expected.audit.actorName},[^,]+,${expected.audit.action.replace(".", "\\.")},assessment_response,\\w+,,`));
    expect.soft(last.split(",").slice(7).join(","), `${name}: the new entry records only the round`).toBe(`"{""round"":""${roundTitle}""}"`);
    a = { ...a, body: `${lines.join("\r\n")}\r\n` };
  }
  if (name.startsWith("initiatives.$initiativeId.audit ") && a.data?.log && b.data?.log) {
    type Log = { events: Array<Record<string, unknown>>; total: number; pageCount: number; actions: string[] };
    const [logBefore, logAfter] = [b.data.log as Log, a.data.log as Log];
    const [entry, ...rest] = logAfter.events;
    expect
      .soft(entry, `${name}: the new entry`)
      .toMatchObject({ action: expected.audit.action, actorName: expected.audit.actorName, entity: "assessment_response" });
    expect.soft(JSON.parse(String(entry!.after)), `${name}: the new entry records only the round`).toEqual({ round: roundTitle });
    expect.soft(entry!.before, `${name}: the new entry records only the round`).toBeNull();
    expect.soft(rest, `${name}: the rest of the page`).toEqual(logBefore.events.slice(0, rest.length));
    expect.soft(logAfter.total).toBe(logBefore.total + 1);
    expect.soft(logAfter.actions).toEqual([...new Set([...logBefore.actions, expected.audit.action])].sort());
    a = {
      ...a,
      data: {
        ...a.data,
        log: { ...logAfter, events: logBefore.events, total: logBefore.total, pageCount: logBefore.pageCount, actions: logBefore.actions },
      },
    };
  }
  if (typeof a.body === "string" && typeof b.body === "string") {
    // Text: the count may change where it is given ("n of m members have answered", or before
    // issue 19 "n responses so far"), nowhere else.
    a = {
      ...a,
      body: a.body
        .replace(new RegExp(`(^|\\D)${is} of (\\d+) members have answered`), `$1${was} of $2 members have answered`)
        .replace(new RegExp(`(^|\\D)${is} responses so far`), `$1${was} responses so far`),
    };
  }
  return differences(b, a).filter((d) => !(COUNT_KEYS.has(d.path.at(-1)!) && d.before === was && d.after === is));
}

function expectNothingMovedBut(before: Map<Reader, Map<string, string>>, after: Map<Reader, Map<string, string>>, expected: Expected) {
  const moved: string[] = [];
  for (const reader of READERS) {
    const [was, is] = [before.get(reader)!, after.get(reader)!];
    expect([...is.keys()]).toEqual([...was.keys()]);
    for (const [name, reading] of was) {
      const left = unexplained(name, reading, is.get(name)!, expected);
      if (left.length > 0)
        moved.push(
          `${reader} reads ${name}: ${left
            .map((d) => `${d.path.join(".")} ${JSON.stringify(d.before)} → ${JSON.stringify(d.after)}`)
            .join("; ")
            .slice(0, 600)}`,
        );
    }
  }
  expect(moved, "what moved when one person answered").toEqual([]);
}

function expectSame(first: Map<Reader, Map<string, string>>, second: Map<Reader, Map<string, string>>) {
  const moved: string[] = [];
  for (const reader of READERS) {
    for (const [name, reading] of first.get(reader)!) {
      const again = second.get(reader)!.get(name)!;
      if (again !== reading)
        moved.push(
          `${reader} reads ${name}: ${differences(JSON.parse(reading), JSON.parse(again))
            .map((d) => `${d.path.join(".")} ${JSON.stringify(d.before)} → ${JSON.stringify(d.after)}`)
            .join("; ")
            .slice(0, 600)}`,
        );
    }
  }
  expect(moved, "what differs between two readings with nothing changed").toEqual([]);
}

beforeAll(async () => {
  const [trust, childrens, school] = [
    await createAgency("health", "Northshire NHS Trust"),
    await createAgency("social_services", "Northshire Children's Services"),
    await createAgency("education", "Riverside Primary"),
  ];
  agencyIds = [trust.id, childrens.id, school.id];
  people.lead = await createUser({ name: "Priya Lead", agencyId: trust.id });
  people.coordinator = await createUser({ name: "Colin Coordinator", agencyId: trust.id });
  people.trust3 = await createUser({ name: "Tara Trust", agencyId: trust.id });
  people.notYet = await createUser({ name: "Nadia Not-Yet", agencyId: trust.id });
  people.member = await createUser({ name: "Mo Member", agencyId: childrens.id });
  people.childrens2 = await createUser({ name: "Chris Childrens", agencyId: childrens.id });
  people.childrens3 = await createUser({ name: "Cara Childrens", agencyId: childrens.id });
  people.target = await createUser({ name: "Tess Target", agencyId: school.id });
  people.observer = await createUser({ name: "Olu Observer", agencyId: school.id });
  people.admin = await createUser({ name: "Ada Admin", agencyId: trust.id, isAdmin: true });
  initiativeId = (await createInitiative(people.lead, [childrens.id, school.id])).id;
  await addMember(initiativeId, people.coordinator, "coordinator");
  await addMember(initiativeId, people.observer, "observer");
  for (const who of ["trust3", "notYet", "member", "childrens2", "childrens3", "target"] as const)
    await addMember(initiativeId, people[who], "member");
  for (const reader of READERS) {
    cookies[reader] = (await createSessionCookie(people[reader].id, "vitest")).split(";")[0]!;
    calendarTokens[reader] = await renewCalendarFeed(people[reader]);
  }

  // Records of every kind, so that every page has something to show.
  const lead = await accessOf(people.lead, initiativeId);
  const day = 86_400_000;
  const roleId = (
    await prisma.registerRole.create({
      data: {
        initiativeId,
        title: "Chair",
        agencyId: trust.id,
        holderId: people.lead.id,
        timeUnit: "fte",
        timeAmount: 10,
        createdById: people.lead.id,
      },
    })
  ).id;
  const responsibilityId = (
    await prisma.sharedResponsibility.create({
      data: { initiativeId, title: "Hold the budget", assignments: { create: [{ agencyId: trust.id, kind: "accountable" }] } },
    })
  ).id;
  const meetingId = (
    await prisma.meeting.create({
      data: {
        initiativeId,
        title: "Strategic group",
        type: "strategic_planning",
        startsAt: new Date(Date.now() + 7 * day),
        endsAt: new Date(Date.now() + 7 * day + 3_600_000),
        createdById: people.lead.id,
      },
    })
  ).id;
  await prisma.meeting.create({
    data: {
      initiativeId,
      title: "Last strategic group",
      type: "strategic_planning",
      startsAt: new Date(Date.now() - 30 * day),
      endsAt: new Date(Date.now() - 30 * day + 3_600_000),
      createdById: people.lead.id,
      attendances: {
        create: [
          { userId: people.lead.id, agencyId: trust.id, present: true },
          { userId: people.member.id, agencyId: childrens.id, present: true },
        ],
      },
    },
  });
  await prisma.actionItem.create({
    data: {
      initiativeId,
      title: "Draft the referral form",
      ownerId: people.member.id,
      agencyId: childrens.id,
      dueDate: new Date("2031-01-01T00:00:00Z"),
      createdById: people.lead.id,
    },
  });
  const stream = (name: string) => ({
    initiativeId,
    name,
    type: "pooled",
    agencyId: trust.id,
    status: "confirmed",
    startDate: new Date("2026-04-01T00:00:00Z"),
    endDate: new Date("2031-03-31T00:00:00Z"),
    createdById: people.lead.id,
    amounts: { create: [{ financialYear: 2026, amountPence: 100_000_00 }] },
  });
  const streamId = (await prisma.fundingStream.create({ data: stream("Pooled budget") })).id;
  const expenditureId = (
    await prisma.expenditure.create({
      data: {
        streamId,
        spentOn: new Date("2026-05-01T00:00:00Z"),
        amountPence: 500_00,
        category: "Training",
        description: "Autism awareness course",
        approvedBy: "The lead",
        createdById: people.lead.id,
      },
    })
  ).id;
  const contributionId = (
    await prisma.inKindContribution.create({
      data: {
        initiativeId,
        agencyId: trust.id,
        kind: "premises",
        description: "Meeting room",
        startDate: new Date("2026-04-01T00:00:00Z"),
        endDate: new Date("2031-03-31T00:00:00Z"),
        valuePence: 1_000_00,
        valuationMethod: "The room's hire rate",
        status: "confirmed",
        createdById: people.lead.id,
      },
    })
  ).id;
  const postId = (await prisma.post.create({ data: { initiativeId, authorId: people.lead.id, category: "announcement", body: "Welcome, everyone" } }))
    .id;
  const membershipId = (await prisma.membership.findFirstOrThrow({ where: { initiativeId, userId: people.member.id } })).id;

  // Last autumn's round, closed, answered by everyone: its results are everyone's to see.
  const respondents = ["lead", "coordinator", "trust3", "member", "childrens2", "childrens3", "target"] as const;
  const autumn = new Date(Date.now() - 200 * day);
  const closed = await openRound(
    lead,
    { title: "Autumn review", closesOn: new Date(autumn.getTime() + 21 * day).toISOString().slice(0, 10) },
    autumn,
  );
  if (!closed.ok) throw new Error(closed.message);
  closedRoundId = closed.roundId;
  for (const [i, who] of respondents.entries()) {
    const saved = await saveResponse(
      await accessOf(people[who], initiativeId),
      closedRoundId,
      { responseId: null, answers: OTHERS(i), submit: true },
      new Date(autumn.getTime() + day),
    );
    if (!saved.ok) throw new Error(saved.message);
  }

  // This spring's round, open: six have answered, three of the trust and three of children's
  // services; the school's one respondent (the target) has not, nor has one of the trust.
  const spring = new Date(Date.now() - 3 * day);
  const open = await openRound(lead, { title: "Spring review", closesOn: new Date(Date.now() + 21 * day).toISOString().slice(0, 10) }, spring);
  if (!open.ok) throw new Error(open.message);
  openRoundId = open.roundId;
  for (const [i, who] of respondents.filter((w) => w !== "target").entries()) {
    const saved = await saveResponse(
      await accessOf(people[who], initiativeId),
      openRoundId,
      { responseId: null, answers: OTHERS(i), submit: true },
      new Date(spring.getTime() + day),
    );
    if (!saved.ok) throw new Error(saved.message);
  }
  // The lead reminded those who had not answered (the notice they see must not move either).
  await prisma.assessmentReminder.create({ data: { roundId: openRoundId, sentById: people.lead.id, sentAt: new Date(spring.getTime() + 2 * day) } });

  base = {
    initiativeId,
    roundId: openRoundId,
    roleId,
    responsibilityId,
    meetingId,
    streamId,
    expenditureId,
    contributionId,
    postId,
    membershipId,
    agencyId: trust.id,
    "*": "no-such-page",
  };
  // A first look marks the updates feed read for each reader, as a watcher's first look would:
  // from then on, reading changes nothing.
  await readAll();
}, 300_000);

describe("while a round is open, nothing anyone reads moves with one person's answers", () => {
  test("reading twice with nothing changed gives the same readings (so the comparison below is fair)", async () => {
    const first = await readAll();
    expectSame(first, await readAll());
    // The readings are real pages: each role gets into the open round's page and sees the count.
    const roundPage = `initiatives.$initiativeId.assessment.$roundId._index /initiatives/${initiativeId}/assessment/${openRoundId}`;
    for (const reader of READERS.filter((r) => r !== "admin")) {
      expect(JSON.parse(first.get(reader)!.get(roundPage)!), `${reader} reads the open round`).toMatchObject({
        thrown: false,
        data: { submittedCount: 6 },
      });
    }
    expect(JSON.parse(first.get("admin")!.get("activity /activity")!), "the administrator reads the audit of activity").toMatchObject({
      thrown: false,
      data: { activity: { total: 1 } },
    });
    expect(first.get("lead")!.size).toBeGreaterThan(100);
  }, 300_000);

  test("one person submits: every role reads the same as before, but the count of responses and the audit entry saying they answered", async () => {
    const before = await readAll();
    // The school's only respondent, with answers as far from everyone else's as they can be.
    await targetAnswers(answersOf(1, "major", "Tess's own words about Riverside", false));
    const after = await readAll();
    expectNothingMovedBut(before, after, { counts: [6, 7], audit: { action: "assessment.response_submitted", actorName: "Tess Target" } });
  }, 300_000);

  test("that person changes their answers: every role reads exactly the same, but the audit entry saying they changed them", async () => {
    const submitted = await prisma.assessmentResponse.count({
      where: { roundId: openRoundId, userId: people.target.id, submittedAt: { not: null } },
    });
    if (submitted === 0) await targetAnswers(answersOf(1, "major", "Tess's own words about Riverside", false));
    const before = await readAll();
    await targetAnswers(answersOf(5, "none", null, true));
    const after = await readAll();
    expectNothingMovedBut(before, after, { counts: [7, 7], audit: { action: "assessment.response_changed", actorName: "Tess Target" } });
  }, 300_000);
});
