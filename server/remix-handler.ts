import { createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { REFUSALS } from "./form-limits";
import { formBodyOf, refuse } from "./request-limits";

/**
 * Remix behind Express, as @remix-run/express does it, with two differences (decision 019):
 * - the body Remix gets is the form `readForm` has already read and checked, never the raw
 *   stream, so no parser sees a body before its limits are enforced;
 * - every answer is `Cache-Control: no-store`: pages, `.data`, downloads and errors all hold
 *   what one signed-in person may see, and a shared cache or the browser's history must not
 *   keep them. Static files (express.static, before this) keep their own caching.
 */
export function createRemixHandler({
  build,
  mode,
  getLoadContext,
}: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}): RequestHandler {
  const handleRequest = createRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      const url = requestUrl(req);
      if (!url) return refuse(res, 400, REFUSALS.badHost);
      // Loaders and actions stop (request.signal) once no answer can be written.
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const form = formBodyOf(res);
      const body = form ? new Uint8Array(form.buffer as ArrayBuffer, form.byteOffset, form.byteLength) : undefined;
      const request = new Request(url, { method: req.method, headers: headersOf(req), body, signal: controller.signal });
      const response = await handleRequest(request, getLoadContext(req, res));
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [name, value] of response.headers) res.append(name, value);
      res.set("Cache-Control", "no-store");
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}

/** A host name or address, with a port or not, as a Host header holds it. */
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The address Remix sees: the Host header (or a trusted proxy's X-Forwarded-Host, as
 * `req.hostname` chooses) and the path as it came; null if the host is not one.
 */
function requestUrl(req: ExpressRequest): URL | null {
  const trustProxy = req.app.get("trust proxy fn") as (address: string | undefined, hop: number) => boolean;
  const forwarded = trustProxy(req.socket.remoteAddress, 0) ? req.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const host = forwarded || req.get("host");
  if (!host || !HOST.test(host)) return null;
  try {
    // NOTE: joined, not resolved against a base: "//elsewhere/x" is a path here, not another host.
    return new URL(`${req.protocol}://${host}${req.originalUrl}`);
  } catch {
    return null;
  }
}

function headersOf(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const each of Array.isArray(value) ? value : [value]) headers.append(name, each);
  }
  return headers;
}
