import Database from "better-sqlite3";
import http from "node:http";
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Invalidation, JoinAck } from "~/realtime/events";
import { requireBuild, seedThrough, startPortal, temporaryFolder, type Portal } from "./portal";

/**
 * Issue 19: live events are routed by the initiative a write really changed, never by the
 * request's address. Against the production build, a member of A who is also a member of B (with
 * a page of B open) posts the "Add a role" form to addresses that name B but lead to A. Whatever
 * the server answers, B's room hears nothing; what was really written to A is announced to A.
 */
const folder = temporaryFolder();
const databaseFile = path.join(folder.dir, "crafted.db");
let portal: Portal;
let seeded: Awaited<ReturnType<typeof seed>>;

/** A (led by `both`, watched by `watcher`) and B (led by `other`, with `both` a member). */
function seed(databaseUrl: string) {
  return seedThrough(databaseUrl, async ({ addMember, createInitiative, createUser, cookieFor }) => {
    const both = await createUser({ name: "Priya Shah" });
    const watcher = await createUser({ name: "Sam Okafor" });
    const other = await createUser({ name: "Ruth Evans" });
    const A = await createInitiative(both);
    await addMember(A.id, watcher, "member");
    const B = await createInitiative(other, [both.agencyId]);
    await addMember(B.id, both, "member");
    return {
      A: A.id,
      B: B.id,
      both: { id: both.id, agencyId: both.agencyId, cookie: await cookieFor(both.id) },
      watcher: { cookie: await cookieFor(watcher.id) },
      other: { cookie: await cookieFor(other.id) },
    };
  });
}

beforeAll(async () => {
  requireBuild();
  seeded = await seed(`file:${databaseFile}`);
  portal = await startPortal({ DATABASE_URL: `file:${databaseFile}` });
});

afterAll(async () => {
  await portal?.stop();
  folder.remove();
});

type Listener = { socket: Socket; events: Invalidation[] };

async function listen(cookie: string, initiativeId: string): Promise<Listener> {
  const socket: Socket = connect(portal.url, { transports: ["websocket"], extraHeaders: { Cookie: cookie }, reconnection: false });
  const events: Invalidation[] = [];
  socket.on("invalidate", (event: Invalidation) => events.push(event));
  await new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(undefined));
    socket.once("connect_error", reject);
  });
  expect(await new Promise<JoinAck>((resolve) => socket.emit("initiative:join", { initiativeId }, resolve))).toEqual({ ok: true });
  return { socket, events };
}

/** The form as the browser posts it, to `rawPath` exactly as written (no client tidies it up). */
function postForm(rawPath: string, cookie: string, form: Record<string, string>) {
  const body = new URLSearchParams(form).toString();
  const { hostname, port } = new URL(portal.url);
  return new Promise<number>((resolve, reject) => {
    const request = http.request(
      {
        hostname,
        port,
        method: "POST",
        path: rawPath,
        headers: {
          Cookie: cookie,
          Origin: portal.url,
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** The roles the audit log says were added, by initiative (read straight from the database file). */
function rolesAdded() {
  const db = new Database(databaseFile, { readonly: true });
  try {
    return db.prepare(`SELECT "initiativeId", "entityId" FROM "AuditEvent" WHERE "action" = 'role.created'`).all() as Array<{
      initiativeId: string;
      entityId: string;
    }>;
  } finally {
    db.close();
  }
}

const waitFor = async (check: () => boolean, ms = 5000) => {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
  return check();
};

test("a form posted to an address that names B but leads to A is never announced to B; what is written to A is announced to A", async () => {
  const { A, B, both } = seeded;
  const inA = await listen(seeded.watcher.cookie, A);
  const bothInB = await listen(both.cookie, B);
  const otherInB = await listen(seeded.other.cookie, B);
  try {
    const crafted = [
      `/initiatives/${B}/../${A}/roles/new`,
      `/initiatives/${B}/./../${A}/roles/new`,
      `/initiatives/${B}/%2e%2e/${A}/roles/new`,
      `/initiatives/${B}/%2E%2E/${A}/roles/new`,
      `/initiatives/${B}/..%2f${A}/roles/new`,
      `/initiatives/${B}%2f..%2f${A}/roles/new`,
      `/initiatives/${B}/..\\${A}/roles/new`,
      `/initiatives/${B}/%2e%2e%5c${A}/roles/new`,
    ];
    const answers: Record<string, number> = {};
    for (const [index, rawPath] of crafted.entries()) {
      // A role held by the person posting: one audited write, and no post to the feed.
      answers[rawPath] = await postForm(rawPath, both.cookie, {
        title: `Crafted role ${index}`,
        agencyId: both.agencyId,
        holderId: both.id,
        timeUnit: "hours_per_week",
        timeAmount: "1",
      });
    }
    // And the real form, to A's own address.
    const real = await postForm(`/initiatives/${A}/roles/new`, both.cookie, {
      title: "Chair of the panel",
      agencyId: both.agencyId,
      holderId: both.id,
      timeUnit: "hours_per_week",
      timeAmount: "2",
    });
    expect(real).toBe(302);

    // Whatever the server answered to each address, nothing was written to B…
    const added = rolesAdded();
    expect(
      added.filter((row) => row.initiativeId !== A),
      JSON.stringify(answers),
    ).toEqual([]);
    // …every role written to A was announced to A's room, once…
    expect(await waitFor(() => inA.events.length >= added.length)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(inA.events.map((e) => [e.entity, e.id, e.initiativeId]).sort()).toEqual(added.map((row) => ["role", row.entityId, A]).sort());
    // …and B's room heard nothing: neither the member of both nor B's own lead.
    expect(bothInB.events).toEqual([]);
    expect(otherInB.events).toEqual([]);
  } finally {
    [inA, bothInB, otherInB].forEach((listener) => listener.socket.close());
  }
});
