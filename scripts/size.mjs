#!/usr/bin/env node
// Bundle-size budgets. Each scenario is bundled the way a page loads it
// (minified, code-split) and measured as what the page downloads to work: every
// chunk it imports statically, the lazily loaded strings of ONE language (the
// heavier of French and German; English is always in the static part), and
// the other lazy chunks its elements load (e.g. the feed domain, which only
// `client.feed()` imports). Error sentences, fetched on a page's first error
// only, are reported apart. Each chunk is gzipped on its own, as it travels.
// Bytes are deterministic, so unlike timings this belongs in CI.
import { rollup } from 'rollup';
import { gzipSync, constants } from 'node:zlib';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundlePlugins } from '../rollup.config.js';

const KB = 1024;
/**
 * The read cache and drafts (core/dist/offline/, and idb under them): loaded
 * by a feed (its saved first page), a comment thread, post$ and note$ (a saved
 * post or note) and by a composer (its draft), never by a page that shows
 * none of these.
 */
const OFFLINE_READ = /core\/dist\/offline\/(cache-wiring|read-cache|cache-db|drafts)\.js$|node_modules\/idb\//;
const LOCALE_CHUNK = /(?:^|[./])(fr|de)\.json$/;
const ERROR_STRINGS_CHUNK = /errors\.(en|fr|de)\.json$/;
// The outbox: loaded by the first write (the durable one, IndexedDB and tabs,
// also at once when writes of an earlier visit wait; the memory one where the
// client is not offline-first); reported apart, like error sentences.
const ON_WRITE_CHUNK = /core\/dist\/(offline\/outbox-client|outbox\/memory-outbox)\.js$/;
// The live stream's parts: its SSE parser (loaded when a stream has
// connected) and the coordination of the person's tabs (once the server has
// said who is signed in): after the page's first render; reported apart.
const AFTER_STREAM_CHUNK = /core\/dist\/(offline\/tabs-client|transport\/sse-reader)\.js$/;
// Loaded only when a page asks for it in so many words, never by an element:
// the backend in the browser (createClient({ transport: 'local' }) or
// openLocalTransport()), reported apart like the other lazy chunks a page never loads.
const ON_REQUEST_ONLY_CHUNK = /core\/dist\/transport\/local-backend\.js$/;
// The @ people picker (its code, styles and strings): loaded when someone first
// types @ and a letter in a composer, comment box or note editor, not to show
// a page; reported apart, like the outbox on the first write.
const ON_MENTION_CHUNK = /elements\/dist\/(mentions\/mention-picker\.js|locales\/mention-picker\.(fr|de)\.json)$/;
// The composer's list of files being attached (its code, styles and strings,
// and the client's files API it uploads with): loaded on the first file
// chosen, dropped or pasted in a composer, not to show a page; reported
// apart, like the picker. The uploader it then loads is ON_UPLOAD_CHUNK.
// With it, the files of a knowledge note's editor (its Remove toggles,
// "Attach files" and their strings): loaded when the editor first opens,
// not to show a note.
const ON_ATTACH_CHUNK = /elements\/dist\/(composer\/composer-uploads\.js|knowledge-note\/note-files\.js|locales\/(uploads|note-files)\.(fr|de)\.json)$/;
// A video's poster and captions in that list (the frame picker, the caption
// files): loaded when the first video is added; reported apart (their
// strings are the list's).
const ON_VIDEO_ATTACH_CHUNK = /elements\/dist\/composer\/composer-video\.js$/;

// The person card and its dialog (with their French and German strings):
// loaded when a reader first activates a name or an avatar
// (PersonDialogController), after the page works; reported apart, like the
// outbox on the first write. A page showing <eco-person> itself loads it statically.
const ON_PERSON_CHUNK = /elements\/dist\/(person\/person-dialog(-view)?\.js|locales\/person\.(fr|de)\.json)$/;
// The report dialog (its element, styles, strings and the client's
// moderation calls): loaded when a reader first uses Report on a post, after
// the page works; reported apart, like the person card. A page showing
// <eco-moderation> itself loads it statically.
const ON_REPORT_CHUNK = /(elements\/dist\/(moderation\/report-dialog\.js|locales\/moderation\.(fr|de)\.json))$/;
// The uploader (tus-js-client and its dependencies): loaded by the first
// upload (clientFiles(client).upload), never to show a page; reported apart, like the
// outbox on the first write.
const ON_UPLOAD_CHUNK = /core\/dist\/transport\/tus-upload\.js$/;
// Showing attachments: the addresses of a post's files (with the client's
// files code), loaded with the first post that carries files, and the
// lightbox, when a reader first opens an image; reported apart.
/** A talk-show's question queue (its element, strings and the client's talk-shows domain): loaded by a post only when it is a talk-show. */
const ON_TALK_SHOW_CHUNK = /(elements\/dist\/(talk-show\/(talk-show-(questions|session)|recording-box)\.js|locales\/talk-show\.(fr|de)\.json)|core\/dist\/domain\/talk-shows\.js)$/;
/** A technology-watch item (its element, strings and the client's watch calls): loaded by a post only when it is a `watch` post. */
/** A quoted post's card (its element and strings): loaded by a post only when it quotes another. */
const ON_QUOTE_CHUNK = /elements\/dist\/(quote\/quoted-post\.js|locales\/quote\.(fr|de)\.json)$/;
const ON_WATCH_CHUNK = /(elements\/dist\/(watch\/watch-item\.js|locales\/watch\.(fr|de)\.json)|core\/dist\/watch\.js)$/;
// The feed's virtual list (@lit-labs/virtualizer): loaded once a feed holds
// more than a page or so of posts, before the list turns virtual at 50; a
// reader who stays at the top of the feed never downloads it. Reported apart.
const ON_LONG_FEED_CHUNK = /elements\/dist\/feed\/virtual-list\.js$/;
// A space's classification label (<eco-classification>, its code and styles;
// its sentence is among the reactions' strings): loaded only on a server with
// labels (Me.classification), with the first label shown; a server without
// them never sends it. Reported apart.
const ON_LABELS_CHUNK = /elements\/dist\/(classification\/classification\.js|locales\/classification\.(fr|de)\.json)$/;
/**
 * The composer's talk-show editor (its element, styles and strings): loaded
 * on the first "Schedule a talk-show", not to show a page; reported apart, like
 * the picker. The composer itself carries only its button and the lazy import.
 */
const ON_TALK_SHOW_EDITOR_CHUNK = /elements\/dist\/(talk-show-editor\/talk-show-editor\.js|locales\/talk-show-editor\.(fr|de)\.json)$/;
const ON_FILES_SHOWN_CHUNK = /elements\/dist\/(post\/(attachment-files|lightbox|video)\.js|attachments\/attachments\.js|locales\/(lightbox|video|attachments)\.(fr|de)\.json)$/;
const scenarios = [
  {
    name: 'like-button page (eco-provider + eco-like-button + core)',
    code: "import '@ecotone/elements/provider.js';\nimport '@ecotone/elements/like-button.js';\n",
    // 40 KB from the walking skeleton until the security issue (2026-12-03),
    // the first raise: +140 B for what every page's client must do safely,
    // namely honour Retry-After in the outbox and on the live stream (429),
    // come back at once with a fresh token after stream.expired, and drop a
    // deleted post (post.deleted, client.deletePost). 41 KB until the SSO
    // token lifecycle (2026-12-04, +0.45 KB): <eco-provider>'s token-url
    // (fetched with the page's cookies, kept until shortly before its exp) and
    // getToken, a new token for the same person without a new client, and the
    // transport asking once for a new token after a 401 (requests and stream).
    // Offline-first (issue 15, 2026-12-04) keeps to it: the outbox loads on
    // the first write, the tab coordination (Web Locks, BroadcastChannel,
    // hand-over with Last-Event-ID) once the live stream opens, after the
    // page's first render; both are reported apart. What stays in the client
    // every page downloads: their loaders, the shared stream's status,
    // connection$ and the cache's flag (+0.6 KB), paid for by the live
    // stream's SSE parser (2.3 KB), which now loads when a stream has
    // connected: counts and posts paint without it. Talk-shows' questions are
    // not methods of the client but clientTalkShows(client), which only the
    // question queue imports: this page carries none of it.
    // 42.5 KB with capabilities per space (2026-12-05; 43,395 B, over 42 KB by 387 B):
    // the client's spaceCapabilities$ (what a space offers, live) and setSpaceCapabilities,
    // and the space.capabilities event kept in me().
    // 42.75 KB with the rest of issue 18 (2026-12-05; 43,637 B, over 42.5 KB by
    // 117 B): the client's live moderation for the people who still see hidden
    // content (a post's author and its space's owners keep it with its mark
    // instead of losing it; a hidden note leaves other readers' pages), and
    // client.space(id) for a space's retention. Tried: moving that check into
    // the lazy comments and notes domains made both chunks carry it, and the
    // news and knowledge pages grew by more than this page saved.
    // 42.8 KB (2026-12-06; 43,803 B, over 42.75 KB by 27 B): a class's first
    // render starts only in a slice that has barely begun (EcoElement, every
    // page: the first like button no longer follows the provider's render into
    // one long task).
    budgetBytes: 42.8 * KB,
    // A like button never calls client.feed(), touches a poll, asks for a
    // preview, publishes, pins or acknowledges, so it never loads those domains;
    // nor does it show a connection indicator (client.connection$).
    loadsLazy: (moduleId) => !OFFLINE_READ.test(moduleId) && !/core\/dist\/(offline\/connection|domain\/(feed|polls|previews|notes|comments|announcements|spaces|notifications))\.js$/.test(moduleId),
  },
  {
    // The walking skeleton's whole set (75 KB budget until posts carried
    // polls and link cards); its posts may now carry polls, surveys, link
    // cards, language variants and comments, and its composer may open the
    // poll editor, so those lazy chunks count. Cards inside posts come with their preview: the previews domain
    // (client.preview) is only for standalone cards.
    name: 'news page (eco-provider, eco-feed, eco-post, eco-like-button, eco-composer + core)',
    code: [
      "import '@ecotone/elements/provider.js';",
      "import '@ecotone/elements/feed.js';",
      "import '@ecotone/elements/post.js';",
      "import '@ecotone/elements/like-button.js';",
      "import '@ecotone/elements/composer.js';",
    ].join('\n'),
    // 106 KB until announcements (2026-11-27), which took 6.5 KB: 4.4 KB of
    // elements and strings (the feed's pinned section; the post's pin and
    // scheduled markers, "I have read this" with its count, readers by site
    // and Pin / Unpin; the composer's kind, pin, acknowledgement and schedule
    // choices with their checks; en/fr/de) and 2.2 KB of core (the
    // announcements domain, which publishing now loads; pinned posts in the
    // feed domain; each lazy domain wiring itself, which keeps that code off
    // pages such as the like button's). 111 KB until Markdown parsing was
    // bounded in depth and time (2026-12-03, a security fix: about +1 KB for the
    // bounded tokenizer of core/markdown-bounds.ts and the raw-text fallback).
    // 112 KB until the rest of the security issue (same day, +1.0 KB): Delete
    // with its confirmation in <eco-post>, "former member" next to names,
    // names isolated with dir="auto" and <bdi>, avatars checked before loading,
    // and the client's part listed for the like-button page. 114 KB until the
    // browser side of reads at company scale (2026-12-03, +0.8 KB, 116,455 to
    // 117,270 B): rendering in slices of a task shared by the page (no task
    // over 50 ms while a feed renders, and far fewer at load), the feed's first
    // screen painted as it fills, eco-post's once-per-page costs done ahead,
    // translations kept per client, the virtualiser's resize callbacks in the
    // next frame (no ResizeObserver loop errors while a long feed scrolls).
    // 115 KB until the feed kept the reader's place (2026-12-04, +309 B,
    // 117,591 to 117,900 B): when a page takes the list past 50 posts and it
    // turns virtual, the post read stays where it was instead of the page
    // jumping back to the top (the virtualiser's pin, then followed until
    // the reader scrolls, while the measured heights settle). 116 KB until
    // post extensions (2026-12-04, 118,911 B): <eco-post> renders the element
    // a custom widget registered for a post's extension type in place of the
    // body (registerPostExtension, waiting for the widget to arrive), and the
    // provider turns a failing token-url into a typed error. 117 KB until
    // issue 15 (offline-first, 2026-12-04), in two parts. The persistent
    // read cache and drafts (about +7.5 KB, nearly all lazy: idb 1.4 KB, the
    // cache's storage, policy and wiring about 4 KB, drafts 0.9 KB, the
    // saved-copy notices of the feed and comments in three languages, the
    // composer's draft saving): the feed paints its saved first page at once,
    // threads their saved comments, and the composer restores its draft.
    // Offline-first writes (+2.3 KB): the feed shows the caller's posts
    // waiting in the durable outbox (Sending… / Will be sent when you are
    // back online, Discard), the composer lets go of a post the outbox keeps
    // and brings back one the server refused after it waited (Edit,
    // Discard), their en/fr/de strings, the client's lazy outbox loader. The
    // outbox itself (IndexedDB, Web Locks, BroadcastChannel) loads on the
    // first write and is reported apart.
    // One live stream for all tabs: its coordination (a chunk loaded once
    // the stream opens) is reported apart; +0.3 KB in the client. Comments,
    // votes and reactions refused after a reload come back in their element
    // with Retry/Edit and Discard (+0.8 KB with their strings).
    // 128 KB until issue 16 (2026-12-04, 133 to 134 KB with everything): the
    // client every page downloads gained client.searchPeople(), client.person()
    // and client.notifications() (about 0.2 KB; the notifications domain loads
    // only with a bell); mentions (+1.6 KB): Markdown reads [@Name](mention:id)
    // as a mention, posts show it as a chip with the person's current name, and
    // the composer and the comments recognise an @ being typed and load the
    // people picker then (the picker, 2.9 KB, is reported apart); and every
    // author's name and avatar is a button that opens the person card (+0.4 KB;
    // the card and its dialog are reported apart).
    // 132 KB until attachments (issue 17, 2026-12-05), which took 2.5 KB
    // (133,337 to 136,516 B with the space the budget had left): in <eco-post>,
    // a post's images in a grid whose room is kept before they load, a
    // video's poster button and documents as links, with their strings
    // (+1.2 KB); in <eco-composer>, "Attach files" with its file input,
    // dropping and pasting files, Publish waiting for uploads, the button's
    // strings and the client's canUpload() (+1.2 KB). What is heavy loads on
    // first use and is reported apart: the files' addresses with the first
    // post that has files, the lightbox on the first image opened, the
    // player on the first video played, the composer's list of files on the
    // first file added, the uploader on the first upload.
    // 133.5 KB until files on comments and notes and talk-shows (2026-12-05):
    // the gallery, player button and document links became <eco-attachments>,
    // an element of their own that comments and notes load when they have
    // files, with a string set of its own, still in <eco-post>'s chunk so a
    // post's images keep their room from its first render (+0.3 KB); and
    // <eco-post> shows a talk-show's session (title, hosts, its start in the
    // reader's time zone, upcoming / live now / ended, the stream link) with
    // its strings in three languages (+0.7 KB); the question queue (<eco-talk-show-questions>, its strings and
    // the talk-shows domain) loads with the first talk-show post and is
    // reported apart.
    // Attaching files from the comments (+826 B): the new-comment and reply
    // boxes of <eco-comments> (a chunk this page loads with the first post's
    // comments) offer "Attach files", dropping and pasting for people who
    // may comment (their space's canPublish), Send waiting for uploads and
    // the files sent with the comment (+651 B); the composer's button, drop
    // and paste code became a controller both use (+175 B). The list of
    // files itself still loads with the first file and is reported apart.
    // (135.5 KB in all, 2 KB over the 133.5 KB of the morning, won back the
    // same day: 130.0 KB, 133,090 B.) The feed's virtual list
    // (@lit-labs/virtualizer, 5.5 KB) became a chunk of its own, loaded once a
    // feed holds more than 20 posts and reported apart: a reader who stays on
    // the first page never downloads it (-4.9 KB static, the rest was its
    // layout, already lazy). The talk-show session moved from <eco-post> into
    // <eco-talk-show-session>, loaded with the question queue (-0.6 KB).
    // Scheduling a talk-show from the composer (+369 B, to 133,459 B): the
    // "Schedule a talk-show" button with its strings, the lazy import, the
    // publish mapping and the protocol's talk-show constants and stream-link
    // rule that the editor shares with the page; <eco-talk-show-editor>
    // itself (5.7 KB with its strings) loads on first use and is reported apart.
    // With all of issue 17 in it (133,456 B), the page is back under the
    // 132 KB it had before attachments: the budget goes back there.
    // Issue 18's capabilities in <eco-comments> and a standalone
    // <eco-like-button space> (+0.2 KB): with comments switched off the
    // thread stays readable with no box and no Reply, and a like button
    // follows the space's reaction kinds, live. Raised by half a kilobyte.
    // 133 KB with quotes and the rest of moderation (2026-12-05; 135,766 B,
    // over 132.5 KB by 86 B): <eco-post>'s loader of the quoted post's card
    // (the card itself, 1.9 KB, loads with the first quoting post) and the
    // client's live moderation (see the like-button page).
    // 133.1 KB (2026-12-06; 136,214 B, over 133 KB by 22 B): a class's first
    // render starts only in a slice that has barely begun (EcoElement, every
    // page), and the Markdown parser in a chunk of its own (see the knowledge page).
    // 133.4 KB (2026-12-06; 136,518 B, over 133.1 KB by 224 B): Publish waits
    // from the moment a file is chosen, before the list of uploads has loaded
    // (file-attach-controller.ts), so the three "waits for the files" sentences
    // moved from that lazy list to the composer's own strings, in every language.
    // 133.8 KB (2026-12-06; 136,903 B, over 133.4 KB by 302 B): the feed adds
    // a post once its parts' modules have arrived, and the first poll or talk
    // show starts a slice of its own (EcoPost.modulesFor, bringsNewParts): 4 in
    // 40 intranet loads had a long task from those parts, 0 in 60 after.
    budgetBytes: 133.8 * KB,
    loadsLazy: (moduleId) => !/core\/dist\/domain\/(previews|spaces|notifications)\.js$/.test(moduleId),
  },
  {
    name: 'poll page (eco-provider + eco-poll + core)',
    code: "import '@ecotone/elements/provider.js';\nimport '@ecotone/elements/poll.js';\n",
    // 50.25 KB since the first render waits for ICU's data loaded in steps
    // (2026-12-05; 51,265 B, over 50 KB by 65 B): every page now carries
    // intlWarmUpSteps and aheadOfRendering (about 160 B), which take the
    // 25-30 ms first Intl call out of the first render's task (a long task
    // under Lighthouse); see docs/benchmarks.md, "Page load".
    budgetBytes: 50.25 * KB,
    loadsLazy: (moduleId) => !OFFLINE_READ.test(moduleId) && !/core\/dist\/(offline\/connection|domain\/(feed|previews|notes|comments|announcements|spaces|notifications))\.js$/.test(moduleId),
  },
  {
    name: 'link-card page (eco-provider + eco-link-card + core)',
    code: "import '@ecotone/elements/provider.js';\nimport '@ecotone/elements/link-card.js';\n",
    budgetBytes: 45 * KB,
    loadsLazy: (moduleId) => !OFFLINE_READ.test(moduleId) && !/core\/dist\/(offline\/connection|domain\/(feed|polls|notes|comments|announcements|spaces|notifications))\.js$/.test(moduleId),
  },
  {
    name: 'knowledge page (eco-provider + eco-knowledge-search + eco-knowledge-note + core)',
    code: [
      "import '@ecotone/elements/provider.js';",
      "import '@ecotone/elements/knowledge-search.js';",
      "import '@ecotone/elements/knowledge-note.js';",
    ].join('\n'),
    // Markdown bodies bring marked's lexer (about 15 KB of it). 78 KB until
    // the dark theme (2026-12-04, +240 B, 79,712 to 79,952 B, with 160 B of
    // margin left before it): a dark default beside the light one of each
    // colour token (light-dark()), every element's colour scheme and dark
    // surface, <eco-provider theme>, and the group role of elements that
    // another element renders (landmark-unique). Every page grew about as
    // much (+225 to +285 B); this one alone went over. The provider's typed
    // errors for a failing token-url add 150 B more (same day). 79 KB until
    // the persistent read cache (issue 15, +4.8 KB, to 85,261 B, lazy: idb
    // and the cache's chunks): a note opened by id shows its saved copy at
    // once and offline. 84 KB until issue 16 (2026-12-04): the client's
    // people and notifications methods (see the news page), mention chips in
    // the note's body and the @ people picker's controller in its editor
    // (+1.4 KB), and the note's owner opening their person card (+0.4 KB).
    // Files in the note's editor (2026-12-05) kept to it: about +0.55 KB, to
    // 88,840 B, for the hooks that load them when the editor opens, the
    // protocol's file types that their list of uploads needs (placed in the
    // page's chunk with the other constants) and the "Attach files" strings
    // in French or German; the editor's files themselves (note-files.js,
    // 2.9 KB with their strings) are reported with ON_ATTACH_CHUNK.
    // 87.5 KB with capabilities per space (2026-12-05; 89,330 B, over 87 KB by 242 B):
    // the client's spaceCapabilities$ and setSpaceCapabilities, and the space.capabilities event.
    // 88 KB (2026-12-05, 87.5 KB measured): the note's classification badge hook (+240 B) on top of
    // the capabilities client (+242 B) measured on their branches.
    // 88.75 KB (2026-12-06; 88.6 KB measured, 0.6 KB over): the Markdown
    // parser (marked and core's markdown.ts) became a chunk of its own that
    // a note loads before its first render, out of the task that evaluates
    // the SDK (15 ms of marked building its rules; in paired loads of the
    // intranet page the evaluation fell from a median of 47 ms to 35 ms).
    // Apart, it compresses less well with the rest, and needs its loader.
    budgetBytes: 88.75 * KB,
    // A note shown by id reads the read cache (its saved copy), not the drafts.
    loadsLazy: (moduleId) => !/core\/dist\/offline\/drafts\.js$/.test(moduleId) && !/core\/dist\/(offline\/connection|domain\/(feed|polls|previews|comments|announcements|spaces|notifications))\.js$/.test(moduleId),
  },
  {
    name: 'spaces page (eco-provider + eco-spaces + core)',
    code: "import '@ecotone/elements/provider.js';\nimport '@ecotone/elements/spaces.js';\n",
    // 50.5 KB with capabilities per space (2026-12-05; 51,322 B, over 50 KB by 122 B):
    // the client's spaceCapabilities$ and setSpaceCapabilities, and the space.capabilities event.
    // 50.6 KB (2026-12-06; 51,735 B, over 50.5 KB by 23 B): a class's first
    // render starts only in a slice that has barely begun (EcoElement, every page).
    budgetBytes: 50.6 * KB,
    loadsLazy: (moduleId) => !OFFLINE_READ.test(moduleId) && !/core\/dist\/(offline\/connection|domain\/(feed|polls|previews|notes|comments|announcements|notifications))\.js$/.test(moduleId),
  },
  {
    name: 'bell page (eco-provider + eco-notifications + core)',
    code: "import '@ecotone/elements/provider.js';\nimport '@ecotone/elements/notifications.js';\n",
    // The bell and its count (the notifications domain, loaded at once), and
    // the panel, loaded on first open (the list, the connection state for its
    // offline message). A post or note opened from it loads its own elements
    // then; they are not counted here (the news and knowledge pages hold them).
    // 47.6 KB when it came (issue 16, 2026-12-04, 48,694 B): the client, the
    // bell and its sentences with their English strings, the notifications
    // domain, its French or German strings, and on first open the panel
    // (2.7 KB: list, dialog) with the connection state. The settings'
    // strings are a set of their own, not loaded by the bell.
    budgetBytes: 50 * KB,
    // Its strings, and the reactions' every element registers; the strings of a post or note opened from it load with them.
    loadsLocale: (moduleId) => /locales\/(notifications\.)?(fr|de)\.json$/.test(moduleId),
    // The Markdown parser loads with the first post or note opened, like their elements.
    loadsLazy: (moduleId) =>
      !OFFLINE_READ.test(moduleId) &&
      !/elements\/dist\/(?!notifications\/)/.test(moduleId) &&
      !/core\/dist\/domain\/(?!notifications\.js$)/.test(moduleId) &&
      !/core\/dist\/markdown\.js$/.test(moduleId),
  },
  {
    name: 'audit page (eco-provider + eco-audit-log + core)',
    code: "import '@ecotone/elements/provider.js';\nimport '@ecotone/elements/audit-log.js';\n",
    // The auditors' page: the client, the table with its filters and its
    // en/fr/de strings, and clientAudit (a request, no domain, no store).
    // 45.3 KB when it came (issue 18, 2026-12-05, 46,393 B): the client,
    // the provider, the element (43.1 KB static) and its French or German
    // strings (+2.2 KB); about 1 KB of room.
    // 47 KB (2026-12-05): the audit log's labels of issue 18's new actions (watch, capabilities,
    // moderation, labels, secret reads) in its French or German strings, 46.5 KB measured.
    budgetBytes: 47 * KB,
    loadsLocale: (moduleId) => /locales\/(audit-log\.)?(fr|de)\.json$/.test(moduleId),
    // It shows no post, note or connection state, and loads no domain.
    loadsLazy: (moduleId) => !OFFLINE_READ.test(moduleId) && !/elements\/dist\//.test(moduleId) && !/core\/dist\/(offline\/connection|domain\/)/.test(moduleId),
  },
  {
    name: 'all elements + core',
    code: "import '@ecotone/elements';\n",
    // The union of every element: it grows with each one; pages are held by
    // the budgets above. 118 KB until announcements (+7 KB: see the news page),
    // 123 KB until <eco-spaces> (+6.5 KB: the directory with its join, leave
    // and members panel, the lazily loaded spaces domain, en/fr/de strings),
    // 130 KB until <eco-post-search> (+3 KB: the search box, results with
    // their marked excerpts, en/fr/de strings; it reads through
    // client.request, so the client itself, on every page, did not grow),
    // 133 KB until the security issue's text integrity (+0.3 KB: avatars
    // loaded only from same-origin paths or https, names, titles and options
    // isolated with dir="auto", <bdi> or FSI/PDI in every element).
    // 133 KB until Markdown parsing was bounded (about +1 KB: see the news page).
    // 134 KB until the rest of the security issue (same day, +1.3 KB: see
    // the news page, and the former-member marker of <eco-spaces>).
    // 136 KB until reads at company scale (+0.3 KB: the poll's and survey's
    // loading room, Intl formatters kept per locale, Markdown parsed once per
    // body in a cache shared by every element, the feed's first screen first).
    // 137 KB until the element controllers (2026-12-04, +375 B, 140,179 to
    // 140,554): writes aborted when superseded or when their element leaves
    // the page, with typed errors; focus that waits for the render creating
    // its target; lazily loaded modules shared by the page and retried after
    // a failure; one set of button styles; <eco-knowledge-note> in views.
    // 138 KB until the SSO token lifecycle (2026-12-04, +0.45 KB: see the
    // like-button page) and createClient exported from the SDK module.
    // 139 KB until issue 15, offline-first (2026-12-04): the persistent read
    // cache and drafts (+7.8 KB), offline-first writes (+2.4 KB); see the news page.
    // Then one live stream for all tabs and <eco-connection-status> (+3.0 KB), less the live stream parser now loaded with the stream,
    // and the writes refused after a reload shown in their elements (+1.4 KB).
    // 153 KB until issue 16 (2026-12-04): <eco-notifications>,
    // <eco-notification-list> and <eco-notification-settings> with their
    // en/fr/de strings and the notifications domain (+10 KB), mention chips and
    // the picker's controller (+1.7 KB; the picker is reported apart), and
    // <eco-person> with its dialog and strings, names and avatars that open it (+2.5 KB).
    // 168 KB until attachments (issue 17, 2026-12-05; 171,691 to 174,907 B):
    // a post's images, videos and documents in <eco-post> with their room
    // kept, and their strings, and attaching files in the composer (see the
    // news page); the files' addresses, the lightbox, the player, the
    // composer's list of files and the uploader load on first use and are
    // reported apart. 171.5 KB until talk-shows and attaching files from
    // comments (issue 17, 2026-12-05): <eco-talk-show-questions> (the ask
    // box, votes, the sort toggle, moderators' actions) with its en/fr/de
    // strings and the client's talk-shows, the talk-show session in
    // <eco-post>, and the comments' attach controls (see the news page);
    // back to 171.5 KB the same day (170.9 KB) with the feed's virtual list
    // loaded once a feed is long (see the news page). 172 KB with the
    // talk-show editor of the composer (+0.5 KB here: its button and the
    // protocol's talk-show checks; the editor is a lazy chunk) and the
    // recording of a talk-show added after the session by its author (+0.5
    // KB: the session's check and its strings in three languages; the box
    // itself loads only for the author, after the session). 172.5 KB with
    // the files of the knowledge note's editor (+0.3 KB here: the hooks that
    // load them when the editor opens, the "Attach files" strings; the
    // editor's files themselves are reported with ON_ATTACH_CHUNK): 176,269 B.
    // 178 KB with <eco-audit-log> (issue 18, 2026-12-05; +5,344 B measured
    // on its own branch, 175,459 to 180,803 B): the auditors' table, its
    // filters and states, its en strings (+3.6 KB static, with clientAudit)
    // and its French or German strings (+1.7 KB: a label for each of the
    // action codes); the audit page holds it. 181 KB with
    // <eco-watch-sources> (issue 18, 2026-12-05; +3.8 KB measured on its own
    // branch, 180.3 KB): a space's technology-watch sources with their fetch
    // state, add, remove, OPML import and export, and the explanation when
    // the server fetches nothing, with clientWatch and its en strings (about
    // +2.9 KB static) and its French or German strings (+0.9 KB); the
    // tech-watch page holds it. <eco-watch-item> is not in this bundle: a
    // post loads it with the first watch post (ON_WATCH_CHUNK).
    // With capabilities per space (issue 18 part 4, 2026-12-05; 185,024 B
    // on its branch, over 178 KB by 2,752 B): <eco-space-settings> with its en strings,
    // what <eco-post> and <eco-composer> hide per space, and the client's
    // spaceCapabilities$/setSpaceCapabilities. To be brought back by the lead (a lazy
    // capabilities domain was tried and reverted: its element test hung).
    // With moderation (issue
    // 18, 2026-12-05; +4,013 B measured on its own branch, 182,272 budget to
    // 186,285 B): <eco-moderation> and <eco-report-dialog> with
    // clientModeration and their en strings (+3,335 B; the moderation page
    // holds them, other pages load the dialog on the first Report), and
    // <eco-post>'s Report button, hidden/held notice and strings, the
    // comments domain's handling of content.hidden/restored (+678 B).
    // With <eco-classification> (issue 18, 2026-12-05; +932 B on its branch):
    // a space's label as a banner or a badge, its styles, its contrast colour
    // and its en strings (+0.8 KB, which every other page loads lazily, only
    // on a server with labels), and the feed's, composer's, post's and note's
    // hook that shows it.
    // 190 KB with all four of issue 18's parts merged (2026-12-05: 188.9 KB measured): the
    // sum of the four raises above, measured together. To bring down: a lazy capabilities domain.
    // 190.5 KB with part 6 and the gaps of parts 2-4 closed (2026-12-05; 194,810 B, over
    // by 250 B): retention's line in <eco-space-settings>, capabilities in <eco-comments>
    // and a standalone like button, badges on a poll and comments shown on their own,
    // hidden notes in <eco-knowledge-note>, and the client's live moderation.
    // 191 KB (2026-12-06; 190.8 KB measured): the Markdown parser in a chunk of its
    // own (see the knowledge page).
    // 191.1 KB (2026-12-06; 195,626 B, over by 42 B): the "waits for the files"
    // sentences with the "Attach files" button (see the news page).
    // 191.5 KB (2026-12-06; 195,999 B, over by 313 B): the feed and its
    // posts' parts (see the news page).
    budgetBytes: 191.5 * KB,
    loadsLazy: () => true,
  },
];

const gzipBytes = (code) => gzipSync(code, { level: constants.Z_BEST_COMPRESSION }).length;
const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;

async function measure({ code, loadsLazy, loadsLocale = () => true }, i) {
  const entry = join(process.cwd(), `.size-entry-${i}.js`);
  writeFileSync(entry, code);
  try {
    const bundle = await rollup({ input: entry, plugins: bundlePlugins(), onwarn: () => {} });
    const { output } = await bundle.generate({ format: 'es' });
    await bundle.close();
    const chunks = new Map(output.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
    const main = [...chunks.values()].find((c) => c.isEntry);
    // Static closure of the entry: what the page loads before anything runs.
    const statics = new Set();
    const visit = (name) => {
      if (statics.has(name)) return;
      statics.add(name);
      for (const dep of chunks.get(name).imports) visit(dep);
    };
    visit(main.fileName);
    let staticGz = 0;
    let staticRaw = 0;
    for (const name of statics) {
      staticGz += gzipBytes(chunks.get(name).code);
      staticRaw += Buffer.byteLength(chunks.get(name).code);
    }
    // Lazy chunks: locale strings per language; a lazily loaded module the
    // page's elements load counts in full, with the shared chunks it imports
    // (a shared chunk counts only when something the page loads imports it).
    const perLocale = { fr: 0, de: 0 };
    let otherLazyGz = 0;
    let unusedLazyGz = 0;
    // The largest language's error sentences (English ones load with it).
    let onErrorGz = 0;
    const loadedLazy = new Set();
    const visitLazy = (name) => {
      if (statics.has(name) || loadedLazy.has(name)) return;
      loadedLazy.add(name);
      for (const dep of chunks.get(name).imports) visitLazy(dep);
    };
    for (const [name, chunk] of chunks) {
      const id = chunk.facadeModuleId;
      if (statics.has(name) || !id || ERROR_STRINGS_CHUNK.test(id) || LOCALE_CHUNK.test(id) || ON_WRITE_CHUNK.test(id) || AFTER_STREAM_CHUNK.test(id) || ON_REQUEST_ONLY_CHUNK.test(id) || ON_MENTION_CHUNK.test(id) || ON_ATTACH_CHUNK.test(id) || ON_VIDEO_ATTACH_CHUNK.test(id) || ON_PERSON_CHUNK.test(id) || ON_REPORT_CHUNK.test(id) || ON_UPLOAD_CHUNK.test(id) || ON_FILES_SHOWN_CHUNK.test(id) || ON_TALK_SHOW_CHUNK.test(id) || ON_WATCH_CHUNK.test(id) || ON_QUOTE_CHUNK.test(id) || ON_LONG_FEED_CHUNK.test(id) || ON_TALK_SHOW_EDITOR_CHUNK.test(id) || ON_LABELS_CHUNK.test(id)) continue;
      if (loadsLazy(id)) visitLazy(name);
    }
    // What the first write adds to what the page loaded anyway.
    const onWrite = new Set();
    const visitOnWrite = (name) => {
      if (statics.has(name) || loadedLazy.has(name) || onWrite.has(name)) return;
      onWrite.add(name);
      for (const dep of chunks.get(name).imports) visitOnWrite(dep);
    };
    for (const [name, chunk] of chunks) if (ON_WRITE_CHUNK.test(chunk.facadeModuleId ?? '')) visitOnWrite(name);
    let onWriteGz = 0;
    // What the first upload adds.
    const onUpload = new Set();
    const visitOnUpload = (name) => {
      if (statics.has(name) || loadedLazy.has(name) || onUpload.has(name)) return;
      onUpload.add(name);
      for (const dep of chunks.get(name).imports) visitOnUpload(dep);
    };
    for (const [name, chunk] of chunks) if (ON_UPLOAD_CHUNK.test(chunk.facadeModuleId ?? '')) visitOnUpload(name);
    let onUploadGz = 0;
    // What the first post with files (and the first image opened) adds.
    const onFilesShown = new Set();
    const visitOnFilesShown = (name) => {
      if (statics.has(name) || loadedLazy.has(name) || onFilesShown.has(name) || onUpload.has(name)) return;
      onFilesShown.add(name);
      for (const dep of chunks.get(name).imports) visitOnFilesShown(dep);
    };
    for (const [name, chunk] of chunks) if (ON_FILES_SHOWN_CHUNK.test(chunk.facadeModuleId ?? '')) visitOnFilesShown(name);
    let onFilesShownGz = 0;
    // What a feed's virtual list adds, once the feed is long.
    const onLongFeed = new Set();
    const visitOnLongFeed = (name) => {
      if (statics.has(name) || loadedLazy.has(name) || onLongFeed.has(name)) return;
      onLongFeed.add(name);
      for (const dep of chunks.get(name).imports) visitOnLongFeed(dep);
    };
    for (const [name, chunk] of chunks) if (ON_LONG_FEED_CHUNK.test(chunk.facadeModuleId ?? '')) visitOnLongFeed(name);
    let onLongFeedGz = 0;
    // What the first classification label adds (a server with labels).
    const onLabels = new Set();
    const visitOnLabels = (name) => {
      if (statics.has(name) || loadedLazy.has(name) || onLabels.has(name)) return;
      onLabels.add(name);
      for (const dep of chunks.get(name).imports) visitOnLabels(dep);
    };
    for (const [name, chunk] of chunks) if (ON_LABELS_CHUNK.test(chunk.facadeModuleId ?? '')) visitOnLabels(name);
    let onLabelsGz = 0;
    // What the first talk-show post adds (its question queue, one language's strings).
    const onTalkShow = new Set();
    const visitOnTalkShow = (name) => {
      if (statics.has(name) || loadedLazy.has(name) || onTalkShow.has(name) || onFilesShown.has(name) || onUpload.has(name)) return;
      onTalkShow.add(name);
      for (const dep of chunks.get(name).imports) visitOnTalkShow(dep);
    };
    for (const [name, chunk] of chunks) if (ON_TALK_SHOW_CHUNK.test(chunk.facadeModuleId ?? '') && !LOCALE_CHUNK.test(chunk.facadeModuleId ?? '')) visitOnTalkShow(name);
    let onTalkShowGz = 0;
    let onTalkShowLocaleGz = 0;
    // What the first watch post adds (its item element, one language's strings).
    const onWatch = new Set();
    const visitOnWatch = (name) => {
      if (statics.has(name) || loadedLazy.has(name) || onWatch.has(name) || onTalkShow.has(name) || onFilesShown.has(name) || onUpload.has(name)) return;
      onWatch.add(name);
      for (const dep of chunks.get(name).imports) visitOnWatch(dep);
    };
    for (const [name, chunk] of chunks) if (ON_WATCH_CHUNK.test(chunk.facadeModuleId ?? '') && !LOCALE_CHUNK.test(chunk.facadeModuleId ?? '')) visitOnWatch(name);
    let onWatchGz = 0;
    let onWatchLocaleGz = 0;
    // What the first post that quotes another adds (the quoted card, one language's strings).
    const onQuote = new Set();
    const visitOnQuote = (name) => {
      if (statics.has(name) || loadedLazy.has(name) || onQuote.has(name) || onWatch.has(name) || onTalkShow.has(name) || onFilesShown.has(name) || onUpload.has(name)) return;
      onQuote.add(name);
      for (const dep of chunks.get(name).imports) visitOnQuote(dep);
    };
    for (const [name, chunk] of chunks) if (ON_QUOTE_CHUNK.test(chunk.facadeModuleId ?? '') && !LOCALE_CHUNK.test(chunk.facadeModuleId ?? '')) visitOnQuote(name);
    let onQuoteGz = 0;
    let onQuoteLocaleGz = 0;
    // What the first "Schedule a talk-show" adds (the editor, one language's strings).
    const onTalkShowEditor = new Set();
    const visitOnTalkShowEditor = (name) => {
      if (statics.has(name) || loadedLazy.has(name) || onTalkShowEditor.has(name) || onTalkShow.has(name)) return;
      onTalkShowEditor.add(name);
      for (const dep of chunks.get(name).imports) visitOnTalkShowEditor(dep);
    };
    for (const [name, chunk] of chunks) if (ON_TALK_SHOW_EDITOR_CHUNK.test(chunk.facadeModuleId ?? '') && !LOCALE_CHUNK.test(chunk.facadeModuleId ?? '')) visitOnTalkShowEditor(name);
    let onTalkShowEditorGz = 0;
    let onTalkShowEditorLocaleGz = 0;
    // The heavier of the lightbox's French and German strings.
    let onFilesShownLocaleGz = 0;
    // What the first file added to a composer loads (its list, one language's strings), before the uploader.
    const onAttach = new Set();
    const visitOnAttach = (name) => {
      if (statics.has(name) || loadedLazy.has(name) || onAttach.has(name) || onUpload.has(name)) return;
      onAttach.add(name);
      for (const dep of chunks.get(name).imports) visitOnAttach(dep);
    };
    for (const [name, chunk] of chunks) if (ON_ATTACH_CHUNK.test(chunk.facadeModuleId ?? '') && !LOCALE_CHUNK.test(chunk.facadeModuleId ?? '')) visitOnAttach(name);
    let onAttachGz = 0;
    const onAttachLocale = { fr: 0, de: 0 };
    // What the first video added to that list loads besides.
    const onVideoAttach = new Set();
    const visitOnVideoAttach = (name) => {
      if (statics.has(name) || loadedLazy.has(name) || onAttach.has(name) || onUpload.has(name) || onVideoAttach.has(name)) return;
      onVideoAttach.add(name);
      for (const dep of chunks.get(name).imports) visitOnVideoAttach(dep);
    };
    for (const [name, chunk] of chunks) if (ON_VIDEO_ATTACH_CHUNK.test(chunk.facadeModuleId ?? '')) visitOnVideoAttach(name);
    let onVideoAttachGz = 0;
    // What the tab coordination adds once the stream opens.
    const afterStream = new Set();
    for (const [name, chunk] of chunks) {
      if (AFTER_STREAM_CHUNK.test(chunk.facadeModuleId ?? '') && !statics.has(name) && !loadedLazy.has(name)) afterStream.add(name);
    }
    let afterStreamGz = 0;
    // The picker and the heavier of its French and German strings.
    let onMentionGz = 0;
    const onMentionLocale = { fr: 0, de: 0 };
    // What the first person card adds (one language's strings counted, as for the page).
    const onPerson = new Set();
    const visitOnPerson = (name) => {
      if (statics.has(name) || loadedLazy.has(name) || onPerson.has(name)) return;
      onPerson.add(name);
      for (const dep of chunks.get(name).imports) visitOnPerson(dep);
    };
    for (const [name, chunk] of chunks) if (ON_PERSON_CHUNK.test(chunk.facadeModuleId ?? '') && !LOCALE_CHUNK.test(chunk.facadeModuleId ?? '')) visitOnPerson(name);
    let onPersonGz = 0;
    let onPersonLocaleGz = 0;
    // What the first Report adds (one language's strings counted, as for the page).
    const onReport = new Set();
    const visitOnReport = (name) => {
      if (statics.has(name) || loadedLazy.has(name) || onReport.has(name) || onPerson.has(name)) return;
      onReport.add(name);
      for (const dep of chunks.get(name).imports) visitOnReport(dep);
    };
    for (const [name, chunk] of chunks) if (ON_REPORT_CHUNK.test(chunk.facadeModuleId ?? '') && !LOCALE_CHUNK.test(chunk.facadeModuleId ?? '')) visitOnReport(name);
    let onReportGz = 0;
    let onReportLocaleGz = 0;
    for (const [name, chunk] of chunks) {
      if (statics.has(name)) continue;
      const id = chunk.facadeModuleId ?? '';
      if (ON_REPORT_CHUNK.test(id) && LOCALE_CHUNK.test(id)) {
        onReportLocaleGz = Math.max(onReportLocaleGz, gzipBytes(chunk.code));
        continue;
      }
      if (onReport.has(name)) {
        onReportGz += gzipBytes(chunk.code);
        continue;
      }
      if (ON_PERSON_CHUNK.test(id) && LOCALE_CHUNK.test(id)) {
        onPersonLocaleGz = Math.max(onPersonLocaleGz, gzipBytes(chunk.code));
        continue;
      }
      if (onPerson.has(name)) {
        onPersonGz += gzipBytes(chunk.code);
        continue;
      }
      if (onLongFeed.has(name)) {
        onLongFeedGz += gzipBytes(chunk.code);
        continue;
      }
      if (onLabels.has(name) || ON_LABELS_CHUNK.test(id)) {
        // One language's sentence at most: French and German are a few bytes each.
        onLabelsGz += LOCALE_CHUNK.test(id) && id.endsWith('fr.json') ? 0 : gzipBytes(chunk.code);
        continue;
      }
      const locale = LOCALE_CHUNK.exec(id)?.[1];
      if (ON_TALK_SHOW_CHUNK.test(id) && locale) {
        onTalkShowLocaleGz = Math.max(onTalkShowLocaleGz, gzipBytes(chunk.code));
        continue;
      }
      if (onTalkShow.has(name)) {
        onTalkShowGz += gzipBytes(chunk.code);
        continue;
      }
      if (ON_WATCH_CHUNK.test(id) && locale) {
        onWatchLocaleGz = Math.max(onWatchLocaleGz, gzipBytes(chunk.code));
        continue;
      }
      if (onWatch.has(name)) {
        onWatchGz += gzipBytes(chunk.code);
        continue;
      }
      if (ON_QUOTE_CHUNK.test(id) && locale) {
        onQuoteLocaleGz = Math.max(onQuoteLocaleGz, gzipBytes(chunk.code));
        continue;
      }
      if (onQuote.has(name)) {
        onQuoteGz += gzipBytes(chunk.code);
        continue;
      }
      if (ON_TALK_SHOW_EDITOR_CHUNK.test(id) && locale) {
        onTalkShowEditorLocaleGz = Math.max(onTalkShowEditorLocaleGz, gzipBytes(chunk.code));
        continue;
      }
      if (onTalkShowEditor.has(name)) {
        onTalkShowEditorGz += gzipBytes(chunk.code);
        continue;
      }
      if (ON_FILES_SHOWN_CHUNK.test(id) && locale) {
        onFilesShownLocaleGz = Math.max(onFilesShownLocaleGz, gzipBytes(chunk.code));
        continue;
      }
      if (ON_ATTACH_CHUNK.test(id) && locale) {
        onAttachLocale[locale] += gzipBytes(chunk.code);
        continue;
      }
      if (onAttach.has(name)) {
        onAttachGz += gzipBytes(chunk.code);
        continue;
      }
      if (onVideoAttach.has(name)) {
        onVideoAttachGz += gzipBytes(chunk.code);
        continue;
      }
      if (ON_MENTION_CHUNK.test(id)) {
        if (locale) onMentionLocale[locale] += gzipBytes(chunk.code);
        else onMentionGz += gzipBytes(chunk.code);
      } else if (ERROR_STRINGS_CHUNK.test(id)) onErrorGz = Math.max(onErrorGz, gzipBytes(chunk.code));
      else if (locale) perLocale[locale] += loadsLocale(id) ? gzipBytes(chunk.code) : 0;
      else if (loadedLazy.has(name)) otherLazyGz += gzipBytes(chunk.code);
      else if (onWrite.has(name)) onWriteGz += gzipBytes(chunk.code);
      else if (onUpload.has(name)) onUploadGz += gzipBytes(chunk.code);
      else if (onFilesShown.has(name)) onFilesShownGz += gzipBytes(chunk.code);
      else if (afterStream.has(name)) afterStreamGz += gzipBytes(chunk.code);
      else unusedLazyGz += gzipBytes(chunk.code);
    }
    const oneLocaleGz = Math.max(perLocale.fr, perLocale.de);
    onMentionGz += Math.max(onMentionLocale.fr, onMentionLocale.de);
    if (onAttachGz) onAttachGz += Math.max(onAttachLocale.fr, onAttachLocale.de);
    return {
      staticGz, staticRaw, oneLocaleGz, otherLazyGz, onLongFeedGz, onLabelsGz, unusedLazyGz, onErrorGz, onWriteGz, afterStreamGz, onMentionGz, onUploadGz, onAttachGz, onVideoAttachGz,
      onFilesShownGz: onFilesShownGz + onFilesShownLocaleGz,
      onTalkShowGz: onTalkShowGz + (onTalkShowGz ? onTalkShowLocaleGz : 0),
      onWatchGz: onWatchGz + (onWatchGz ? onWatchLocaleGz : 0),
      onQuoteGz: onQuoteGz + (onQuoteGz ? onQuoteLocaleGz : 0),
      onTalkShowEditorGz: onTalkShowEditorGz + (onTalkShowEditorGz ? onTalkShowEditorLocaleGz : 0),
      onPersonGz: onPersonGz + (onPersonGz ? onPersonLocaleGz : 0),
      onReportGz: onReportGz + (onReportGz ? onReportLocaleGz : 0),
      totalGz: staticGz + oneLocaleGz + otherLazyGz,
    };
  } finally {
    rmSync(entry, { force: true });
  }
}

let failed = false;
for (const [i, s] of scenarios.entries()) {
  const m = await measure(s, i);
  const ok = m.totalGz <= s.budgetBytes;
  if (process.env.SIZE_DEBUG) console.log(`  ${m.totalGz} bytes of ${s.budgetBytes}`);
  failed ||= !ok;
  console.log(
    `${ok ? 'ok  ' : 'OVER'} ${s.name}: ${kb(m.totalGz)} gzip, budget ${kb(s.budgetBytes)}` +
      ` (static ${kb(m.staticGz)} gzip / ${kb(m.staticRaw)} minified, + ${kb(m.oneLocaleGz)} for French or German strings` +
      (m.otherLazyGz ? `, + ${kb(m.otherLazyGz)} lazy chunks it loads` : '') +
      (m.unusedLazyGz ? `; ${kb(m.unusedLazyGz)} of lazy chunks it never loads not counted` : '') +
      (m.onErrorGz ? `; error sentences, on first error: + ${kb(m.onErrorGz)} per language` : '') +
      (m.onWriteGz ? `; outbox chunks, on first write (memory or durable): + ${kb(m.onWriteGz)}` : '') +
      (m.afterStreamGz ? `; live stream parser and tab coordination, once the stream opens: + ${kb(m.afterStreamGz)}` : '') +
      (m.onLongFeedGz ? `; the feed's virtual list, once a feed holds more than 20 posts: + ${kb(m.onLongFeedGz)}` : '') +
      (m.onLabelsGz ? `; the classification label, on a server with labels: + ${kb(m.onLabelsGz)}` : '') +
      (m.onMentionGz ? `; the @ people picker, on the first @ typed: + ${kb(m.onMentionGz)}` : '') +
      (m.onFilesShownGz ? `; files of posts and the lightbox, on the first post with files: + ${kb(m.onFilesShownGz)}` : '') +
      (m.onTalkShowGz ? `; a talk-show's question queue, on the first talk-show post: + ${kb(m.onTalkShowGz)}` : '') +
      (m.onWatchGz ? `; a technology-watch item and its triage, on the first watch post: + ${kb(m.onWatchGz)}` : '') +
      (m.onQuoteGz ? `; a quoted post's card, on the first post that quotes another: + ${kb(m.onQuoteGz)}` : '') +
      (m.onTalkShowEditorGz ? `; the composer's talk-show editor, on the first "Schedule a talk-show": + ${kb(m.onTalkShowEditorGz)}` : '') +
      (m.onAttachGz ? `; the composer's attachments list, on the first file added (and a note editor's files, when it opens): + ${kb(m.onAttachGz)}` : '') +
      (m.onVideoAttachGz ? `; a video's poster and captions in it, on the first video added: + ${kb(m.onVideoAttachGz)}` : '') +
      (m.onUploadGz ? `; the uploader, on the first upload: + ${kb(m.onUploadGz)}` : '') +
      (m.onPersonGz ? `; person card, on the first name or avatar activated: + ${kb(m.onPersonGz)}` : '') +
      (m.onReportGz ? `; the report dialog, on the first Report: + ${kb(m.onReportGz)}` : '') +
      ')',
  );
}
if (failed) {
  console.error('Bundle budget exceeded.');
  process.exit(1);
}
