// What an integrator does with types openapi-typescript generates from /openapi.json, called
// through openapi-fetch. Run by tests/test_generated_clients.py against a real server (type
// checked with tsc first, so every path, parameter and body below is checked against the
// document); docs/integrators.md shows the same calls. Settings come from the environment:
// NEWSDESK_URL, NEWSDESK_USERNAME and NEWSDESK_PASSWORD (an admin), NEWSDESK_SLUG (a live
// article), NEWSDESK_SEARCH (a word of its title), NEWSDESK_CATEGORY_ID (for the new draft).
// Exits non-zero with a message at the first answer that is not what the contract says.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema";

type Problem = components["schemas"]["Problem"];
type ValidationProblem = components["schemas"]["ValidationProblem"];

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

function fail(message: string): never {
  console.error(`typescript client: ${message}`);
  process.exit(1);
}

function isValidationProblem(body: Problem | ValidationProblem): body is ValidationProblem {
  return "errors" in body && Array.isArray(body.errors);
}

const baseUrl = env("NEWSDESK_URL");
const categoryId = Number(env("NEWSDESK_CATEGORY_ID"));
const anonymous = createClient<paths>({ baseUrl });

// Log in (OAuth2 password form) and use the token for the admin API.
const login = await anonymous.POST("/v1/auth/token", {
  body: { username: env("NEWSDESK_USERNAME"), password: env("NEWSDESK_PASSWORD") },
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
});
if (!login.data) fail(`login answered ${login.response.status}: ${JSON.stringify(login.error)}`);
const staff = createClient<paths>({
  baseUrl,
  headers: { Authorization: `Bearer ${login.data.access_token}` },
});

// Public reads: a page of the newest, a search, one article by its slug.
const page = await anonymous.GET("/v1/articles", { params: { query: { limit: 5 } } });
if (!page.data?.items.length) fail(`list answered ${page.response.status}`);
const slug = env("NEWSDESK_SLUG");
const found = await anonymous.GET("/v1/articles", { params: { query: { q: env("NEWSDESK_SEARCH") } } });
if (!found.data?.items.some((item) => item.slug === slug)) fail(`search did not find ${slug}`);
const bySlug = await anonymous.GET("/v1/articles/by-slug/{slug}", { params: { path: { slug } } });
if (!bySlug.data) fail(`read by slug answered ${bySlug.response.status}`);
const liveId = bySlug.data.id;

// Create a draft; its ETag names the version to publish.
const created = await staff.POST("/v1/admin/articles", {
  body: {
    title: `Bài thử client TypeScript ${Math.random().toString(16).slice(2, 8)}`,
    category_id: categoryId,
    summary: "Tạo bằng client sinh từ OpenAPI",
  },
});
if (!created.data) fail(`create answered ${created.response.status}: ${JSON.stringify(created.error)}`);
const draft = created.data;
const draftEtag = created.response.headers.get("ETag");
if (!draftEtag) fail("the created draft has no ETag");

// Publish it, If-Match a typed header parameter of the operation.
const published = await staff.POST("/v1/admin/articles/{article_id}/transitions", {
  params: { path: { article_id: draft.id }, header: { "If-Match": draftEtag } },
  body: { action: "publish" },
});
if (published.data?.status !== "published") {
  fail(`publish answered ${published.response.status}: ${JSON.stringify(published.error)}`);
}

// The draft's ETag is stale now: 412, a typed Problem.
const stale = await staff.POST("/v1/admin/articles/{article_id}/transitions", {
  params: { path: { article_id: draft.id }, header: { "If-Match": draftEtag } },
  body: { action: "unpublish" },
});
const problem: Problem | ValidationProblem | undefined = stale.error;
if (stale.response.status !== 412 || problem?.status !== 412 || !problem.title) {
  fail(`stale ETag answered ${stale.response.status}: ${JSON.stringify(problem)}`);
}

// Bad input (an empty title): 422, a typed ValidationProblem with its field errors.
const invalid = await staff.POST("/v1/admin/articles", { body: { title: "", category_id: categoryId } });
if (
  invalid.response.status !== 422 ||
  !invalid.error ||
  !isValidationProblem(invalid.error) ||
  !invalid.error.errors.some((error) => error.loc.includes("title"))
) {
  fail(`bad input answered ${invalid.response.status}: ${JSON.stringify(invalid.error)}`);
}

// Sync with an API key that has the `sync` scope, page by page with next_cursor.
const key = await staff.POST("/v1/admin/api-keys", {
  body: { name: "Cổng tỉnh (client TypeScript)", scopes: ["sync"] },
});
if (!key.data) fail(`API key answered ${key.response.status}: ${JSON.stringify(key.error)}`);
const integrator = createClient<paths>({ baseUrl, headers: { "X-API-Key": key.data.key } });
const mirror = new Map<number, components["schemas"]["ArticlePublic"]>();
let cursor: string | undefined;
for (;;) {
  const sync = await integrator.GET("/v1/sync", { params: { query: { cursor, limit: 1 } } });
  if (!sync.data) fail(`sync answered ${sync.response.status}: ${JSON.stringify(sync.error)}`);
  for (const item of sync.data.upserted) mirror.set(item.id, item);
  for (const tombstone of sync.data.deleted) mirror.delete(tombstone.id);
  cursor = sync.data.next_cursor;
  if (!sync.data.has_more) break;
}
if (!mirror.has(draft.id) || !mirror.has(liveId)) fail(`sync missed an article: has ${[...mirror.keys()]}`);
console.log(`typescript client: all steps passed (${mirror.size} articles synced)`);
