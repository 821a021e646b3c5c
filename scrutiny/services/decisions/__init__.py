"""Decisions: the decision list from minutes, the executive's forward plan of key decisions with
its clear-days notice, decision records, call-in and their reminders.
"""
