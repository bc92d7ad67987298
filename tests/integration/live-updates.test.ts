import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { SessionUser } from "~/utils/auth.server";
import { prisma } from "~/utils/db.server";
import { liveUpdates } from "../../server/live-updates";
import { attachRealtime } from "../../server/realtime";
import { addMember, createInitiative, createUser, liveClient, settle } from "../fixtures";

let server: http.Server;
let realtime: ReturnType<typeof attachRealtime>;
let url: string;

beforeAll(async () => {
  const app = express();
  server = http.createServer(app);
  realtime = attachRealtime(server);
  app.use(liveUpdates(realtime.io));
  // Stand-ins for the Remix actions: one succeeds, one refuses.
  app.post("/initiatives/:id/refused", (_req, res) => res.status(400).send("no"));
  app.post("/initiatives/:id/*", (_req, res) => res.status(204).end());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await realtime.close();
});

/** A member's open page, in the initiative's room; `received` lists the entities it was told of. */
async function memberSocket(user: SessionUser, initiativeId: string) {
  const client = await liveClient(url, user, { initiativeId });
  return {
    socket: client.socket,
    get received() {
      return client.events.map((event) => event.entity);
    },
  };
}

test("a successful write is announced to the initiative's members only, and a refused one to nobody", async () => {
  const lead = await createUser();
  const member = await createUser();
  const outsider = await createUser();
  const initiative = await createInitiative(lead);
  await addMember(initiative.id, member, "member");
  const other = await createInitiative(outsider);

  const a = await memberSocket(member, initiative.id);
  const b = await memberSocket(outsider, other.id);

  await fetch(`${url}/initiatives/${initiative.id}/roles/new.data`, { method: "POST" });
  await fetch(`${url}/initiatives/${initiative.id}/refused`, { method: "POST" });
  await settle();
  expect(a.received).toEqual(["roles"]);
  expect(b.received).toEqual([]);
  a.socket.close();
  b.socket.close();
});

test("a removed member stops receiving at once", async () => {
  const lead = await createUser();
  const member = await createUser();
  const initiative = await createInitiative(lead);
  const membership = await addMember(initiative.id, member, "member");
  const removed = await memberSocket(member, initiative.id);
  const staying = await memberSocket(lead, initiative.id);

  await prisma.membership.delete({ where: { id: membership.id } });
  await fetch(`${url}/initiatives/${initiative.id}/members/${membership.id}/remove.data`, { method: "POST" });
  await settle();
  await fetch(`${url}/initiatives/${initiative.id}/meetings/new.data`, { method: "POST" });
  await settle();
  expect(staying.received).toEqual(["members", "meetings"]);
  // The removal itself may still reach them; nothing after it does.
  expect(removed.received).not.toContain("meetings");
  removed.socket.close();
  staying.socket.close();
});
