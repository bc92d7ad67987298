/**
 * The benchmark's floor: what a socket.io broadcast costs with nothing else around it. Plain
 * `http` and socket.io with the portal's options (server/realtime.ts), no database, no session:
 * a connection joins the room of its `initiativeId` query, and `POST /post` with a JSON body
 * `{ id, initiativeId }` emits the portal's invalidation payload to that room, then answers 204.
 *
 * With REDIS_URL and REDIS_PREFIX set, several floor servers are joined as the portal's instances
 * are: by the portal's own Redis adapter (server/redis.ts, which opens no database), so that a
 * broadcast on one reaches the connections of all.
 *
 * Started by bench/realtime-latency.ts with `fork`; reports its port over IPC, or why it could not start.
 */
import http from "node:http";
import { Server } from "socket.io";
import type { ServerToClientEvents } from "../app/realtime/events";
import { connectRedis } from "../server/redis";

const httpServer = http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/post") {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const { id, initiativeId } = parseBody(Buffer.concat(chunks).toString("utf8"));
    if (typeof id !== "string" || typeof initiativeId !== "string") {
      res.writeHead(400).end();
      return;
    }
    io.to(`initiative-${initiativeId}`).emit("invalidate", { entity: "post", id, initiativeId, at: new Date().toISOString() });
    res.writeHead(204).end();
  });
});

function parseBody(text: string): { id?: unknown; initiativeId?: unknown } {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === "object" && body !== null ? body : {};
  } catch {
    return {};
  }
}

const { REDIS_URL, REDIS_PREFIX } = process.env;
let redis: Awaited<ReturnType<typeof connectRedis>> | undefined;
try {
  redis = REDIS_URL && REDIS_PREFIX ? await connectRedis(REDIS_URL, REDIS_PREFIX, { instanceName: `bench-floor-${process.pid}` }) : undefined;
} catch (error) {
  const failed = { type: "failed", message: error instanceof Error ? error.message : String(error) };
  // Stops once the message is on its way.
  await new Promise((resolve) => process.send?.(failed, resolve) ?? resolve(false));
  process.exit(1);
}

// The portal's options (server/realtime.ts), copied rather than imported: importing that module
// would open the portal's database.
const io = new Server<Record<string, never>, ServerToClientEvents>(httpServer, {
  ...(redis ? { adapter: redis.adapter } : {}),
  serveClient: false,
  transports: ["websocket"],
  maxHttpBufferSize: 4 * 1024,
  destroyUpgrade: false,
});

io.on("connection", (socket) => {
  const { initiativeId } = socket.handshake.query;
  if (typeof initiativeId === "string") void socket.join(`initiative-${initiativeId}`);
});

httpServer.listen(0, "127.0.0.1", () => {
  const address = httpServer.address();
  if (address && typeof address === "object") process.send?.({ type: "listening", port: address.port });
});

// The benchmark is gone (finished, failed or stopped): go too.
process.on("disconnect", () => process.exit(0));
