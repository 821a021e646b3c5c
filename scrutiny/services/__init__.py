"""Domain logic, grouped by area (views stay thin and call these).

- `core`: Cross-cutting plumbing every area uses: the one clock, domain errors and version
  checks, the audit trail, the mail outbox, text cleaning, working days, segmented pagination,
  and who may see exempt (Part 2) content.
- `people`: People and bodies: user accounts, posts and who holds them, committees and their
  memberships.
- `files`: Files in and out: uploaded report documents and their safety checks, PDF and
  spreadsheet writers, text extraction, Word report templates.
- `meetings`: Meetings and agendas: scheduling, the open agenda and its publication deadline,
  agenda items, the agenda pack, and the meetings calendar feed.
- `minutes`: Minutes: numbering per municipal year, attendance, minutes and their outcome parts,
  and the minutes document.
- `programme`: The work programme and task-and-finish groups: rows by section, attaching the
  programme to an agenda, and its exports.
- `recommendations`: Recommendations to the executive: submission in sets, the statutory
  response deadline, responses, the tracker and its exports.
- `actions`: Actions wherever they come from: creation, dues as councils write them, revisions
  of due dates, progress updates and RAG, the tracker, and the lines carried onto the next
  agenda.
- `plans`: Service plans: priorities and their actions, import from spreadsheets, export, key
  performance indicators, highlight reports and executive summaries.
- `decisions`: Decisions: the decision list from minutes, the executive's forward plan of key
  decisions with its clear-days notice, decision records, call-in and their reminders.
- `reports`: The scrutiny annual report to full council: figures drafted from the records, its
  outline and its Word document.
- `public`: What the public can follow: search, feeds, email alerts and the OParl API.
- `jobs`: The scheduler's work: reminders, the roll-over of overdue work onto the next agenda,
  notifications and the daily digest.
- `home`: Home pages as work queues, one per role, counted in SQL.
"""
