"""Cross-cutting plumbing every area uses: the one clock, domain errors and version checks, the
audit trail, the mail outbox, text cleaning, working days, segmented pagination, and who may see
exempt (Part 2) content.
"""
