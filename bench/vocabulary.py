"""The words the seeded FAQ is written with: a CRM vendor answering its customers about GDPR.

Titles and paragraphs are put together from these pools, so that ten thousand entries read like
an FAQ (and search like one) without repeating one text. Two words are kept out of every pool and
placed on purpose: COMMON_TERM in a large share of entries and RARE_TERM in a handful, so that the
benchmark searches for a word with thousands of matches and one with a few.
"""

from __future__ import annotations

COMMON_TERM = "spreadsheet"
RARE_TERM = "kestrel"

CATEGORIES = [
    ("our-commitments", "Our GDPR commitments", "What we promise and the roles we play."),
    ("contacts-and-consent", "Your contacts and consent", "Keeping and emailing contacts."),
    ("deletion-and-requests", "Deletion and individual requests", "Erasure and access requests."),
    ("security-and-breaches", "Security and breaches", "How data is protected."),
    ("storage-and-retention", "Where and how long data is kept", "Regions, backups, retention."),
    ("marketing-and-campaigns", "Marketing and campaigns", "Lists, campaigns and tracking."),
    ("integrations-and-exports", "Integrations and exports", "Connected tools, imports, exports."),
    ("accounts-and-users", "Accounts and users", "Users, roles and sign-in records."),
    ("billing-and-contracts", "Billing and contracts", "Invoices, contracts and the DPA."),
    ("support-and-troubleshooting", "Support and troubleshooting", "Files and access in support."),
]

ACTIONS = [
    "export", "delete", "archive", "anonymise", "import", "share", "restore", "redact", "merge",
    "transfer", "encrypt", "audit", "correct", "review", "retain", "synchronise", "pseudonymise",
    "print", "forward", "back up", "migrate", "tag", "segment", "score", "deduplicate",
]  # fmt: skip

THINGS = [
    "contact notes", "call recordings", "email attachments", "deal history", "invoice records",
    "lead scores", "web form submissions", "support tickets", "calendar entries", "custom fields",
    "marketing lists", "unsubscribe records", "sign-in logs", "backup copies", "API tokens",
    "duplicate contacts", "event attendee lists", "survey answers", "phone numbers",
    "postal addresses", "meeting transcripts", "quote documents", "website visit data",
    "job titles", "birthday fields", "complaint records", "consent timestamps", "audit entries",
    "shared inboxes", "mobile app caches", "scanned business cards", "bounce reports",
]  # fmt: skip

CONTEXTS = [
    "after a contract ends", "for a former employee", "in a sandbox account",
    "from a connected mailbox", "for contacts in the EU", "during a free trial",
    "on the mobile app", "after a company merger", "for a closed deal", "when a user leaves",
    "for children's data", "across several workspaces", "for a reseller's clients",
    "in the reporting module", "before a data migration", "after a failed payment",
    "for prospects who never replied", "in a regulated industry", "for a charity's donors",
    "when an account is suspended", "for health-related notes", "in a shared team view",
]  # fmt: skip

EVENTS = [
    "a customer closes their account", "a contact asks to be forgotten", "a user is removed",
    "a subscription lapses", "a workspace is renamed", "an integration is disconnected",
    "a breach is suspected", "a sub-processor changes", "a backup is restored",
    "a contact objects to profiling", "an import fails halfway", "a trial expires",
]  # fmt: skip

RULES = [
    "the UK GDPR", "the EU GDPR", "the Data Protection Act 2018", "PECR",
    "our data processing agreement", "the standard contractual clauses",
    "the UK international data transfer addendum", "our terms of service",
]  # fmt: skip

TITLES = [
    "How do we {action} {thing} {context}?",
    "Can Quillstone {action} {thing} {context}?",
    "What happens to {thing} when {event}?",
    "Do we need consent to {action} {thing}?",
    "Who can see {thing} {context}?",
    "How long are {thing} kept {context}?",
    "Are {thing} covered by {rule}?",
    "Should we {action} {thing} when {event}?",
]

HEADINGS = [
    "What the law asks", "What Quillstone does", "What you need to do", "Where to find it",
    "Who is responsible", "How long it takes", "Exceptions", "Keeping a record",
    "If something goes wrong", "Backups and copies", "Telling the people concerned",
    "Settings to check", "Limits", "Related questions",
]  # fmt: skip

SENTENCES = [
    "Under {rule}, {thing} are personal data whenever they relate to someone who can be "
    "identified, directly or indirectly.",
    "You decide why {thing} are collected; we only {action} them on your documented instructions.",
    "Administrators can {action} {thing} from the settings page, and every change is written "
    "to the audit log.",
    "When {event}, {thing} stay in the live system for 30 days and are then removed for good.",
    "We keep encrypted backups for up to 35 days, so a copy of {thing} may survive that long "
    "after you {action} them.",
    "If you {action} {thing} {context}, tell the people concerned what changed and why.",
    "Our support team never opens {thing} unless you grant access for a single ticket.",
    "Access to {thing} follows the roles you give users, and a read-only role sees no exports.",
    "Some fields, such as {thing}, may reveal more than they seem, so collect them only when "
    "you need them.",
    "Before you {action} {thing}, check whether a retention duty, such as tax records, applies.",
    "The reporting module shows {thing} in aggregate only, without names or addresses.",
    "Data stored {context} is held in our UK region and is not copied elsewhere.",
    "A contact's objection to marketing also covers {thing} that were collected for campaigns.",
    "We answer questions about {thing} within two working days, and faster during a breach.",
    "Processing {thing} {context} may need a data protection impact assessment first.",
    "Sub-processors that handle {thing} are bound by terms at least as strong as ours.",
    "Encrypting {thing} at rest is on by default and cannot be switched off.",
    "You can {action} {thing} in bulk, but a single record is easier to check afterwards.",
    "The legitimate interests test weighs your need for {thing} against the person's expectations.",
    "Keep a note of the lawful basis you rely on for {thing}; an auditor will ask for it.",
]

COMMON_SENTENCES = [
    "Many customers keep a " + COMMON_TERM + " of {thing} outside Quillstone; it is personal "
    "data too and needs the same care.",
    "An exported " + COMMON_TERM + " of {thing} leaves our controls, so store it somewhere "
    "protected and delete it when the job is done.",
    "Importing {thing} from a " + COMMON_TERM + " keeps a copy of the file for seven days, then "
    "removes it.",
    "Do not email a " + COMMON_TERM + " of {thing} to us; share it through a support ticket "
    "instead.",
]

RARE_SENTENCES = [
    "The " + RARE_TERM.capitalize() + " connector, retired in 2023, copied {thing} to a "
    "separate store that was erased when it closed.",
    "Customers who used the " + RARE_TERM.capitalize() + " importer should check that {thing} "
    "it created were deleted.",
]

LIST_ITEMS = [
    "the date you {action} {thing}", "who asked for it and why", "which copies were reached",
    "the lawful basis for {thing}", "any exception you relied on", "when you told the person",
    "the ticket or request reference", "which integrations hold {thing}",
]  # fmt: skip

EDIT_SUMMARIES = [
    "Added a paragraph on {thing} and how long they are kept.",
    "Explained what to do when {event}.",
    "Updated for {rule} and the new retention setting.",
    "Clarified who can {action} {thing}.",
]

EDITORIAL_SUMMARIES = [
    "Fixed a typo; the guidance is unchanged.",
    "Tidied the wording of one paragraph; the meaning is unchanged.",
]

FIRST_SUMMARIES = [
    "First published.",
    "New answer about {thing}.",
    "Answered a question customers often ask about {thing}.",
]

TABLE_HEADER = "| Data | Kept for | Then |\n| --- | --- | --- |"
TABLE_PERIODS = ["30 days", "90 days", "12 months", "6 years", "the life of the contract"]
TABLE_ENDINGS = ["erased", "anonymised", "archived and then erased", "returned to you"]
