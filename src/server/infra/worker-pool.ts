import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';

type Pending = { id: number; input: unknown; resolve: (v: never) => void; reject: (e: Error) => void };
type Answer = { id: number; output?: unknown; error?: string };

/** tsx's ESM API (the `import` entry of `tsx/esm/api`), for threads running a `.ts` script. */
const tsxApi = () =>
  pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;

/** One or two threads: the machine's other cores serve requests, PostgreSQL and argon2 (libuv pool). */
const defaultSize = Math.max(1, Math.min(2, os.availableParallelism() - 1));

/**
 * A few worker threads running one script, for CPU-bound work that must not hold the event loop
 * (the password strength estimate). Threads start on first use and, while idle, do not keep the
 * process alive; a thread that dies fails its task and is replaced on the next one. The script
 * serves its tasks with `serveTasks`. A `.ts` script (tests, `npm run dev`) runs through tsx; the
 * build bundles it to `.js` beside the server (`scripts/build-server.mjs`).
 */
export class WorkerPool<I, O> {
  readonly #script: URL;
  readonly #size: number;
  readonly #idle: Worker[] = [];
  readonly #busy = new Map<Worker, Pending>();
  readonly #queue: Pending[] = [];
  #nextId = 1;

  constructor(script: URL, size = defaultSize) {
    this.#script = script;
    this.#size = size;
  }

  run(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, input, resolve: resolve as (v: never) => void, reject });
      this.#dispatch();
    });
  }

  /** Ends every thread (a later `run` starts new ones). */
  async close(): Promise<void> {
    const all = [...this.#idle, ...this.#busy.keys()];
    this.#idle.length = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }

  #dispatch() {
    while (this.#queue.length > 0) {
      const worker = this.#idle.pop() ?? (this.#busy.size < this.#size ? this.#spawn() : undefined);
      if (!worker) return;
      const task = this.#queue.shift()!;
      this.#busy.set(worker, task);
      worker.ref();
      worker.postMessage({ id: task.id, input: task.input });
    }
  }

  #spawn(): Worker {
    // A `.ts` script goes through tsx's loader, registered inside the thread before the import.
    const worker = this.#script.pathname.endsWith('.ts')
      ? new Worker(
          `import(${JSON.stringify(tsxApi())}).then(({ register }) => { register(); return import(${JSON.stringify(this.#script.href)}); });`,
          { eval: true },
        )
      : new Worker(this.#script);
    worker.on('message', (answer: Answer) => {
      const task = this.#busy.get(worker);
      if (!task || task.id !== answer.id) return;
      this.#busy.delete(worker);
      worker.unref();
      this.#idle.push(worker);
      if (answer.error !== undefined) task.reject(new Error(answer.error));
      else task.resolve(answer.output as never);
      this.#dispatch();
    });
    const fail = (err: Error) => {
      const task = this.#busy.get(worker);
      this.#busy.delete(worker);
      const at = this.#idle.indexOf(worker);
      if (at >= 0) this.#idle.splice(at, 1);
      task?.reject(err);
      this.#dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`Le thread de calcul s’est arrêté (code ${code}).`)));
    return worker;
  }
}

/** Inside a pool's script: answers each task with `handle(input)`, or with the error it throws. */
export function serveTasks<I, O>(handle: (input: I) => O) {
  if (!parentPort) throw new Error('serveTasks runs inside a worker thread.');
  const port = parentPort;
  port.on('message', ({ id, input }: { id: number; input: I }) => {
    try {
      port.postMessage({ id, output: handle(input) });
    } catch (err) {
      port.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
    }
  });
}
