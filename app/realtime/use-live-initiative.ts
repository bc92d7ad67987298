import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, JoinAck, Presence, ServerToClientEvents } from "./events";

type LiveState = "connecting" | "live" | "reconnecting" | "unavailable";

let shared: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;

/** One socket per browser tab, authenticated by the session cookie the browser already sends. */
function socket() {
  shared ??= io({ transports: ["websocket"], withCredentials: true });
  return shared;
}

/**
 * Keeps every page of a signed-in person current: whenever something they can see changes (in
 * the initiative they are looking at, or a feed that counts towards their unread updates), the
 * page re-reads through its normal loaders, so nothing private travels on the socket. A change
 * that arrives while a re-read is under way is not lost: another re-read follows it.
 */
export function useLiveRevalidation(enabled: boolean) {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;
  const [pending, setPending] = useState(false);

  useEffect(() => {
    if (!enabled) return;
    const s = socket();
    let dropped = false;
    const onInvalidate = () => setPending(true);
    const onConnect = () => {
      // Back after a drop: catch up on whatever happened meanwhile.
      if (dropped) setPending(true);
      dropped = false;
    };
    const onDisconnect = () => {
      dropped = true;
    };
    s.on("invalidate", onInvalidate);
    s.on("connect", onConnect);
    s.on("disconnect", onDisconnect);
    return () => {
      s.off("invalidate", onInvalidate);
      s.off("connect", onConnect);
      s.off("disconnect", onDisconnect);
    };
  }, [enabled]);

  useEffect(() => {
    if (pending && revalidator.state === "idle") {
      setPending(false);
      latest.current.revalidate();
    }
  }, [pending, revalidator.state]);
}

/**
 * Joins an initiative's room while one of its pages is open, and reports the connection (so the
 * page can say it is reconnecting) and who is online there now.
 */
export function useLiveInitiative(initiativeId: string): { state: LiveState; online: string[] } {
  const [state, setState] = useState<LiveState>("connecting");
  const [online, setOnline] = useState<string[]>([]);

  useEffect(() => {
    const s = socket();
    const join = () => s.emit("initiative:join", { initiativeId }, (ack: JoinAck) => setState(ack.ok ? "live" : "unavailable"));
    const onDisconnect = () => {
      setState("reconnecting");
      setOnline([]);
    };
    const onPresence = (event: Presence) => {
      if (event.initiativeId === initiativeId) setOnline(event.userIds);
    };
    s.on("connect", join);
    s.on("disconnect", onDisconnect);
    s.on("presence", onPresence);
    if (s.connected) join();
    return () => {
      s.emit("initiative:leave", { initiativeId });
      s.off("connect", join);
      s.off("disconnect", onDisconnect);
      s.off("presence", onPresence);
    };
  }, [initiativeId]);

  return { state, online };
}
