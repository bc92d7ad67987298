import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, JoinAck, ServerToClientEvents } from "./events";

export type LiveState = "connecting" | "live" | "reconnecting" | "unavailable";

let shared: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;

/** One socket per browser tab, authenticated by the session cookie the browser already sends. */
function socket() {
  shared ??= io({ transports: ["websocket"], withCredentials: true });
  return shared;
}

/**
 * Keeps an initiative's pages current: joins its room, and whenever anyone changes something
 * in it, re-reads the page through its normal loaders (so nothing private travels on the
 * socket). After a dropped connection it says so, and catches up by re-reading once back.
 */
export function useLiveInitiative(initiativeId: string): LiveState {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  const [state, setState] = useState<LiveState>("connecting");

  useEffect(() => {
    const s = socket();
    let dropped = false;
    const refresh = () => {
      if (latest.current.state === "idle") latest.current.revalidate();
    };
    const join = () =>
      s.emit("initiative:join", { initiativeId }, (ack: JoinAck) => setState(ack.ok ? "live" : "unavailable"));
    const onConnect = () => {
      join();
      if (dropped) refresh();
      dropped = false;
    };
    const onDisconnect = () => {
      dropped = true;
      setState("reconnecting");
    };
    const onInvalidate = (event: { initiativeId: string }) => {
      if (event.initiativeId === initiativeId) refresh();
    };
    s.on("connect", onConnect);
    s.on("disconnect", onDisconnect);
    s.on("invalidate", onInvalidate);
    if (s.connected) join();
    return () => {
      s.emit("initiative:leave", { initiativeId });
      s.off("connect", onConnect);
      s.off("disconnect", onDisconnect);
      s.off("invalidate", onInvalidate);
    };
  }, [initiativeId]);

  return state;
}
