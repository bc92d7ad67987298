import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { io as connect, type Socket } from "socket.io-client";
import { expect, vi } from "vitest";
import type { Invalidation, JoinAck, Presence } from "~/realtime/events";
import { createSessionCookie } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { agencyNameKey } from "~/utils/names";
import type { SessionUser } from "~/utils/auth.server";
import type { InitiativeRole } from "~/utils/policy";
import type { InitiativeAccess } from "~/utils/policy.server";
import { testProvider } from "./setup/test-database";

/** Test data made through the real database. Names are unique so files never collide. */
const unique = () => randomUUID().slice(0, 8);

export async function createAgency(sector = "health", name = `Agency ${unique()}`) {
  return prisma.agency.create({ data: { name, nameKey: agencyNameKey(name), sector } });
}

export async function createUser(overrides: Partial<{ name: string; email: string; agencyId: string; isAdmin: boolean }> = {}): Promise<SessionUser> {
  const agencyId = overrides.agencyId ?? (await createAgency()).id;
  const user = await prisma.user.create({
    data: {
      name: overrides.name ?? `Person ${unique()}`,
      email: overrides.email ?? `person-${unique()}@example.gov.uk`,
      jobTitle: "Practitioner",
      agencyId,
      isAdmin: overrides.isAdmin ?? false,
    },
  });
  return user;
}

export async function createInitiative(lead: SessionUser, extraAgencyIds: string[] = []) {
  return prisma.initiative.create({
    data: {
      name: `Initiative ${unique()}`,
      targetGroup: "Looked-after children",
      modelOfActivity: "decision_making_group",
      aims: "Better joined-up support for looked-after children.",
      localAuthority: "Northshire",
      startDate: new Date("2026-04-01T00:00:00Z"),
      rationales: { create: [{ rationale: "target_group_needs" }] },
      agencies: { create: [lead.agencyId, ...extraAgencyIds].map((agencyId) => ({ agencyId })) },
      memberships: { create: { userId: lead.id, role: "lead", agencyId: lead.agencyId } },
    },
  });
}

export async function addMember(initiativeId: string, user: SessionUser, role: InitiativeRole) {
  return prisma.membership.create({
    data: { initiativeId, userId: user.id, role, agencyId: user.agencyId },
  });
}

/** A request carrying a real session cookie for the user (or none). */
export async function requestAs(user: SessionUser | null, url: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (user) {
    const cookie = await createSessionCookie(user.id, "vitest");
    headers.set("Cookie", cookie.split(";")[0]!);
  }
  return new Request(new URL(url, "http://localhost"), { ...init, headers });
}

/** The load context the server gives loaders and actions, for calling them directly. */
export const routeContext = { cspNonce: "", clientAddress: "test" };

/** The HTTP status a loader or action answered with, whether it returned or threw. */
export async function statusOf(run: () => unknown): Promise<number> {
  try {
    const result = await run();
    if (result instanceof Response) return result.status;
    const init = (result as { init?: { status?: number } | null } | null)?.init;
    return init?.status ?? 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    const init = (thrown as { init?: { status?: number } | null }).init;
    if (init?.status) return init.status;
    throw thrown;
  }
}

/** The checked access a route would hand a module, for calling modules directly. */
export async function accessOf(user: SessionUser, initiativeId: string): Promise<InitiativeAccess> {
  const m = await prisma.membership.findFirstOrThrow({ where: { initiativeId, userId: user.id } });
  return { user, initiativeId, membership: { id: m.id, role: m.role as InitiativeRole, agencyId: m.agencyId } };
}

/** Waits until `check` holds, for at most `ms`: true if it did, false if time ran out. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 1000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** Gives events that should not arrive time to (not) arrive. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A member's open page as the real-time server sees it: a socket.io client with their session, keeping what it hears.
 * `cookie` is the session cookie it signed in with (`portal_session=…`), as the browser would send it with a form.
 */
export type LiveClient = { socket: Socket; events: Array<Invalidation & { receivedAt: number }>; presence: Presence[]; cookie: string };

/** Connects `user` to the socket server at `url` (websocket, as the browser does), in `initiativeId`'s room if given. */
export async function liveClient(
  url: string,
  user: SessionUser,
  { initiativeId, reconnection = false }: { initiativeId?: string; reconnection?: boolean } = {},
): Promise<LiveClient> {
  const cookie = (await createSessionCookie(user.id, "vitest")).split(";")[0]!;
  const socket: Socket = connect(url, { transports: ["websocket"], extraHeaders: { Cookie: cookie }, reconnection, reconnectionDelay: 50 });
  const events: LiveClient["events"] = [];
  const presence: Presence[] = [];
  socket.on("invalidate", (event: Invalidation) => events.push({ ...event, receivedAt: Date.now() }));
  socket.on("presence", (event: Presence) => presence.push(event));
  await new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(undefined));
    socket.once("connect_error", reject);
  });
  if (initiativeId) expect(await joinInitiative(socket, { initiativeId })).toEqual({ ok: true });
  return { socket, events, presence, cookie };
}

/** Asks to join an initiative's room, as the page does; `payload` may be anything a client could send. */
export const joinInitiative = (socket: Socket, payload: unknown) =>
  new Promise<JoinAck>((resolve) => socket.emit("initiative:join", payload, resolve));

/** The SQL statements a piece of work sends, counted at the database driver. */
export async function statementsOf(work: () => Promise<unknown>) {
  const spy = testProvider === "postgresql" ? vi.spyOn(pg.Client.prototype, "query") : vi.spyOn(Database.prototype, "prepare");
  try {
    await work();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}
