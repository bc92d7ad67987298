import http from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createSessionCookie } from "~/utils/auth.server";
import { attachRealtime } from "../../server/realtime";
import { createUser } from "../fixtures";

let server: http.Server;
let realtime: ReturnType<typeof attachRealtime>;
let url: string;

beforeAll(async () => {
  server = http.createServer();
  realtime = attachRealtime(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await realtime.close();
});

function connectWith(cookie?: string): Promise<{ socket: Socket; error?: Error }> {
  const socket = connect(url, {
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

  test("a signed-in person connects and is placed in their own room", async () => {
    const user = await createUser();
    const cookie = (await createSessionCookie(user.id, "vitest")).split(";")[0]!;
    const { socket, error } = await connectWith(cookie);
    expect(error).toBeUndefined();
    expect(socket.connected).toBe(true);
    const rooms = await realtime.io.in(`user-${user.id}`).fetchSockets();
    expect(rooms).toHaveLength(1);
    socket.close();
  });
});
