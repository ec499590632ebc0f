import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { getBoss, RENDER_QUEUE, stopQueue } from "@/lib/engine/queue";
import { api, previewJob, teamToken } from "../support/engine-api";
import { signUp } from "../support/factories";

/**
 * The engine writes a batch's jobs and their places in the render queue in one transaction.
 * Before, the jobs were queued after the commit: a failure in between (the process dying, the
 * queue's insert failing) left committed jobs `queued` that no worker would ever take.
 */
const REFUSED = "the queue refuses this batch";
let token: string;

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const db = await getDb();
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

beforeAll(async () => {
  token = await teamToken(await signUp("enqueue"));
  await getBoss();
  // A real failure of the queue's own insert, for one batch only (other test files may share
  // this database): a trigger on pg-boss's job table that refuses the jobs of a batch so named.
  const db = await getDb();
  await db.execute(sql.raw(`
    create or replace function pgboss.refuse_named_batch() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from engine.jobs j join engine.batches b on b.id = j.batch_id
                 where j.id::text = new.data->>'jobId' and b.name = '${REFUSED}') then
        raise exception 'queue insert failed (test fault)';
      end if;
      return new;
    end $$`));
  await db.execute(sql.raw(`create or replace trigger refuse_named_batch before insert on pgboss.job for each row execute function pgboss.refuse_named_batch()`));
});

afterAll(async () => {
  const db = await getDb();
  await db.execute(sql.raw(`drop trigger if exists refuse_named_batch on pgboss.job`));
  await stopQueue();
});

describe("queueing a batch's render jobs", () => {
  it("gives every job of a created batch exactly one place in the queue", async () => {
    const created = await api("POST", "/api/batch/", { token, body: { name: "queued once", job_runs: Array.from({ length: 25 }, () => previewJob()) } });
    expect(created.status).toBe(201);
    const ids = (created.json.job_runs as { id: string }[]).map((j) => j.id);
    const queued = await rows<{ job_id: string; n: number }>(sql`
      select data->>'jobId' as job_id, count(*)::int as n from pgboss.job
      where name = ${RENDER_QUEUE} and data->>'jobId' in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))
      group by 1`);
    expect(queued).toHaveLength(25);
    expect(queued.every((q) => q.n === 1)).toBe(true);
  });

  it("when the queue cannot take the jobs, creates nothing: no batch, no job left queued for nobody", async () => {
    const created = await api("POST", "/api/batch/", { token, body: { name: REFUSED, job_runs: [previewJob(), previewJob()] } });
    expect(created.status).toBe(500);
    expect(created.json.detail).not.toMatch(/queue insert failed|pgboss/);
    const [left] = await rows<{ batches: number; jobs: number }>(sql`
      select (select count(*)::int from engine.batches where name = ${REFUSED}) as batches,
             (select count(*)::int from engine.jobs j join engine.batches b on b.id = j.batch_id where b.name = ${REFUSED}) as jobs`);
    expect(left).toEqual({ batches: 0, jobs: 0 });
  });
});
