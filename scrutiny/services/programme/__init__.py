"""The work programme and task-and-finish groups: rows by section, attaching the programme to an
agenda, and its exports.
"""
