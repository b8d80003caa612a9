#!/usr/bin/env python3
"""Writes Tests/MemoryTests/Fixtures/retrieval-set.json: the labelled
retrieval set of the memory tests (documents, queries, relevant ids).

The corpus is an imaginary company's knowledge base: runbooks, incident
notes, FAQ entries and policies over overlapping vocabulary. Each query has
two relevant documents written to need different signals:
  - a long runbook that uses the query's exact (rare) term among much else:
    full text finds it first, vector similarity is diluted by its length;
  - a short note that says the same with other word forms (rotation for
    rotate, invoices for invoice) and shares the common words: vectors (which
    see character 3-grams) find it, exact-word full text ranks it low.
Around them sit distractors: notes that use the rare term in another sense
(full text likes them), and notes full of the query's common words about
something else (vectors like them). Hybrid retrieval should find both
relevant documents more often than either signal alone.
Deterministic: the same script writes the same file.
"""
import json, os, random, re

rng = random.Random(20261129)

# Words every part of the knowledge base uses.
COMMON = ["customer", "server", "error", "update", "data", "request", "team", "service", "account", "report",
          "access", "settings", "user", "network", "storage", "release", "schedule", "budget", "policy", "timeout"]

# query, rare term, its other form, specific words (runbook only), three common words,
# runbook sentence (all query words), note (other forms + the common words, none of the rare or specific words)
SPECS = [
    ("rotate payment tokens for the customer service account", "rotate", "rotation", ["payment", "tokens"], ["customer", "service", "account"],
     "To rotate payment tokens, issue the new tokens first, deploy them to the customer service account, then revoke the old payment credentials.",
     "Token rotation for payments runs every ninety days; the customer service account picks up new credentials without a restart."),
    ("invoice shows the wrong tax for a customer account after the update", "invoice", "invoices", ["tax", "wrong"], ["customer", "account", "update"],
     "If an invoice shows the wrong tax, check the tax region on the customer account, then regenerate the invoice after the update.",
     "Invoices with taxes calculated wrongly usually follow an update to the billing region of a customer account."),
    ("replica lag makes the storage report stale for each user", "replica", "replicas", ["lag", "stale"], ["storage", "report", "user"],
     "When the replica lag grows, every storage report a user opens is stale until the replica catches up.",
     "Replicas lagging behind the primary cause staleness in the storage report that each user sees."),
    ("throttle bursts of request traffic from one user on the network", "throttle", "throttling", ["bursts", "traffic"], ["request", "user", "network"],
     "We throttle bursts of request traffic from one user at the network edge: more than one hundred a minute gets status 429.",
     "Throttling: a user whose request rate shows a burst is slowed at the network edge for a minute."),
    ("deploy the release candidate to staging without a network error", "deploy", "deployment", ["candidate", "staging"], ["release", "network", "error"],
     "To deploy the release candidate to staging, tag the build, run the pipeline and watch for any network error on the staging dashboards.",
     "Deployment of candidates goes to a stage environment first; a release is held back on any network error."),
    ("encrypt customer data in cloud storage", "encrypt", "encryption", ["cloud"], ["customer", "data", "storage"],
     "We encrypt customer data at rest in cloud storage with per-bucket keys from the key management service.",
     "Encryption at rest covers every customer data set in our clouds; storage keys differ per environment."),
    ("migrate user settings to the new schema before the release", "migrate", "migration", ["schema"], ["user", "settings", "release"],
     "To migrate user settings to the new schema before the release, run the backfill in batches and keep the old columns.",
     "The settings migration moves every user preference into the schemas of the next release."),
    ("maintenance window on the schedule for the customer team", "maintenance", "maintaining", ["window"], ["schedule", "customer", "team"],
     "Each maintenance window goes on the shared schedule a week ahead, and the customer team announces it.",
     "Maintaining systems safely: the customer team publishes a schedule of planned downtime windows."),
    ("quarterly budget approval for the data team", "quarterly", "quarter", ["approval"], ["budget", "data", "team"],
     "The quarterly budget of the data team gets approval from finance in the first week after the quarter closes.",
     "Each quarter the data team submits its budget and finance approves it."),
    ("password reset email fails with an error for the user account", "password", "passwords", ["reset", "email"], ["user", "account", "error"],
     "When a password reset email fails with an error, confirm the user account address is verified and check the outbound email log.",
     "Passwords: if resetting fails for a user account, support sees the error and resends the mails."),
    ("restore deleted account data from backup storage", "restore", "restoring", ["deleted", "backup"], ["account", "data", "storage"],
     "To restore a deleted account, find the backup in storage that still holds its data and restore only that account's rows.",
     "Restoring accounts: data removed by deleting an account comes back from backups in storage for thirty days."),
    ("certificate expired on the balancer so the network shows a server error", "certificate", "certificates", ["expired", "balancer"], ["network", "server", "error"],
     "An expired certificate on the load balancer makes every server behind it return a network error over https; renew it and reload the balancer.",
     "Certificates on balancers renew automatically, but when one expires the network gives a server error until it is replaced."),
    ("export job hits a timeout on a large report request", "export", "exporting", ["job", "large"], ["timeout", "report", "request"],
     "When the export job hits a timeout on a large report, split the request by month; the export then runs one month per job.",
     "Exporting a huge report can exceed the request timeout, so big ranges are processed in parts by several jobs."),
    ("onboard a new engineer to the team on-call schedule with access", "onboard", "onboarding", ["engineer", "call"], ["team", "schedule", "access"],
     "To onboard a new engineer to the on-call schedule, give them pager access and pair them with a senior engineer of the team for two shifts.",
     "Onboarding for the pager rota: engineers get access and shadow the team through two shifts on the schedule."),
    ("refund a duplicate charge when the customer account files a request", "refund", "refunds", ["duplicate", "charge"], ["customer", "account", "request"],
     "To refund a duplicate charge, open the customer account payment history, pick the second charge and refund it when the request is confirmed.",
     "Refunds for charges made twice (duplicates) go back to the customer account within five days of the request."),
    ("cache invalidation after a price update to the service data", "invalidation", "invalidate", ["cache", "price"], ["update", "service", "data"],
     "Cache invalidation after a price update is done by the pricing service: it publishes the changed data keys and every cache drops them.",
     "Invalidate cached entries whenever prices update, or the service keeps serving old data."),
    ("webhook delivery fails with a timeout error on the request", "webhook", "webhooks", ["delivery", "fails"], ["timeout", "error", "request"],
     "A webhook delivery that fails with a timeout error is retried five times; after that the request is parked for manual replay.",
     "Webhooks hitting a timeout are retried with backoff: each request is delivered up to five times before an error is recorded."),
    ("audit log of admin access changes required by policy for every user", "audit", "auditing", ["log", "admin"], ["access", "user", "policy"],
     "Every admin access change is written to the audit log with the user who made it, as the security policy requires.",
     "Auditing administrator rights: access changes of each user are logged and kept a year, per policy."),
    ("configure single sign on for an enterprise account with user access", "sign", "signing", ["single", "enterprise", "configure"], ["account", "user", "access"],
     "To configure single sign on, the enterprise account admin uploads identity provider metadata and maps user groups to access roles.",
     "Signing in once for enterprises: the account uses the identity provider of the company and each user gets access by group."),
    ("compress old log files so the server storage report stays small", "compress", "compression", ["old", "log", "files"], ["server", "storage", "report"],
     "A nightly job will compress old log files on each server, which keeps the storage report about eighty percent smaller.",
     "Compression of older logging output: every server packs it weekly, and the storage report shrinks."),
    ("scale the worker pool before the holiday release to keep request timeout low", "scale", "scaling", ["worker", "pool", "holiday"], ["release", "request", "timeout"],
     "Before the holiday release we scale the worker pool to twice its size so request latency stays below the timeout.",
     "Scaling workers for holidays: pools grow automatically during a release so no request hits a timeout."),
    ("translate the help center into spanish for every user with the team before the release", "translate", "translation", ["help", "center", "spanish"], ["user", "release", "team"],
     "To translate the help center into spanish before the release, the team exports the articles, sends them to the agency, and imports the files for every user.",
     "Translation of helpful articles for every user in Spain is done by an agency; the team reviews it before a release."),
    ("vacation policy for new employees on the team schedule", "vacation", "vacations", ["employees", "new"], ["policy", "team", "schedule"],
     "The vacation policy gives new employees twenty days per year, accrued monthly, and each team keeps a shared schedule of absences.",
     "Vacations: every employee earns days monthly; the policy asks each team to keep a schedule."),
    ("reimburse travel expenses from the team budget with a report", "reimburse", "reimbursement", ["travel", "expenses"], ["team", "budget", "report"],
     "To reimburse travel expenses, attach receipts to an expense report within thirty days; the amount comes from the team budget.",
     "Reimbursement of a trip: each expense is filed in a report and charged to the team budget."),
    ("monitor memory of the search cluster and report each server error", "monitor", "monitoring", ["memory", "cluster", "search"], ["server", "report", "error"],
     "We monitor memory on the search cluster per server and report an error when any node stays above ninety percent.",
     "Monitoring for searching nodes: a server that stays hot raises an error in the weekly report."),
    ("archive closed customer tickets to cold storage with their data", "archive", "archiving", ["closed", "tickets", "cold"], ["customer", "storage", "data"],
     "Closed customer tickets older than a year move to the archive in cold storage; their data stays searchable but read-only.",
     "Archiving support history: each customer ticket is kept for a year, then its data moves to colder storage."),
    ("upgrade the postgres version on the primary server on the release schedule", "upgrade", "upgrading", ["postgres", "version", "primary"], ["server", "release", "schedule"],
     "To upgrade the postgres version on the primary server, fail over to the standby, upgrade it, and fail back in the window on the release schedule.",
     "Upgrading PostgreSQL: each change of major versions on a server is rehearsed and put on the release schedule."),
    ("notify every customer about a service outage on the network", "notify", "notification", ["outage"], ["customer", "service", "network"],
     "During a network or service outage we notify every customer on the status page within fifteen minutes.",
     "Outages: a notification goes to each customer as soon as a service or network incident is confirmed."),
    ("limit the upload file size of each user request before storage", "upload", "uploads", ["limit", "file", "size"], ["user", "request", "storage"],
     "Each user may upload a file of at most twenty megabytes; the size limit is checked on the request before anything reaches storage.",
     "Uploads bigger than the allowed sizes are rejected on the request, so no user files reach storage."),
    ("verify merchant identity documents for the account under the data policy", "verify", "verification", ["merchant", "identity", "documents"], ["account", "data", "policy"],
     "We verify merchant identity with government documents and a bank statement before the account is paid, as the data policy requires.",
     "Merchants' verification: identification papers for each account are checked under the data policy."),
    ("benchmark query latency before every release with a timeout report", "benchmark", "benchmarking", ["query", "latency"], ["release", "timeout", "report"],
     "We benchmark query latency before every release and block it with a report if the median regresses or a timeout appears.",
     "Benchmarking: each release runs the queries suite; latencies and any timeout go into a report."),
    ("renew the domain registration before it lapses under the account policy of the team", "renew", "renewal", ["domain", "registration", "lapses"], ["account", "policy", "team"],
     "Renew the domain registration a month before it lapses; the registrar account belongs to the platform team under the naming policy.",
     "Domains get a yearly renewal by the team, so the account never lets a name lapse, per policy."),
]

# Sentences any document may contain: the everyday vocabulary that makes the common words common.
GENERAL = [
    "The team reviewed the service settings after the last release.",
    "Each customer account has an owner on the support team.",
    "A request that fails with an error is logged with its user id.",
    "The weekly report covers storage, network and server costs.",
    "Changes to access rights follow the security policy.",
    "Any update to the schedule is shared in the team channel.",
    "The budget for this work was set at the start of the year.",
    "Data from the old system was checked twice before the switch.",
    "If a timeout happens, the client retries the request once.",
    "The release notes list every user facing change.",
    "Server dashboards show error rates for each service.",
    "Customer feedback is collected in a shared report.",
    "Network changes need a second reviewer from the team.",
    "Storage costs are reviewed with finance every month.",
    "The policy applies to every account, including internal ones.",
]

# Sentences with none of the common words: what long documents are padded with.
NEUTRAL = [
    "The meeting ran long and several items moved to next week.",
    "Questions go to the channel named in the handbook.",
    "This page was last edited after the spring offsite.",
    "Write down what you tried before asking anyone.",
    "Nobody objected when the draft was circulated.",
    "A short summary sits at the top of every page.",
    "Links in this page point to the internal wiki.",
    "The owners of this page change every six months.",
    "Decisions recorded here were agreed in the planning session.",
    "Screenshots were removed because they went out of date.",
    "Older versions of this page are in the history tab.",
    "Diagrams are drawn with the shared whiteboard tool.",
    "Acronyms are explained in the glossary.",
    "The checklist was simplified after feedback from recent hires.",
    "Most steps take a few minutes each.",
    "Please keep the wording short and plain.",
    "Earlier drafts of this page were longer and harder to follow.",
    "If something here looks odd, say so in the comments.",
    "The first section gives the background, the second the steps.",
    "Several people helped to write and check these notes.",
    "Nothing on this page is secret, but do not paste it outside.",
    "A printed copy is kept in the binder by the door.",
    "Times on this page are given in the local time zone.",
    "The examples use made-up names and numbers.",
    "This was reviewed by two people before it went live.",
    "Ask before you change the order of the sections.",
    "The steps below assume you have finished the setup guide.",
    "Some of the terms here have a precise meaning in the glossary.",
    "Each section ends with a short list of common mistakes.",
    "The next revision is planned for the autumn.",
]
for sentence in NEUTRAL:
    assert not set(re.findall(r"[a-z0-9]+", sentence.lower())) & (set(COMMON) | {x[1] for x in SPECS} | {w for x in SPECS for w in x[3]}), sentence

OTHER_SENSE = [  # the rare term in a sentence about something else
    "In the design meeting, {r} came up only as an example in a slide about naming.",
    "The word {r} appears in the title of an old page that nobody maintains.",
    "A quiz at the offsite asked people to spell {r} backwards.",
    "The intern's notes mention {r} once, next to a doodle.",
    "Someone proposed {r} as the name of the new meeting room.",
    "The glossary has an entry for {r} that points to an external article.",
    "During the hackathon one project was nicknamed {r} for fun.",
    "A newsletter headline used {r} as a pun.",
]

COMMON_ABOUT_ELSE = [  # two of the query's common words about something unrelated
    "For the office move, {a} and {b} questions go to facilities.",
    "The quiz at the offsite had rounds on {a} and {b}.",
    "Our style guide capitalises {a} and {b} only in titles.",
    "The {a} and {b} spreadsheet is kept for historical reasons.",
    "Lunch talk: {a} and {b} trivia.",
    "The {a} {b} poster in the kitchen is from last year.",
]


def words(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def pad(sentences, bank, count):
    picks = rng.sample(bank, count)
    out = list(sentences)
    for p in picks:
        out.insert(rng.randrange(len(out) + 1), p)
    return " ".join(out)


documents = []
queries = []


def add(doc_id, title, text, kind):
    documents.append({"id": doc_id, "title": title, "text": text, "kind": kind})


STOP = {"a", "an", "the", "of", "for", "to", "on", "in", "with", "so", "and", "before", "after", "each", "every", "when",
        "it", "its", "their", "from", "under", "by", "one", "into", "about", "a", "is", "at", "there", "how", "do", "we"}
RARE = {spec[1] for spec in SPECS}

for n, (query, rare, variant, specific, commons, runbook, note) in enumerate(SPECS, start=1):
    qid = f"q{n:02d}"
    qwords = set(words(query)) - STOP
    assert qwords <= {rare, *specific, *commons} | {"new", "shows", "makes", "one", "hits", "files", "fails", "changes", "required",
                                                   "keep", "stays", "small", "low", "without", "large", "lapses", "every", "under", "on", "call"}, (qid, qwords - {rare, *specific, *commons})
    for w in [rare, *specific, *commons]:
        assert w in words(query), (qid, "query lacks", w)
        assert w in words(runbook), (qid, "runbook lacks", w)
    assert variant in words(note), (qid, "note lacks", variant)
    for w in commons:
        assert w in words(note), (qid, "note lacks common", w)
    for w in [rare, *specific]:
        assert w not in words(note), (qid, "note has", w)
    assert all(c in COMMON for c in commons), (qid, commons)
    a = f"d{n:02d}a"
    b = f"d{n:02d}b"
    add(a, f"Runbook RB-{100 + n}", pad([runbook], NEUTRAL, 22), "runbook")
    add(b, f"Note on {variant}", note, "note")
    for i, template in enumerate(rng.sample(OTHER_SENSE, 5)):
        text = pad([template.format(r=rare)], NEUTRAL, 2)
        assert not set(words(text)) & set(commons), (qid, "other-sense doc has common words")
        add(f"d{n:02d}t{i}", f"Page {n}.{i}", text, "other_sense")
    for i, template in enumerate(rng.sample(COMMON_ABOUT_ELSE, 4)):
        a_, b_ = rng.sample(commons, 2)
        text = template.format(a=a_, b=b_)
        assert not set(words(text)) & (RARE | set(specific)), (qid, "common-words doc has", set(words(text)) & (RARE | set(specific)))
        add(f"d{n:02d}v{i}", f"Memo {n}.{i}", text, "common_words")
    queries.append({"id": qid, "query": query, "relevant": [a, b]})

# Everyday status notes: they make the common words common, as in any real knowledge base.
for i in range(80):
    add(f"s{i:02d}", f"Status update {i + 1}", " ".join(rng.sample(GENERAL, 3)), "status")

# A few documents in Chinese, for CJK handling (not labelled).
for i, text in enumerate([
    "机器学习模型的训练数据需要定期更新，以免模型过时。",
    "数据库备份每天凌晨两点执行，保留三十天。",
    "新员工入职第一周需要完成安全培训。",
]):
    add(f"zh{i}", f"中文文档 {i}", text, "cjk")

rng.shuffle(documents)
out = {
    "description": "Labelled retrieval set for Memory tests; generated by scripts/make-retrieval-set.py (do not edit by hand).",
    "documents": documents,
    "queries": queries,
}
path = os.path.join(os.path.dirname(__file__), "..", "Tests", "MemoryTests", "Fixtures", "retrieval-set.json")
with open(path, "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
    f.write("\n")
print(f"{len(documents)} documents, {len(queries)} queries -> {os.path.normpath(path)}")
