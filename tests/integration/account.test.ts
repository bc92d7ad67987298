import { beforeEach, describe, expect, test } from "vitest";
import { ProfileSchema } from "~/modules/accounts/profile-schema";
import { describeUserAgent } from "~/modules/accounts/user-agent";
import { listSessions, sessionKey } from "~/modules/accounts/queries.server";
import { revokeOtherSessions, revokeSession, updateProfile } from "~/modules/accounts/commands.server";
import * as accountRoute from "~/routes/account";
import { createSessionCookie, getUserFromCookieHeader, type SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { createAgency, createUser, requestAs } from "../fixtures";

const context = { cspNonce: "", clientAddress: "test" };

const CHROME_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SAFARI_ON_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/** Signs the user in from a browser; returns the session id and a request carrying its cookie. */
async function signIn(user: SessionUser, userAgent: string) {
  const cookie = (await createSessionCookie(user.id, userAgent)).split(";")[0]!;
  // The session's id on the server (the cookie holds a token whose hash it is).
  const { sessionId } = (await getUserFromCookieHeader(cookie))!;
  const request = (init: RequestInit = {}) =>
    new Request("http://localhost/account", { ...init, headers: { Cookie: cookie, "User-Agent": userAgent } });
  return { sessionId, request };
}

function form(fields: Record<string, string | undefined>) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) body.set(name, value);
  return { method: "POST", body };
}

/** What a route answered: a redirect's status and location, or the data and status of `data()`. */
async function answer(run: () => unknown) {
  try {
    const result = await run();
    if (result instanceof Response) return { status: result.status, location: result.headers.get("Location"), body: null };
    const init = (result as { init?: { status?: number } | null }).init;
    if (init !== undefined) return { status: init?.status ?? 200, location: null, body: (result as { data: unknown }).data };
    return { status: 200, location: null, body: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location"), body: null };
    const init = (thrown as { init?: { status?: number } | null }).init;
    if (init?.status) return { status: init.status, location: null, body: null };
    throw thrown;
  }
}

const profileAudits = (userId: string) => prisma.auditEvent.findMany({ where: { entityId: userId, action: "user.profile_updated" } });

describe("profile", () => {
  let user: SessionUser;
  let otherAgency: { id: string; name: string };
  beforeEach(async () => {
    user = await createUser({ name: "Asha Patel" });
    otherAgency = await createAgency("education", `Riverside Primary ${user.id}`);
  });

  test("saves name, job title and agency, and audits only what changed", async () => {
    const result = await updateProfile(user, { name: "Asha Patel-Jones", jobTitle: "Practitioner", agencyId: otherAgency.id });
    expect(result).toEqual({ ok: true, changed: true });
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored).toMatchObject({ name: "Asha Patel-Jones", jobTitle: "Practitioner", agencyId: otherAgency.id });
    const [audit, ...more] = await profileAudits(user.id);
    expect(more).toEqual([]);
    expect(audit).toMatchObject({ initiativeId: null, entity: "user", actorId: user.id });
    const oldAgency = await prisma.agency.findUniqueOrThrow({ where: { id: user.agencyId } });
    expect(JSON.parse(audit!.before!)).toEqual({ name: "Asha Patel", agency: oldAgency.name });
    expect(JSON.parse(audit!.after!)).toEqual({ name: "Asha Patel-Jones", agency: otherAgency.name });
  });

  test("an unknown agency is a field error and nothing is stored", async () => {
    const result = await updateProfile(user, { name: "Someone Else", jobTitle: "Manager", agencyId: "no-such-agency" });
    expect(result).toEqual({ ok: false, field: "agencyId", message: "Choose your agency from the list" });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      name: "Asha Patel",
      jobTitle: "Practitioner",
      agencyId: user.agencyId,
    });
    expect(await profileAudits(user.id)).toEqual([]);
  });

  test("saving without a change records nothing", async () => {
    expect(await updateProfile(user, { name: user.name, jobTitle: user.jobTitle, agencyId: user.agencyId })).toEqual({
      ok: true,
      changed: false,
    });
    expect(await profileAudits(user.id)).toEqual([]);
  });

  test("the schema uses the sign-up messages", () => {
    const result = ProfileSchema.safeParse({ name: "  ", jobTitle: "x".repeat(101) });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((issue) => [issue.path[0], issue.message]));
    expect(messages).toEqual({
      name: "Enter your full name",
      jobTitle: "Your job title must be 100 characters or fewer",
      agencyId: "Choose your agency from the list",
    });
  });

  test("through the page: bad input answers 400 with the errors and stores nothing", async () => {
    const { request } = await signIn(user, CHROME_ON_WINDOWS);
    const result = await answer(() =>
      accountRoute.action({
        request: request(form({ intent: "update-profile", name: "", jobTitle: "Manager", agencyId: "no-such-agency" })),
        params: {},
        context,
      }),
    );
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ error: { name: ["Enter your full name"] } });
    const unknownAgency = await answer(() =>
      accountRoute.action({
        request: request(form({ intent: "update-profile", name: "New Name", jobTitle: "Manager", agencyId: "no-such-agency" })),
        params: {},
        context,
      }),
    );
    expect(unknownAgency.status).toBe(400);
    expect(unknownAgency.body).toMatchObject({ error: { agencyId: ["Choose your agency from the list"] } });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ name: "Asha Patel" });
    expect(await profileAudits(user.id)).toEqual([]);
  });

  test("through the page: a good profile is saved and the page says so", async () => {
    const { request } = await signIn(user, CHROME_ON_WINDOWS);
    const result = await answer(() =>
      accountRoute.action({
        request: request(form({ intent: "update-profile", name: "Asha Patel", jobTitle: "Team manager", agencyId: user.agencyId })),
        params: {},
        context,
      }),
    );
    expect(result).toMatchObject({ status: 302, location: "/account?saved=profile" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).jobTitle).toBe("Team manager");
  });
});

describe("sessions", () => {
  let user: SessionUser;
  let other: SessionUser;
  beforeEach(async () => {
    user = await createUser();
    other = await createUser();
  });

  test("names browsers in plain words", () => {
    expect(describeUserAgent(CHROME_ON_WINDOWS)).toBe("Chrome on Windows");
    expect(describeUserAgent(SAFARI_ON_IPHONE)).toBe("Safari on iPhone");
    expect(describeUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0")).toBe("Firefox on Linux");
    expect(
      describeUserAgent(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      ),
    ).toBe("Edge on macOS");
    expect(describeUserAgent(null)).toBe("An unknown browser");
    expect(describeUserAgent("curl/8.5.0")).toBe("curl/8.5.0");
    expect(describeUserAgent("x".repeat(200))).toHaveLength(60);
  });

  test("lists the person's own sessions, this browser first and marked, without their ids", async () => {
    const here = await signIn(user, CHROME_ON_WINDOWS);
    const phone = await signIn(user, SAFARI_ON_IPHONE);
    await signIn(other, CHROME_ON_WINDOWS);
    const sessions = await listSessions(user.id, here.sessionId);
    expect(sessions.map(({ browser, isCurrent }) => ({ browser, isCurrent }))).toEqual([
      { browser: "Chrome on Windows", isCurrent: true },
      { browser: "Safari on iPhone", isCurrent: false },
    ]);
    const page = await accountRoute.loader({ request: here.request(), params: {}, context });
    const serialised = JSON.stringify(page);
    expect(serialised).not.toContain(here.sessionId);
    expect(serialised).not.toContain(phone.sessionId);
    expect(page.sessions.map((session) => session.key)).toEqual([sessionKey(here.sessionId), sessionKey(phone.sessionId)]);
  });

  test("signs out another of one's own sessions, and audits it without the session id", async () => {
    const here = await signIn(user, CHROME_ON_WINDOWS);
    const phone = await signIn(user, SAFARI_ON_IPHONE);
    expect(await revokeSession(user, sessionKey(phone.sessionId), here.sessionId)).toEqual({ ok: true, count: 1 });
    expect(await prisma.session.findUnique({ where: { id: phone.sessionId } })).toBeNull();
    expect(await prisma.session.findUnique({ where: { id: here.sessionId } })).not.toBeNull();
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "session.revoked", actorId: user.id } });
    expect(audit.initiativeId).toBeNull();
    expect(JSON.parse(audit.before!)).toMatchObject({ browser: "Safari on iPhone", userAgent: SAFARI_ON_IPHONE });
    const stored = JSON.stringify(audit);
    expect(stored).not.toContain(phone.sessionId);
    expect(stored).not.toContain(sessionKey(phone.sessionId));
  });

  test("another person's session cannot be signed out, by its key or by its id", async () => {
    const here = await signIn(user, CHROME_ON_WINDOWS);
    const theirs = await signIn(other, CHROME_ON_WINDOWS);
    for (const key of [sessionKey(theirs.sessionId), theirs.sessionId]) {
      expect(await revokeSession(user, key, here.sessionId)).toEqual({ ok: false, message: "That session has already ended." });
    }
    expect(await prisma.session.findUnique({ where: { id: theirs.sessionId } })).not.toBeNull();
    expect(await prisma.auditEvent.count({ where: { action: "session.revoked", actorId: user.id } })).toBe(0);

    // Through the page too, confirmed or not.
    for (const confirmed of [{}, { confirmed: "yes" }]) {
      const result = await answer(() =>
        accountRoute.action({
          request: here.request(form({ intent: "revoke-session", session: sessionKey(theirs.sessionId), ...confirmed })),
          params: {},
          context,
        }),
      );
      expect(result).toMatchObject({ status: 400, body: { sessionError: "That session has already ended." } });
    }
    expect(await prisma.session.findUnique({ where: { id: theirs.sessionId } })).not.toBeNull();
  });

  test("the current session is not signed out from the list", async () => {
    const here = await signIn(user, CHROME_ON_WINDOWS);
    expect(await revokeSession(user, sessionKey(here.sessionId), here.sessionId)).toMatchObject({ ok: false });
    expect(await prisma.session.findUnique({ where: { id: here.sessionId } })).not.toBeNull();
  });

  test("through the page: asks first, then signs the session out", async () => {
    const here = await signIn(user, CHROME_ON_WINDOWS);
    const phone = await signIn(user, SAFARI_ON_IPHONE);
    const asked = await answer(() =>
      accountRoute.action({
        request: here.request(form({ intent: "revoke-session", session: sessionKey(phone.sessionId) })),
        params: {},
        context,
      }),
    );
    expect(asked).toMatchObject({
      status: 200,
      body: { confirm: { intent: "revoke-session", key: sessionKey(phone.sessionId), browser: "Safari on iPhone" } },
    });
    expect(await prisma.session.findUnique({ where: { id: phone.sessionId } })).not.toBeNull();
    const done = await answer(() =>
      accountRoute.action({
        request: here.request(form({ intent: "revoke-session", session: sessionKey(phone.sessionId), confirmed: "yes" })),
        params: {},
        context,
      }),
    );
    expect(done).toMatchObject({ status: 302, location: "/account?signedOut=one" });
    expect(await prisma.session.findUnique({ where: { id: phone.sessionId } })).toBeNull();
  });

  test("signs out all other sessions of the person only", async () => {
    const here = await signIn(user, CHROME_ON_WINDOWS);
    await signIn(user, SAFARI_ON_IPHONE);
    await signIn(user, CHROME_ON_WINDOWS);
    const theirs = await signIn(other, CHROME_ON_WINDOWS);
    expect(await revokeOtherSessions(user, here.sessionId)).toEqual({ ok: true, count: 2 });
    expect((await prisma.session.findMany({ where: { userId: user.id } })).map((s) => s.id)).toEqual([here.sessionId]);
    expect(await prisma.session.findUnique({ where: { id: theirs.sessionId } })).not.toBeNull();
    expect(await prisma.auditEvent.count({ where: { action: "session.revoked", actorId: user.id } })).toBe(2);

    const again = await answer(() =>
      accountRoute.action({ request: here.request(form({ intent: "revoke-other-sessions", confirmed: "yes" })), params: {}, context }),
    );
    expect(again).toMatchObject({ status: 302, location: "/account?signedOut=others&count=0" });
  });

  test("signed out, the page sends you to sign in", async () => {
    const request = await requestAs(null, "/account");
    expect((await answer(() => accountRoute.loader({ request, params: {}, context }))).status).toBe(302);
    const post = await requestAs(null, "/account", form({ intent: "revoke-other-sessions", confirmed: "yes" }));
    expect((await answer(() => accountRoute.action({ request: post, params: {}, context }))).status).toBe(302);
  });
});
