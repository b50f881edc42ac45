// A real SCIM 2.0 service provider (scimmy + scimmy-routers) for IgaBot's connector tests.
// Test-only: state lives in memory and starts empty; tests seed users and groups with SCIM POSTs.
//
//   node server.js [port] [token]     (or PORT / SCIM_TOKEN in the environment)
//
// Port 0 picks a free port. The first line on stdout is "listening on http://127.0.0.1:PORT",
// which is how the test fixture learns the port. SCIM lives under /scim/v2.
//
// Test hooks (same bearer token as SCIM):
//   POST /__test/throttle {"count": N, "retryAfter": S}   the next N SCIM requests answer 429
//                                                         with "Retry-After: S"
//   GET  /__test/requests                                 the SCIM requests seen so far
//
// Users carry the enterprise extension (department, manager), and GET /Users pages with startIndex and count.
import {randomUUID} from "node:crypto";
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

const port = Number(process.argv[2] ?? process.env.PORT ?? 0);
const token = process.argv[3] ?? process.env.SCIM_TOKEN ?? "test-token";

const users = new Map();
const groups = new Map();
const seen = [];
let throttle = {count: 0, retryAfter: 1};

const scimError = (status, scimType, detail) => new SCIMMY.Types.Error(status, scimType, detail);

function store(map, resource, instance, unique) {
    const clash = [...map.values()].find(r => r[unique] === instance[unique] && r.id !== resource.id);
    if (clash) throw scimError(409, "uniqueness", `${unique} '${instance[unique]}' is already taken`);
    if (resource.id && !map.has(resource.id)) throw scimError(404, null, `Resource ${resource.id} not found`);

    const id = resource.id ?? randomUUID();
    const now = new Date().toISOString();
    const record = {...JSON.parse(JSON.stringify(instance)), id, meta: {created: map.get(id)?.meta?.created ?? now, lastModified: now}};
    map.set(id, record);
    return record;
}

function read(map, resource) {
    if (resource.id) {
        const found = map.get(resource.id);
        if (!found) throw scimError(404, null, `Resource ${resource.id} not found`);
        return found;
    }
    const all = [...map.values()];
    return resource.filter ? resource.filter.match(all) : all;
}

function dispose(map, resource) {
    if (!map.delete(resource.id)) throw scimError(404, null, `Resource ${resource.id} not found`);
}

// The enterprise extension (department, manager) that directory sync tests read.
SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false))
    .ingress((resource, instance) => store(users, resource, instance, "userName"))
    .egress(resource => read(users, resource))
    .degress(resource => dispose(users, resource));

SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .ingress((resource, instance) => {
        // Like a real provider: a member must be a user that exists.
        for (const member of instance.members ?? []) {
            if (!users.has(member.value)) throw scimError(400, "invalidValue", `No user with id '${member.value}'`);
        }
        // scimmy's filter evaluation trips over a group without a members attribute.
        const data = JSON.parse(JSON.stringify(instance));
        return store(groups, resource, {...data, members: data.members ?? []}, "displayName");
    })
    .egress(resource => read(groups, resource))
    .degress(resource => dispose(groups, resource));

const app = express();
const bearer = req => req.header("Authorization") === `Bearer ${token}`;

app.use(express.json({type: ["application/json", "application/scim+json"]}));

app.post("/__test/throttle", (req, res) => {
    if (!bearer(req)) return res.status(401).end();
    throttle = {count: Number(req.body?.count ?? 1), retryAfter: Number(req.body?.retryAfter ?? 1)};
    res.status(204).end();
});

app.get("/__test/requests", (req, res) => {
    if (!bearer(req)) return res.status(401).end();
    res.json(seen);
});

app.use("/scim/v2", (req, res, next) => {
    seen.push({method: req.method, path: req.originalUrl, at: new Date().toISOString(), body: req.body ?? null});
    if (throttle.count > 0) {
        throttle.count--;
        res.set("Retry-After", String(throttle.retryAfter));
        return res.status(429).type("application/scim+json")
            .send({schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "429", detail: "Too many requests"});
    }
    next();
});

// RFC 7644 §3.4.2.4 paging of GET /Users (scimmy answers every user at once): startIndex is 1-based, count the page size.
app.get("/scim/v2/Users", (req, res, next) => {
    const startIndex = Math.max(Number.parseInt(req.query.startIndex ?? "1") || 1, 1);
    const count = req.query.count === undefined ? undefined : Math.max(Number.parseInt(req.query.count) || 0, 0);
    if (count === undefined && startIndex === 1) return next();
    const send = res.send.bind(res);
    res.send = body => {
        const list = typeof body === "string" ? JSON.parse(body) : JSON.parse(JSON.stringify(body));
        if (Array.isArray(list?.Resources)) {
            list.Resources = list.Resources.slice(startIndex - 1, count === undefined ? undefined : startIndex - 1 + count);
            list.startIndex = startIndex;
            list.itemsPerPage = list.Resources.length;
        }
        res.type("application/scim+json");
        return send(JSON.stringify(list));
    };
    next();
});

app.use("/scim/v2", new SCIMMYRouters({
    type: "bearer",
    docUri: "https://example.invalid/igabot-test-scim",
    handler: req => {
        if (!bearer(req)) throw new Error("Bearer token missing or wrong");
        return "igabot-tests";
    },
}));

// The fixture sets this so that the server never outlives a test run that died.
if (process.env.IGABOT_SCIM_EXIT_WITH_STDIN === "1") {
    process.stdin.on("end", () => process.exit(0));
    process.stdin.resume();
}

const server = app.listen(port, "127.0.0.1", () => {
    console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
