import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import { checkForm, checkTarget, FORM_LIMITS, formKind, REFUSALS, UrlEncodedFieldCounter } from "./form-limits";

/**
 * The limits of decision 019 as Express middleware: every request's address is checked, and every
 * form is read within its size limit and checked before Remix, or Conform in an action, sees it.
 * A refusal is a short plain-text answer, sent at once.
 */

/** Methods whose requests carry nothing the portal reads. */
const BODILESS_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Where `readForm` leaves a form it has read and checked, for the Remix handler. */
export function formBodyOf(res: Response): Buffer | undefined {
  const body: unknown = res.locals.formBody;
  return Buffer.isBuffer(body) ? body : undefined;
}

/**
 * A short plain-text answer, never cached. `bodyUnread`: the request's body has not been read (in
 * full) and will not be: the connection closes soon after the answer (`lingerThenClose`).
 */
export function refuse(res: Response, status: number, message: string, { bodyUnread = false } = {}) {
  if (res.headersSent) {
    // Part of another answer is already out: all that can be done is to end the connection.
    res.destroy();
    return;
  }
  // Refusals are answered before helmet runs (server/app.ts): they carry the one header of its that plain text needs.
  res.status(status).set({ "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
  if (bodyUnread && !res.req.complete) return lingerThenClose(res, `${message}\n`);
  res.send(`${message}\n`);
}

/** How long a connection whose body was refused stays open after the answer, so that its client can read it. */
const LINGER_MS = 2_000;

/**
 * A "lingering close", as web servers do it. Closing a connection the client is still sending on
 * makes its system reset the connection, and the client may lose the answer with it. So the answer
 * goes out whole (its length says where it ends), the rest of the body is left unread in the
 * network's buffers (the client stops sending once they are full, and reads the answer), and only
 * 2 s later is the answer ended and the connection closed.
 * NOTE: Node closes the connection when an answer ends, and first reads to its end a body no one
 * took if the connection could be reused: hence the late end, and `Connection: close`.
 */
function lingerThenClose(res: Response, text: string) {
  res.set({ Connection: "close", "Content-Length": String(Buffer.byteLength(text)) });
  res.write(text);
  const timer = setTimeout(() => {
    if (!res.writableEnded && !res.destroyed) res.end();
  }, LINGER_MS);
  res.once("close", () => clearTimeout(timer));
}

/** A broken %-escape in the path, or a control character in the path or query: 400. */
export const refuseMalformedAddresses: RequestHandler = (req, res, next) => {
  const problem = checkTarget(req.originalUrl);
  if (problem) return refuse(res, 400, problem);
  next();
};

/**
 * Reads a form's body, up to FORM_LIMITS.maxBytes, and checks its fields (form-limits.ts). A body
 * that is not a form is refused with 415 before it is read, one that says or turns out to be too
 * large with 413 as soon as it does, and a url-encoded one with too many fields with 400 as soon
 * as it has them, without reading the rest.
 */
export const readForm: RequestHandler = (req, res, next) => {
  if (BODILESS_METHODS.has(req.method)) return next();
  const kind = formKind(req.get("content-type"));
  if (!kind) return refuse(res, 415, REFUSALS.notAForm, { bodyUnread: true });
  if (Number(req.get("content-length")) > FORM_LIMITS.maxBytes) return refuse(res, 413, REFUSALS.tooLarge, { bodyUnread: true });

  const chunks: Buffer[] = [];
  let size = 0;
  // A url-encoded form's fields are counted as it arrives: one with too many is refused there.
  const fields = kind.type === "urlencoded" ? new UrlEncodedFieldCounter() : undefined;
  let settled = false;
  const settle = () => {
    settled = true;
    req.off("data", onData);
  };
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > FORM_LIMITS.maxBytes) {
      settle();
      req.pause();
      return refuse(res, 413, REFUSALS.tooLarge, { bodyUnread: true });
    }
    if (fields && fields.add(chunk) > FORM_LIMITS.maxFields) {
      settle();
      req.pause();
      return refuse(res, 400, REFUSALS.tooManyFields, { bodyUnread: true });
    }
    chunks.push(chunk);
  };
  req.on("data", onData);
  req.once("end", () => {
    if (settled) return;
    settle();
    const body = Buffer.concat(chunks, size);
    const problem = checkForm(kind, body);
    if (problem) return refuse(res, 400, problem);
    res.locals.formBody = body;
    next();
  });
  // The client went away part-way: there is no one to answer.
  req.once("close", () => {
    if (!settled) settle();
  });
};

/**
 * The last handler: any error that reaches Express ends as a short plain answer, whatever
 * NODE_ENV is (Express's own would print the stack, with the install path, outside production).
 * A 4xx error (a broken %-escape Express met, say) keeps its status; anything else is logged and
 * answered 500.
 */
export const answerErrorsPlainly: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  const status = statusOf(error);
  if (status >= 500) console.error(error);
  refuse(res, status, status >= 500 ? REFUSALS.serverError : REFUSALS.badRequest);
};

function statusOf(error: unknown): number {
  if (typeof error !== "object" || error === null) return 500;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const value = typeof status === "number" ? status : statusCode;
  return typeof value === "number" && value >= 400 && value < 600 ? value : 500;
}

/**
 * How long a client may take to send a request (Node's http.Server options): its headers within
 * 10 s, all of it (the body too) within 30 s, checked every second; then Node answers 408 and
 * closes the connection. 30 s carries the largest realistic form (the minutes, about 60 KB of
 * English) over a link of 2 KB/s.
 */
export const SLOW_CLIENT_LIMITS = { headersMs: 10_000, requestMs: 30_000, checkEveryMs: 1_000 } as const;
