// Worker-thread entry for the render pool. It runs outside Next's bundle, so it loads the
// TypeScript generators through tsx. Rendering is pure: parameters in, files out.
import { register } from "tsx/esm/api";
import { pathToFileURL } from "node:url";
import path from "node:path";

register();

const modules = new Map();

async function generatorModule(renderModule) {
  if (!modules.has(renderModule)) {
    const file = path.join(process.cwd(), "lib", "engine", "generators", renderModule);
    modules.set(renderModule, import(pathToFileURL(file).href));
  }
  return modules.get(renderModule);
}

/** One task: render one job. Progress and cancellation travel over `port`. */
export default async function renderTask({ renderModule, request, port }) {
  const controller = new AbortController();
  port.on("message", (message) => {
    if (message?.type === "abort") controller.abort();
  });
  try {
    const { renderJob } = await generatorModule(renderModule);
    let last = 0;
    const result = await renderJob(
      request,
      (progress) => {
        const now = Date.now();
        if (now - last > 250 || progress.framesDone === progress.framesTotal) {
          last = now;
          port.postMessage({ type: "progress", ...progress });
        }
      },
      controller.signal,
    );
    return result;
  } finally {
    port.close();
  }
}
