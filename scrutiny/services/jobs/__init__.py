"""The scheduler's work: reminders, the roll-over of overdue work onto the next agenda,
notifications and the daily digest.
"""
