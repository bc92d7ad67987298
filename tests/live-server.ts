import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { attachRealtime } from "../server/realtime";

export type LiveServer = { url: string; realtime: ReturnType<typeof attachRealtime> };

/**
 * The portal's socket server on a free port of this machine for the test file that calls this
 * (at its top level): started before its tests, closed after them. Read `url` and `realtime`
 * inside tests, once it has started.
 */
export function startLiveServer(): LiveServer {
  const live = {} as LiveServer;
  beforeAll(async () => {
    const server = http.createServer();
    live.realtime = attachRealtime(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    live.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await live.realtime.close();
  });
  return live;
}
