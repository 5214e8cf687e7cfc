// A small ActivityPub peer built on Fedify, for rookery's interoperability tests.
// One actor, `fed`, follows and is followed, posts, replies, likes and deletes when the
// test asks it to through /_control/*, and records every activity it receives.
// Fedify does the federation: WebFinger, actor documents, HTTP signatures (it knocks
// with RFC 9421 first, then draft-cavage), inbox verification and delivery.
// Usage: node peer.mjs   (prints "listening PORT" once ready; loopback only)

import { configure, getConsoleSink } from "@logtape/logtape";
import { serve } from "@hono/node-server";
import { Temporal } from "@js-temporal/polyfill";
import { createFederation, generateCryptoKeyPair, MemoryKvStore } from "@fedify/fedify";
import {
  Accept, Create, Delete, Endpoints, Follow, Like, Note, Person, PUBLIC_COLLECTION, Tombstone, Undo,
  Announce, Reject, Update,
} from "@fedify/vocab";

// Fedify's own log (warnings and errors) on stderr, to debug a failing test.
await configure({
  sinks: { console: getConsoleSink() },
  loggers: [
    { category: "fedify", sinks: ["console"], lowestLevel: process.env.FEDIFY_LOG ?? "warning" },
    { category: ["logtape", "meta"], sinks: ["console"], lowestLevel: "error" },
  ],
});

const IDENTIFIER = "fed";
const federation = createFederation({
  kv: new MemoryKvStore(),
  // Tests run every server on 127.0.0.1.
  allowPrivateAddress: true,
});
// RSA for HTTP signatures, Ed25519 for Object Integrity Proofs (FEP-8b32), as Fedify
// deployments usually have.
const keyPairs = [
  await generateCryptoKeyPair("RSASSA-PKCS1-v1_5"),
  await generateCryptoKeyPair("Ed25519"),
];
const followers = new Map(); // actor id -> actor object
const notes = new Map(); // note id -> Note
const received = [];
let counter = 0;

federation
  .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
    if (identifier !== IDENTIFIER) return null;
    const keys = await ctx.getActorKeyPairs(identifier);
    return new Person({
      id: ctx.getActorUri(identifier),
      preferredUsername: identifier,
      name: "Fedify peer",
      inbox: ctx.getInboxUri(identifier),
      endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
      followers: ctx.getFollowersUri(identifier),
      publicKey: keys[0].cryptographicKey,
      assertionMethods: keys.map((k) => k.multikey),
    });
  })
  .setKeyPairsDispatcher(async (_ctx, identifier) =>
    identifier === IDENTIFIER ? keyPairs : [])
  .mapHandle((_ctx, username) => (username === IDENTIFIER ? IDENTIFIER : null));

federation.setFollowersDispatcher("/users/{identifier}/followers", async () => ({
  items: [...followers.values()].map((a) => a.id),
}));

federation.setObjectDispatcher(Note, "/notes/{id}", async (ctx, { id }) =>
  notes.get(ctx.getObjectUri(Note, { id }).href) ?? null);

async function record(ctx, activity) {
  const object = await activity.getObject().catch(() => null);
  received.push({
    type: activity.constructor.name,
    id: activity.id?.href ?? null,
    actor: activity.actorId?.href ?? null,
    object: object?.id?.href ?? activity.objectId?.href ?? null,
    objectType: object?.constructor?.name ?? null,
    inReplyTo: object?.replyTargetId?.href ?? null,
    content: object?.content?.toString() ?? null,
  });
  return object;
}

federation
  .setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .on(Follow, async (ctx, follow) => {
    await record(ctx, follow);
    const follower = await follow.getActor();
    if (!follower?.id) return;
    followers.set(follower.id.href, follower);
    await ctx.sendActivity({ identifier: IDENTIFIER }, follower, new Accept({
      id: new URL(`#accept-${++counter}`, ctx.getActorUri(IDENTIFIER)),
      actor: ctx.getActorUri(IDENTIFIER),
      object: follow,
    }));
  })
  .on(Accept, record).on(Reject, record).on(Create, record).on(Update, record)
  .on(Like, record).on(Announce, record).on(Delete, record)
  .on(Undo, async (ctx, undo) => {
    const object = await record(ctx, undo);
    if (object instanceof Follow && undo.actorId) followers.delete(undo.actorId.href);
  });

const json = (value, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });

/** Everyone who must hear about our posts: followers plus extra recipients. */
async function audience(ctx, extra = []) {
  const targets = [...followers.values()];
  for (const uri of extra) {
    const actor = await ctx.lookupObject(uri);
    if (actor && !targets.some((t) => t.id?.href === actor.id?.href)) targets.push(actor);
  }
  return targets;
}

async function control(request, origin) {
  const ctx = federation.createContext(new URL(origin), undefined);
  const path = new URL(request.url).pathname;
  const body = request.method === "POST" ? await request.json() : {};
  const me = ctx.getActorUri(IDENTIFIER);
  switch (path) {
    case "/_control/received":
      return json(received);
    case "/_control/followers":
      return json([...followers.keys()]);
    case "/_control/follow": {
      const target = await ctx.lookupObject(body.actor);
      if (!target?.id) return json({ error: "not found" }, 404);
      await ctx.sendActivity({ identifier: IDENTIFIER }, target, new Follow({
        id: new URL(`#follow-${++counter}`, me), actor: me, object: target.id,
      }));
      return json({ ok: true });
    }
    case "/_control/post": {
      const id = new URL(`/notes/${++counter}`, origin);
      const note = new Note({
        id, attribution: me, content: body.content,
        to: PUBLIC_COLLECTION, cc: ctx.getFollowersUri(IDENTIFIER),
        replyTarget: body.inReplyTo ? new URL(body.inReplyTo) : null,
        published: Temporal.Now.instant(),
      });
      notes.set(id.href, note);
      const recipients = await audience(ctx, body.alsoTo ?? []);
      await ctx.sendActivity({ identifier: IDENTIFIER }, recipients, new Create({
        id: new URL(`${id.href}#create`), actor: me, object: note,
        to: PUBLIC_COLLECTION, cc: ctx.getFollowersUri(IDENTIFIER),
      }));
      return json({ id: id.href });
    }
    case "/_control/like": {
      const author = await ctx.lookupObject(body.author);
      await ctx.sendActivity({ identifier: IDENTIFIER }, author, new Like({
        id: new URL(`#like-${++counter}`, me), actor: me, object: new URL(body.object),
      }));
      return json({ ok: true });
    }
    case "/_control/delete": {
      notes.delete(body.id);
      const recipients = await audience(ctx, body.alsoTo ?? []);
      await ctx.sendActivity({ identifier: IDENTIFIER }, recipients, new Delete({
        id: new URL(`${body.id}#delete`), actor: me,
        object: new Tombstone({ id: new URL(body.id) }),
        to: PUBLIC_COLLECTION,
      }));
      return json({ ok: true });
    }
    default:
      return json({ error: "unknown control" }, 404);
  }
}

serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: async (request) => {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/_control/")) {
      try {
        return await control(request, url.origin);
      } catch (error) {
        return json({ error: String(error?.stack ?? error) }, 500);
      }
    }
    return federation.fetch(request, { contextData: undefined });
  },
}, (info) => console.log(`listening ${info.port}`));
