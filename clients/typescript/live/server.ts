// Starts `task_api serve` (the binary in $TASK_API, built by run-tests.sh) on a free port,
// and stops it.
import { spawn, type ChildProcess } from "node:child_process";

export interface Served {
  readonly base: string;
  stop(): Promise<void>;
}

export async function serve(args: string[]): Promise<Served> {
  const binary = process.env["TASK_API"];
  if (binary === undefined) {
    throw new Error("set TASK_API to the task_api example binary (run-tests.sh does)");
  }
  const child: ChildProcess = spawn(binary, ["serve", "--addr", "127.0.0.1:0", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`no banner in 20 s: ${seen}`)), 20000);
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      const match = /mock server on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`task_api exited (${String(code)}): ${seen}`));
    });
  });
  return {
    base,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once("exit", () => resolve());
        child.kill("SIGINT");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}
