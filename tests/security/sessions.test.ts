import { io as connect, type Socket } from "socket.io-client";
import { afterEach, describe, expect, test, vi } from "vitest";
import { revokeSession } from "~/modules/accounts/commands.server";
import { sessionKey } from "~/modules/accounts/queries.server";
import { action as signInAction } from "~/routes/sign-in";
import { action as signOutAction } from "~/routes/sign-out";
import { createSessionCookie, deleteExpiredSessions, getUserFromCookieHeader, hashPassword, startExpiredSessionSweep } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { startLiveServer } from "../live-server";
import { createAgency, settle, waitFor } from "../fixtures";

/**
 * How long a sign-in lasts, as the user guide (docs/user-guide.md) promises: without "keep me signed in", until the
 * browser closes or 2 hours unused; with it, 30 days from signing in. Ended sessions are refused
 * at once, deleted by the hourly job, and their open pages are disconnected.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PASSWORD = "saffron tugboat violin";

const live = startLiveServer();

afterEach(() => {
  vi.useRealTimers();
});

/** Only the clock of `new Date()` and `Date.now()` moves; the sockets' timers run as usual. */
function setClock(at: number) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(at);
}

async function personWithPassword() {
  const agency = await createAgency();
  const email = `sessions-${Math.random().toString(36).slice(2)}@example.gov.uk`;
  const user = await prisma.user.create({
    data: { email, name: "Dee Harper", jobTitle: "Practitioner", agencyId: agency.id, password: { create: { hash: await hashPassword(PASSWORD) } } },
  });
  return { user, email };
}

let attempt = 0;

/** Signs in through the real form's action; the Set-Cookie header answered. */
async function signIn(email: string, { keepSignedIn = false } = {}) {
  const body = new URLSearchParams({ email, password: PASSWORD, ...(keepSignedIn ? { keepSignedIn: "yes" } : {}) });
  attempt += 1;
  const response = (await signInAction({
    request: new Request("http://localhost/sign-in", {
      method: "POST",
      body,
      headers: { "User-Agent": "Mozilla/5.0 (Windows NT 10.0) Chrome/130.0" },
    }),
    params: {},
    context: { cspNonce: "", clientAddress: `sessions-test-${attempt}` },
  })) as Response;
  expect(response.status).toBe(302);
  return response.headers.get("Set-Cookie")!;
}

const cookiePair = (setCookie: string) => setCookie.split(";")[0]!;
const attributes = (setCookie: string) =>
  setCookie
    .split(";")
    .slice(1)
    .map((part) => part.trim().toLowerCase());
const signedIn = async (setCookie: string) => (await getUserFromCookieHeader(cookiePair(setCookie))) !== null;

/** A page with live updates open, as the browser connects. */
function openPage(setCookie: string) {
  const socket: Socket = connect(live.url, { transports: ["websocket"], extraHeaders: { Cookie: cookiePair(setCookie) }, reconnection: false });
  return new Promise<Socket>((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

describe("the session cookie", () => {
  test("without ‘keep me signed in’ it lasts as long as the browser: no Max-Age or Expires; HttpOnly, SameSite=Lax", async () => {
    const { email } = await personWithPassword();
    const setCookie = await signIn(email);
    const attrs = attributes(setCookie);
    expect(attrs.some((a) => a.startsWith("max-age") || a.startsWith("expires"))).toBe(false);
    expect(attrs).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "path=/"]));
  });

  test("with it, the cookie has a Max-Age of 30 days at most", async () => {
    const { email } = await personWithPassword();
    const setCookie = await signIn(email, { keepSignedIn: true });
    const maxAge = Number(
      attributes(setCookie)
        .find((a) => a.startsWith("max-age="))
        ?.split("=")[1],
    );
    expect(maxAge).toBeGreaterThan(29 * 24 * 3600);
    expect(maxAge).toBeLessThanOrEqual(30 * 24 * 3600);
    expect(attributes(setCookie)).toEqual(expect.arrayContaining(["httponly", "samesite=lax"]));
  });

  test("the database keeps no cookie that signs anyone in: only a hash of it", async () => {
    const { user, email } = await personWithPassword();
    const setCookie = await signIn(email);
    const token = cookiePair(setCookie).split("=")[1]!;
    const rows = await prisma.session.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toContain(token);
    // A copied row id used as a cookie signs nobody in.
    expect(await getUserFromCookieHeader(`portal_session=${rows[0]!.id}`)).toBeNull();
    expect(await signedIn(setCookie)).toBe(true);
  });
});

describe("how long a sign-in lasts", () => {
  test("a browser session ends after 2 hours unused, and each use starts the 2 hours again", async () => {
    const { email } = await personWithPassword();
    const start = Date.now();
    setClock(start);
    const setCookie = await signIn(email);
    setClock(start + 1 * HOUR + 50 * MINUTE);
    expect(await signedIn(setCookie)).toBe(true);
    // 1 h 50 after that use: still signed in, though 3 h 40 have passed since signing in.
    setClock(start + 3 * HOUR + 40 * MINUTE);
    expect(await signedIn(setCookie)).toBe(true);
    // Then 2 hours and a minute without use: signed out.
    setClock(start + 5 * HOUR + 41 * MINUTE);
    expect(await signedIn(setCookie)).toBe(false);
  });

  test("a browser session not used at all ends 2 hours after signing in, and is deleted", async () => {
    const { user, email } = await personWithPassword();
    const start = Date.now();
    setClock(start);
    const setCookie = await signIn(email);
    setClock(start + 2 * HOUR + MINUTE);
    expect(await signedIn(setCookie)).toBe(false);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  test("‘keep me signed in’ lasts 30 days from signing in, however much it is used", async () => {
    const { email } = await personWithPassword();
    const start = Date.now();
    setClock(start);
    const setCookie = await signIn(email, { keepSignedIn: true });
    for (const day of [1, 10, 20, 29]) {
      setClock(start + day * DAY);
      expect(await signedIn(setCookie), `day ${day}`).toBe(true);
    }
    setClock(start + 30 * DAY + MINUTE);
    expect(await signedIn(setCookie)).toBe(false);
  });
});

describe("ended sessions and open pages", () => {
  test("the hourly job deletes ended sessions and disconnects their open pages; live sessions stay connected", async () => {
    const { user } = await personWithPassword();
    const ending = await createSessionCookie(user.id, "vitest");
    const kept = await createSessionCookie(user.id, "vitest", { persistent: true });
    const endingPage = await openPage(ending);
    const keptPage = await openPage(kept);
    const disconnected = new Promise((resolve) => endingPage.once("disconnect", resolve));

    // Two hours and a minute later, as far as the sessions are concerned.
    await prisma.session.updateMany({ where: { userId: user.id, persistent: false }, data: { expiresAt: new Date(Date.now() - MINUTE) } });
    const stop = startExpiredSessionSweep(50);
    await disconnected;
    await stop();
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
    await settle();
    expect(keptPage.connected).toBe(true);

    // Reconnecting with the ended session's cookie is refused; the live one connects.
    await expect(openPage(ending)).rejects.toThrow("Sign in to receive live updates.");
    const again = await openPage(kept);
    [keptPage, again].forEach((socket) => socket.close());
  });

  test("a session that has ended but is not yet deleted cannot open a page's connection", async () => {
    const { user } = await personWithPassword();
    const ending = await createSessionCookie(user.id, "vitest");
    await prisma.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - MINUTE) } });
    await expect(openPage(ending)).rejects.toThrow("Sign in to receive live updates.");
  });

  test("deleteExpiredSessions leaves sessions still in use alone and counts what it deleted", async () => {
    const { user } = await personWithPassword();
    await createSessionCookie(user.id, "vitest");
    await createSessionCookie(user.id, "vitest", { persistent: true });
    const before = await prisma.session.count({ where: { userId: user.id } });
    expect(before).toBe(2);
    expect(await deleteExpiredSessions(new Date(Date.now() + 3 * HOUR))).toBeGreaterThanOrEqual(1);
    expect(await prisma.session.findMany({ where: { userId: user.id }, select: { persistent: true } })).toEqual([{ persistent: true }]);
  });

  test("signing out ends the session at once: the cookie is cleared, signs nobody in, and its open pages are disconnected", async () => {
    const { email } = await personWithPassword();
    const setCookie = await signIn(email);
    const page = await openPage(setCookie);
    const disconnected = new Promise((resolve) => page.once("disconnect", resolve));
    const response = (await signOutAction({
      request: new Request("http://localhost/sign-out", { method: "POST", headers: { Cookie: cookiePair(setCookie) } }),
      params: {},
      context: { cspNonce: "", clientAddress: "sessions-test" },
    })) as Response;
    expect(response.headers.get("Set-Cookie")).toMatch(/^portal_session=;.*Max-Age=0/i);
    await disconnected;
    expect(await signedIn(setCookie)).toBe(false);
  });

  test("signing out one session from ‘Your account’ ends it at once; the person's other session goes on", async () => {
    const { user, email } = await personWithPassword();
    const other = await signIn(email);
    const current = await signIn(email);
    const otherPage = await openPage(other);
    const disconnected = new Promise((resolve) => otherPage.once("disconnect", resolve));
    const currentSession = (await getUserFromCookieHeader(cookiePair(current)))!;
    const otherSession = (await getUserFromCookieHeader(cookiePair(other)))!;
    const sessionUser = (await getUserFromCookieHeader(cookiePair(current)))!.user;
    expect(sessionUser.id).toBe(user.id);
    expect((await revokeSession(sessionUser, sessionKey(otherSession.sessionId), currentSession.sessionId)).ok).toBe(true);
    await disconnected;
    expect(await signedIn(other)).toBe(false);
    expect(await signedIn(current)).toBe(true);
  });
});

test("an open page does not keep a browser session alive: connecting checks the session but does not renew it", async () => {
  const { user } = await personWithPassword();
  const setCookie = await createSessionCookie(user.id, "vitest");
  const [row] = await prisma.session.findMany({ where: { userId: user.id } });
  // An hour later the page reconnects; the session's end stays where it was.
  await prisma.session.update({ where: { id: row!.id }, data: { expiresAt: new Date(Date.now() + HOUR) } });
  const page = await openPage(setCookie);
  expect((await prisma.session.findUniqueOrThrow({ where: { id: row!.id } })).expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + HOUR);
  page.close();
  expect(await waitFor(() => !page.connected)).toBe(true);
});
