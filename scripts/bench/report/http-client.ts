import { execFile } from "node:child_process";
import http from "node:http";

/**
 * The bench's HTTP side: keep-alive requests to the server under test, an Auth.js sign-in,
 * CONCURRENCY clients in a loop, and a download streamed to nowhere.
 */

/** The last 22 bytes seen so far (where a zip's end record sits), after `chunk`. */
export function zipTail(tail: Buffer, chunk: Uint8Array): Buffer {
  return Buffer.concat([tail, chunk.subarray(Math.max(0, chunk.byteLength - 22))]).subarray(-22);
}

export const hasEndRecord = (tail: Buffer) => tail.length === 22 && tail.readUInt32LE(0) === 0x06054b50;

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface Load {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  firstError?: string;
}

export function benchHttp({ host, port, concurrency }: { host: string; port: number; concurrency: number }) {
  const origin = `http://${host}:${port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  function request(method: string, pathname: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: host, port: port, method, path: pathname, headers: options.headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(options.body);
    });
  }

  /** Just enough of a cookie jar for Auth.js's csrf and session cookies. */
  class Cookies {
    private jar = new Map<string, string>();
    take(reply: Reply) {
      for (const line of reply.headers["set-cookie"] ?? []) {
        const [pair] = line.split(";");
        const eq = pair!.indexOf("=");
        this.jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
      }
    }
    header(): string {
      return [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    }
    has(name: string): boolean {
      return [...this.jar.keys()].some((k) => k.includes(name));
    }
  }

  async function signIn(email: string, password: string): Promise<string> {
    const cookies = new Cookies();
    const csrf = await request("GET", "/api/auth/csrf");
    cookies.take(csrf);
    const { csrfToken } = JSON.parse(csrf.body.toString()) as { csrfToken: string };
    const form = new URLSearchParams({ email, password, csrfToken, callbackUrl: `${origin}/batches` });
    const reply = await request("POST", "/api/auth/callback/credentials", {
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.header() },
      body: form.toString(),
    });
    cookies.take(reply);
    if (!cookies.has("session-token")) throw new Error(`sign-in gave no session cookie (HTTP ${reply.status}, location ${reply.headers.location})`);
    return cookies.header();
  }


  /** concurrency clients on keep-alive sockets, each sending its next request when the last one is read. */
  async function hammer(pathname: string, cookie: string | undefined, seconds: number): Promise<Load> {
    const latencies: number[] = [];
    let errors = 0;
    let firstError: string | undefined;
    const headers = cookie ? { cookie } : undefined;
    const start = performance.now();
    const end = start + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < end) {
          const t0 = performance.now();
          try {
            const reply = await request("GET", pathname, { headers });
            if (reply.status !== 200) {
              errors += 1;
              firstError ??= `HTTP ${reply.status}: ${reply.body.toString().slice(0, 200)}`;
            }
          } catch (error) {
            errors += 1;
            firstError ??= String(error);
          }
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
    return { requests: latencies.length, errors, perSecond: latencies.length / elapsed, p50: at(0.5), p95: at(0.95), firstError };
  }

  /** Streams a download to nowhere, counting bytes and keeping the last 22 (the zip's end record). */
  function download(pathname: string, cookie?: string): Promise<{ status: number; bytes: number; seconds: number; tail: Buffer; firstBytes: string }> {
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      const req = http.request({ host: host, port: port, method: "GET", path: pathname, headers: cookie ? { cookie } : {}, agent: false }, (res) => {
        let bytes = 0;
        let tail: Buffer = Buffer.alloc(0);
        let firstBytes = "";
        res.on("data", (chunk: Buffer) => {
          if (bytes === 0) firstBytes = chunk.subarray(0, 200).toString();
          bytes += chunk.length;
          tail = zipTail(tail, chunk);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes, seconds: (performance.now() - t0) / 1000, tail, firstBytes }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
  }

  /**
   * The same download by curl into /dev/null: native code reading 64 kB at a time, as a
   * browser's network stack does, where Node's client spends a JS callback per socket read and,
   * on a 2-core machine, takes CPU from the server it is measuring.
   */
  function curlDownload(pathname: string, cookie?: string): Promise<{ status: number; bytes: number; seconds: number }> {
    const args = ["-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{time_total}", ...(cookie ? ["-H", `cookie: ${cookie}`] : []), `${origin}${pathname}`];
    return new Promise((resolve, reject) => {
      execFile("curl", args, (error, stdout) => {
        if (error) return reject(error);
        const [status, bytes, seconds] = stdout.trim().split(" ").map(Number);
        resolve({ status: status!, bytes: bytes!, seconds: seconds! });
      });
    });
  }

  return { origin, request, signIn, hammer, download, curlDownload, close: () => agent.destroy() };
}
