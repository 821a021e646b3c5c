"""Minutes: numbering per municipal year, attendance, minutes and their outcome parts, and the
minutes document.
"""
