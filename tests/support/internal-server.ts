import { listen } from "./http-server";

export const SECRET = "internal secret: the portal must never pass this on";

/**
 * A server inside the network (another loopback port, never allowed) holding a secret, as a
 * hostile upstream would point the portal at: it records every request, and none may ever reach it.
 */
export async function startInternalServer() {
  const hits: string[] = [];
  const { server, port } = await listen((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { "content-type": "application/zip" });
    res.end(SECRET);
  });
  return { server, port, url: `http://127.0.0.1:${port}`, hits };
}
