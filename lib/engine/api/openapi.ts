import { VISIONFIT_SPEC } from "../generators/visionfit/params";
import { MAX_JOBS_PER_BATCH } from "../service/batch-input";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (schema: object, description = "OK") => ({ description, content: { "application/json": { schema } } });
const errors = {
  "401": ok(ref("Error"), "Missing or invalid API token"),
  "404": ok(ref("Error"), "Unknown id, or one belonging to another team"),
  "429": ok(ref("Error"), "Too many failed token attempts from this address; wait as long as Retry-After says"),
};
const idParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "string", format: "uuid" } });
const windowParams = [
  { name: "start_time", in: "query", schema: { type: "string", format: "date-time" } },
  { name: "end_time", in: "query", schema: { type: "string", format: "date-time" } },
];
const pageParams = [
  { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 10000, default: 1000 } },
  { name: "offset", in: "query", schema: { type: "integer", minimum: 0, default: 0 } },
  { name: "batch_id", in: "query", schema: { type: "string", format: "uuid" } },
];
const batchBody = { required: true, content: { "application/json": { schema: ref("BatchRequest") } } };

/** Paths as clients write them, with the trailing slash; the engine also answers without it. */
export const OPENAPI_PATHS = {
  "/api/jobs/": { get: { summary: "List generators", responses: { "200": ok({ type: "array", items: ref("GeneratorSummary") }), ...errors } } },
  "/api/jobs/{generator}/": {
    get: {
      summary: "A generator's parameter schema",
      parameters: [{ name: "generator", in: "path", required: true, schema: { type: "string" }, example: VISIONFIT_SPEC.name }],
      responses: { "200": ok(ref("Generator")), ...errors },
    },
  },
  "/api/batch/": {
    post: {
      summary: "Submit a batch",
      description: `All jobs are validated first; if any is invalid nothing is created and the answer lists errors per job and parameter. At most ${MAX_JOBS_PER_BATCH} jobs.`,
      requestBody: batchBody,
      responses: { "201": ok(ref("Batch"), "Created"), "400": ok(ref("ValidationError"), "Invalid batch"), "413": ok(ref("Error"), "Body too large"), ...errors },
    },
    get: { summary: "The team's batches created in a window", parameters: windowParams, responses: { "200": ok({ type: "array", items: ref("BatchSummaryItem") }), ...errors } },
  },
  "/api/batch/estimate/": {
    post: { summary: "Frames each job would render", requestBody: batchBody, responses: { "200": ok({ type: "array", items: { type: "integer" } }), "400": ok(ref("ValidationError")), ...errors } },
  },
  "/api/batch/{id}/": { get: { summary: "A batch and its jobs", parameters: [idParam("id")], responses: { "200": ok(ref("Batch")), ...errors } } },
  "/api/batch/{id}/summary/": { get: { summary: "Status of every job", parameters: [idParam("id")], responses: { "200": ok(ref("Summary")), ...errors } } },
  "/api/batch/{id}/cancel/": {
    post: { summary: "Cancel unfinished jobs (engine addition)", parameters: [idParam("id")], responses: { "200": ok({ type: "object", properties: { canceled: { type: "integer" } } }), ...errors } },
  },
  "/api/batch/{id}/retry/": {
    post: { summary: "Queue failed jobs again (engine addition)", parameters: [idParam("id")], responses: { "200": ok({ type: "object", properties: { retried: { type: "integer" } } }), ...errors } },
  },
  "/api/job_runs/": { get: { summary: "Video jobs", parameters: pageParams, responses: { "200": ok({ type: "array", items: ref("Job") }), ...errors } } },
  "/api/job_runs/{id}/": { get: { summary: "One video job", parameters: [idParam("id")], responses: { "200": ok(ref("Job")), ...errors } } },
  "/api/job_runs/counts/": { get: { summary: "Frames rendered per generator", parameters: windowParams, responses: { "200": ok(ref("Counts")), ...errors } } },
  "/api/job_previews/": { get: { summary: "Preview jobs", parameters: pageParams, responses: { "200": ok({ type: "array", items: ref("Job") }), ...errors } } },
  "/api/job_previews/{id}/": { get: { summary: "One preview job", parameters: [idParam("id")], responses: { "200": ok(ref("Job")), ...errors } } },
  "/api/results/{id}/": {
    get: {
      summary: "A job's output folder as a zip (the signed result_url; no auth header)",
      security: [],
      parameters: [idParam("id"), { name: "expires", in: "query", required: true, schema: { type: "integer" } }, { name: "signature", in: "query", required: true, schema: { type: "string" } }],
      responses: { "200": { description: "Zip with entries under <job_id>/", content: { "application/zip": {} } }, "403": ok(ref("Error"), "Bad or expired signature"), "404": ok(ref("Error")) },
    },
  },
} as const;

const paramValues = { type: "object", additionalProperties: true };

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: { title: "Infinity Generation API", version: "1.0.0", description: "Submit batches of synthetic-data jobs and fetch their results." },
    servers: [{ url: "/" }],
    security: [{ token: [] }],
    paths: OPENAPI_PATHS,
    components: {
      securitySchemes: { token: { type: "apiKey", in: "header", name: "Authorization", description: 'Send "Token <api token>".' } },
      schemas: {
        Error: { type: "object", required: ["detail"], properties: { detail: { type: "string" } } },
        ValidationError: {
          type: "object",
          required: ["detail"],
          properties: {
            detail: { type: "string" },
            job_errors: { type: "array", items: { type: "object", properties: { index: { type: "integer" }, errors: { type: "object", additionalProperties: { type: "string" } } } } },
          },
        },
        GeneratorSummary: { type: "object", required: ["name"], properties: { name: { type: "string" }, version: { type: "string" }, description: { type: "string" } } },
        Generator: {
          type: "object",
          required: ["name", "version", "params", "options"],
          properties: {
            name: { type: "string" },
            version: { type: "string" },
            options: { type: "object", properties: { preview: { type: "boolean" } } },
            params: {
              type: "array",
              items: {
                type: "object",
                required: ["name", "type", "default_value", "options", "description"],
                properties: {
                  name: { type: "string" },
                  type: { enum: ["int", "float", "str", "bool", "uuid"] },
                  default_value: {},
                  options: { oneOf: [{ type: "null" }, { type: "object", properties: { min: { type: "number" }, max: { type: "number" } } }, { type: "object", properties: { choices: { type: "array" } } }] },
                  description: { type: "string" },
                },
              },
            },
          },
        },
        BatchRequest: {
          type: "object",
          required: ["job_runs"],
          properties: {
            name: { type: ["string", "null"], maxLength: 200, description: "Optional: a batch without a name is named by its creation time." },
            job_runs: {
              type: "array",
              maxItems: MAX_JOBS_PER_BATCH,
              items: { type: "object", required: ["name"], properties: { name: { type: "string" }, is_preview: { type: "boolean" }, param_values: paramValues } },
            },
          },
        },
        Batch: {
          type: "object",
          required: ["id", "name", "created", "job_runs"],
          properties: {
            id: { type: "string", format: "uuid" },
            name: { type: "string" },
            created: { type: "string", format: "date-time" },
            job_runs: { type: "array", items: { type: "object", properties: { id: { type: "string", format: "uuid" }, param_values: paramValues, is_preview: { type: "boolean" } } } },
          },
        },
        BatchSummaryItem: { type: "object", properties: { id: { type: "string" }, name: { type: "string" }, created: { type: "string", format: "date-time" } } },
        Summary: {
          type: "object",
          required: ["job_runs"],
          properties: {
            job_runs: {
              type: "array",
              items: {
                type: "object",
                required: ["id", "name", "in_progress", "result_url"],
                properties: {
                  id: { type: "string" },
                  name: { type: "string" },
                  in_progress: { type: "boolean" },
                  result_url: { type: ["string", "null"] },
                  status: { enum: ["queued", "running", "succeeded", "failed", "canceled"] },
                  progress: { type: "object", properties: { frames_done: { type: "integer" }, frames_total: { type: "integer" } } },
                  attempts: { type: "integer" },
                  error: { type: ["string", "null"] },
                },
              },
            },
          },
        },
        Job: { type: "object", properties: { id: { type: "string" }, batch_id: { type: "string" }, name: { type: "string" }, is_preview: { type: "boolean" }, param_values: paramValues, status: { type: "string" } } },
        Counts: {
          type: "object",
          properties: {
            counts_by_generator: {
              type: "array",
              items: { type: "object", properties: { generator: { type: "string" }, non_preview_samples_rendered: { type: "integer" }, preview_samples_rendered: { type: "integer" } } },
            },
            start_time: { type: ["string", "null"] },
            end_time: { type: ["string", "null"] },
          },
        },
      },
    },
  };
}
