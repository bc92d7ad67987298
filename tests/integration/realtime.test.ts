import { io as connect, type Socket } from "socket.io-client";
import { describe, expect, test } from "vitest";
import { createSessionCookie } from "~/utils/auth.server";
import { startLiveServer } from "../live-server";
import type { JoinAck } from "~/realtime/events";
import { addMember, createInitiative, createUser } from "../fixtures";

const live = startLiveServer();

function connectWith(cookie?: string): Promise<{ socket: Socket; error?: Error }> {
  const socket = connect(live.url, {
    transports: ["websocket"],
    extraHeaders: cookie ? { Cookie: cookie } : {},
    reconnection: false,
  });
  return new Promise((resolve) => {
    socket.on("connect", () => resolve({ socket }));
    socket.on("connect_error", (error) => resolve({ socket, error }));
  });
}

describe("socket.io on the portal's server", () => {
  test("a connection without a session is refused with a reason", async () => {
    const { socket, error } = await connectWith();
    expect(error?.message).toBe("Sign in to receive live updates.");
    socket.close();
  });

  test("a forged or ended session is refused", async () => {
    const { socket, error } = await connectWith("portal_session=not-a-real-session");
    expect(error?.message).toBe("Sign in to receive live updates.");
    socket.close();
  });

  test("long-polling is refused: websocket only, so several instances need no sticky sessions", async () => {
    const response = await fetch(`${live.url}/socket.io/?EIO=4&transport=polling`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: "Transport unknown" });
  });

  test("a signed-in person connects and is placed in their own room", async () => {
    const user = await createUser();
    const cookie = (await createSessionCookie(user.id, "vitest")).split(";")[0]!;
    const { socket, error } = await connectWith(cookie);
    expect(error).toBeUndefined();
    expect(socket.connected).toBe(true);
    const rooms = await live.realtime.io.in(`user-${user.id}`).fetchSockets();
    expect(rooms).toHaveLength(1);
    socket.close();
  });
});

describe("initiative rooms", () => {
  async function signedInSocket(user: { id: string }) {
    const cookie = (await createSessionCookie(user.id, "vitest")).split(";")[0]!;
    const { socket, error } = await connectWith(cookie);
    if (error) throw error;
    return socket;
  }
  const join = (socket: Socket, payload: unknown) => new Promise<JoinAck>((resolve) => socket.emit("initiative:join", payload, resolve));

  test("members may join their initiative's room; non-members get the same answer as for a missing one", async () => {
    const lead = await createUser();
    const observer = await createUser();
    const outsider = await createUser();
    const initiative = await createInitiative(lead);
    await addMember(initiative.id, observer, "observer");

    const leadSocket = await signedInSocket(lead);
    const observerSocket = await signedInSocket(observer);
    const outsiderSocket = await signedInSocket(outsider);
    expect(await join(leadSocket, { initiativeId: initiative.id })).toEqual({ ok: true });
    expect(await join(observerSocket, { initiativeId: initiative.id })).toEqual({ ok: true });
    expect(await join(outsiderSocket, { initiativeId: initiative.id })).toEqual({ ok: false, error: "Not found." });
    expect(await join(outsiderSocket, { initiativeId: "no-such-initiative" })).toEqual({ ok: false, error: "Not found." });
    expect(await join(outsiderSocket, { initiativeId: 42 })).toEqual({ ok: false, error: "That request was not understood." });
    expect(await join(outsiderSocket, "nonsense")).toEqual({ ok: false, error: "That request was not understood." });

    const inRoom = await live.realtime.io.in(`initiative-${initiative.id}`).fetchSockets();
    expect(inRoom.map((s) => s.data.user.id).sort()).toEqual([lead.id, observer.id].sort());

    // An event published to the room reaches members only.
    const received: string[] = [];
    for (const [name, socket] of [
      ["lead", leadSocket],
      ["observer", observerSocket],
      ["outsider", outsiderSocket],
    ] as const) {
      socket.on("invalidate", () => received.push(name));
    }
    live.realtime.io
      .to(`initiative-${initiative.id}`)
      .emit("invalidate", { entity: "meeting", id: "m1", initiativeId: initiative.id, at: new Date().toISOString() });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received.sort()).toEqual(["lead", "observer"]);
    for (const socket of [leadSocket, observerSocket, outsiderSocket]) socket.close();
  });
});
